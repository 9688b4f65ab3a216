import "server-only";
import { env } from "../../env";
import { clearOAuthCookie } from "./oauth-state";

/** How a Gmail connect attempt ended, as /settings?gmail=<outcome> shows it. */
export const GMAIL_OUTCOMES = {
  connected: "Gmail is connected. The agent reads and sends purchase-order mail through it.",
  denied: "Gmail was not connected: access was not allowed on Google's page.",
  state:
    "Gmail was not connected: the sign-in link expired or came from another session. Start again from this page.",
  scopes:
    "Gmail was not connected: allow both reading and sending mail on Google's page, then try again.",
  failed: "Gmail was not connected: Google did not complete the sign-in. Try again in a moment.",
  not_configured: "Gmail is not configured on this server.",
  no_keys: "The server needs MAIL_TOKEN_KEYS to store mailbox credentials.",
} as const;

export type GmailOutcome = keyof typeof GMAIL_OUTCOMES;

export function isGmailOutcome(value: unknown): value is GmailOutcome {
  return typeof value === "string" && Object.hasOwn(GMAIL_OUTCOMES, value);
}

/** Back to Settings with the outcome; the flow's state cookie is cleared on the way. */
export function settingsRedirect(outcome: GmailOutcome): Response {
  const location = new URL(`/settings?gmail=${outcome}`, env().web.BETTER_AUTH_URL);
  return new Response(null, {
    status: 303,
    headers: {
      location: location.href,
      "set-cookie": clearOAuthCookie(),
      "cache-control": "no-store",
    },
  });
}
