import { getGmailConnection } from "@po-pro/db";
import { gmailConsentUrl } from "@po-pro/mail/gmail";
import { merchantOfRequest } from "../../../../server/auth/session";
import { gmailOAuthConfig, mailboxCipher } from "../../../../server/mailbox/credentials";
import { startOAuthState } from "../../../../server/mailbox/oauth-state";
import { settingsRedirect } from "../../../../server/mailbox/settings-redirect";
import { getServices } from "../../../../server/services";

/** Starts "Connect Gmail": a fresh state in an HttpOnly cookie, then Google's consent page. */
export async function GET(request: Request): Promise<Response> {
  const me = await merchantOfRequest(request);
  if (me === undefined) return Response.redirect(new URL("/sign-in", request.url), 303);
  const config = gmailOAuthConfig();
  if (config === undefined) return settingsRedirect("not_configured");
  if (mailboxCipher() === undefined) return settingsRedirect("no_keys");
  const { db } = await getServices();
  // Reconnecting: Google preselects the account that was connected.
  const current = await getGmailConnection(db, me.merchantId);
  const { state, cookie } = startOAuthState(me.merchantId);
  const consent = gmailConsentUrl({
    clientId: config.clientId,
    redirectUri: config.redirectUri,
    state,
    ...(current !== undefined ? { loginHint: current.emailAddress } : {}),
    ...(config.authBaseUrl !== undefined ? { authBaseUrl: config.authBaseUrl } : {}),
  });
  return new Response(null, {
    status: 303,
    headers: { location: consent, "set-cookie": cookie, "cache-control": "no-store" },
  });
}
