/** The two calls to Google the dashboard makes itself: read the connected address, revoke a grant. */
import "server-only";
import { MailboxError } from "@po-pro/mail";
import { createGmailMailbox, createGmailOAuthClient, type GmailTokens } from "@po-pro/mail/gmail";
import type { GmailOAuthConfig } from "./credentials";

const TIMEOUT_MS = 15_000;

/** The Gmail address the merchant just granted access to (the Gmail profile's). */
export async function gmailAddressOf(config: GmailOAuthConfig, tokens: GmailTokens) {
  const client = createGmailOAuthClient({
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    ...(config.tokenUrl !== undefined ? { tokenUrl: config.tokenUrl } : {}),
  });
  client.setCredentials({
    refresh_token: tokens.refreshToken,
    ...(tokens.accessToken !== undefined ? { access_token: tokens.accessToken } : {}),
    ...(tokens.expiresAt !== undefined ? { expiry_date: tokens.expiresAt } : {}),
  });
  const mailbox = createGmailMailbox({
    auth: client,
    ...(config.gmailApiUrl !== undefined ? { rootUrl: config.gmailApiUrl } : {}),
    retry: { maxRetries: 1 },
    timeoutMs: TIMEOUT_MS,
    breadcrumbs: false,
    reportAuthFailure: () => {},
  });
  return (await mailbox.identity()).address;
}

/**
 * Revokes a refresh token at Google's revoke endpoint (which ends the whole grant). A token Google
 * no longer knows (already revoked, expired) counts as revoked.
 * @throws MailboxError unavailable when Google could not be reached or failed
 */
export async function revokeGoogleToken(config: GmailOAuthConfig, token: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(config.revokeUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new MailboxError(
      "unavailable",
      "gmail",
      `Google's revoke endpoint: ${String(error)}`,
      undefined,
      undefined,
      {
        cause: error,
      },
    );
  }
  if (response.ok) return;
  const body = (await response.json().catch(() => ({}))) as { error?: unknown };
  if (response.status === 400 && body.error === "invalid_token") return;
  throw new MailboxError(
    "unavailable",
    "gmail",
    `Google's revoke endpoint answered HTTP ${response.status}`,
    response.status,
  );
}
