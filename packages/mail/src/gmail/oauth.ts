import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { type Credentials, OAuth2Client } from "google-auth-library";
import { MailboxAuthError } from "../errors.js";
import { classifyGmailError, PROVIDER } from "./errors.js";

/** Read mail and send as the merchant; nothing else (no modify, no delete). */
export const GMAIL_SCOPES = [
  "https://www.googleapis.com/auth/gmail.readonly",
  "https://www.googleapis.com/auth/gmail.send",
] as const;

export interface GmailOAuthClientOptions {
  readonly clientId: string;
  readonly clientSecret?: string;
  readonly redirectUri?: string;
  /** The token endpoint (tests point it at a local server). */
  readonly tokenUrl?: string;
  /** The consent page base (tests, or a proxy). */
  readonly authBaseUrl?: string;
}

/** An OAuth2 client for Gmail, with the endpoints overridable. */
export function createGmailOAuthClient(options: GmailOAuthClientOptions): OAuth2Client {
  return new OAuth2Client({
    clientId: options.clientId,
    ...(options.clientSecret !== undefined ? { clientSecret: options.clientSecret } : {}),
    ...(options.redirectUri !== undefined ? { redirectUri: options.redirectUri } : {}),
    endpoints: {
      ...(options.tokenUrl !== undefined ? { oauth2TokenUrl: options.tokenUrl } : {}),
      ...(options.authBaseUrl !== undefined ? { oauth2AuthBaseUrl: options.authBaseUrl } : {}),
    },
  });
}

export interface GmailConsentUrlOptions {
  readonly clientId: string;
  readonly redirectUri: string;
  /** From `createOAuthState`, kept in the user's session (an HttpOnly cookie) until the callback. */
  readonly state: string;
  /** Pre-selects the account on Google's page. */
  readonly loginHint?: string;
  readonly authBaseUrl?: string;
}

/**
 * The Google consent page URL. `access_type=offline` + `prompt=consent` so Google returns a
 * refresh token every time, including when the merchant reconnects after a revoke.
 */
export function gmailConsentUrl(options: GmailConsentUrlOptions): string {
  const client = createGmailOAuthClient({
    clientId: options.clientId,
    redirectUri: options.redirectUri,
    ...(options.authBaseUrl !== undefined ? { authBaseUrl: options.authBaseUrl } : {}),
  });
  return client.generateAuthUrl({
    access_type: "offline",
    prompt: "consent",
    scope: [...GMAIL_SCOPES],
    state: options.state,
    include_granted_scopes: true,
    ...(options.loginHint !== undefined ? { login_hint: options.loginHint } : {}),
  });
}

/** A fresh unguessable `state` for the consent flow (256 bits, base64url). */
export function createOAuthState(): string {
  return randomBytes(32).toString("base64url");
}

/** Compares the callback's `state` with the session's in constant time; false when either is missing. */
export function verifyOAuthState(
  expected: string | null | undefined,
  got: string | null | undefined,
): boolean {
  if (!expected || !got) return false;
  // Digests first, so strings of different lengths compare in constant time too.
  const a = createHash("sha256").update(expected, "utf8").digest();
  const b = createHash("sha256").update(got, "utf8").digest();
  return timingSafeEqual(a, b);
}

export interface ExchangeCodeOptions {
  readonly code: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri: string;
  readonly tokenUrl?: string;
}

export interface GmailTokens {
  /** Store this one, encrypted (`createTokenCipher`). */
  readonly refreshToken: string;
  readonly accessToken?: string;
  /** Epoch ms. */
  readonly expiresAt?: number;
  /** The scopes granted, which may be fewer than asked for. */
  readonly scopes: readonly string[];
}

/**
 * Exchanges the callback's code for tokens.
 * @throws MailboxAuthError when the code is invalid or reused, no refresh token came back, or
 *   the merchant did not grant both scopes
 * @throws MailboxError for a token endpoint that is down or refuses the client
 */
export async function exchangeCode(options: ExchangeCodeOptions): Promise<GmailTokens> {
  const client = createGmailOAuthClient(options);
  let tokens: Credentials;
  try {
    ({ tokens } = await client.getToken({ code: options.code, redirect_uri: options.redirectUri }));
  } catch (error) {
    throw classifyGmailError("oauth.exchangeCode", error).error;
  }
  const scopes = (tokens.scope ?? "").split(/\s+/).filter((scope) => scope !== "");
  const missing = GMAIL_SCOPES.filter((scope) => scopes.length > 0 && !scopes.includes(scope));
  if (missing.length > 0) {
    throw new MailboxAuthError(
      PROVIDER,
      `The merchant did not grant ${missing.join(", ")}: reconnect and allow reading and sending mail`,
      "insufficient_scope",
    );
  }
  if (!tokens.refresh_token) {
    throw new MailboxAuthError(
      PROVIDER,
      "Google returned no refresh token: start the consent flow again (prompt=consent, access_type=offline)",
      "no_refresh_token",
    );
  }
  return {
    refreshToken: tokens.refresh_token,
    ...(tokens.access_token ? { accessToken: tokens.access_token } : {}),
    ...(typeof tokens.expiry_date === "number" ? { expiresAt: tokens.expiry_date } : {}),
    scopes,
  };
}
