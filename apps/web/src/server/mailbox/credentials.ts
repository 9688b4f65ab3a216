/**
 * What the server needs to hold mailbox credentials: the token cipher (MAIL_TOKEN_KEYS) and, for
 * Gmail, the OAuth client. Each is optional: Settings says which one is missing instead of failing.
 */
import "server-only";
import { createTokenCipher, type TokenCipher } from "@po-pro/mail/secrets";
import { env } from "../../env";

/** The cipher for stored mailbox secrets, or undefined when MAIL_TOKEN_KEYS is not set. */
export function mailboxCipher(): TokenCipher | undefined {
  const keys = env().mail.MAIL_TOKEN_KEYS;
  return keys === undefined || keys.length === 0 ? undefined : createTokenCipher(keys);
}

export interface GmailOAuthConfig {
  clientId: string;
  clientSecret: string;
  /** Where Google sends the merchant back: this server's callback route. */
  redirectUri: string;
  tokenUrl?: string;
  authBaseUrl?: string;
  revokeUrl: string;
  /** The Gmail API root, for reading the connected address. */
  gmailApiUrl?: string;
}

/** The Gmail OAuth client, or undefined when GOOGLE_CLIENT_ID/SECRET are not set. */
export function gmailOAuthConfig(): GmailOAuthConfig | undefined {
  const { web } = env();
  if (web.GOOGLE_CLIENT_ID === undefined || web.GOOGLE_CLIENT_SECRET === undefined) {
    return undefined;
  }
  return {
    clientId: web.GOOGLE_CLIENT_ID,
    clientSecret: web.GOOGLE_CLIENT_SECRET,
    redirectUri: new URL("/api/gmail/callback", web.BETTER_AUTH_URL).href,
    ...(web.GOOGLE_TOKEN_URL !== undefined ? { tokenUrl: web.GOOGLE_TOKEN_URL } : {}),
    ...(web.GOOGLE_AUTH_URL !== undefined ? { authBaseUrl: web.GOOGLE_AUTH_URL } : {}),
    revokeUrl: web.GOOGLE_REVOKE_URL ?? "https://oauth2.googleapis.com/revoke",
    ...(web.GMAIL_API_URL !== undefined ? { gmailApiUrl: web.GMAIL_API_URL } : {}),
  };
}

/** Why Settings cannot connect a mailbox on this server, in one sentence; undefined when it can. */
export function gmailUnavailableReason(): string | undefined {
  if (gmailOAuthConfig() === undefined) return "Gmail is not configured on this server.";
  return credentialsUnavailableReason();
}

export function credentialsUnavailableReason(): string | undefined {
  return mailboxCipher() === undefined
    ? "The server needs MAIL_TOKEN_KEYS to store mailbox credentials."
    : undefined;
}
