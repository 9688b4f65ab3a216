/**
 * The Gmail consent flow's state, kept between /api/gmail/connect and /api/gmail/callback in an
 * HttpOnly cookie scoped to the callback path. It names the merchant who started the flow and is
 * signed with the auth secret, so a callback completes only for that merchant's session.
 */
import "server-only";
import { createHmac } from "node:crypto";
import type { MerchantId } from "@po-pro/db";
import { createOAuthState, verifyOAuthState } from "@po-pro/mail/gmail";
import { env } from "../../env";

export const OAUTH_COOKIE = "po_pro_gmail_oauth";
export const CALLBACK_PATH = "/api/gmail/callback";
/** Long enough to sign in to Google and choose an account. */
const MAX_AGE_S = 600;

function sign(state: string, merchantId: string): string {
  return createHmac("sha256", env().web.BETTER_AUTH_SECRET)
    .update(`gmail-oauth.${state}.${merchantId}`)
    .digest("base64url");
}

/** A fresh state for `merchantId`, and the Set-Cookie header that keeps it. */
export function startOAuthState(merchantId: MerchantId): { state: string; cookie: string } {
  const state = createOAuthState();
  const value = `${state}.${merchantId}.${sign(state, merchantId)}`;
  return { state, cookie: cookieHeader(value, MAX_AGE_S) };
}

/** Clears the cookie: a state is used once, whatever the outcome. */
export function clearOAuthCookie(): string {
  return cookieHeader("", 0);
}

function cookieHeader(value: string, maxAge: number): string {
  const secure = new URL(env().web.BETTER_AUTH_URL).protocol === "https:" ? "; Secure" : "";
  return `${OAUTH_COOKIE}=${value}; Path=${CALLBACK_PATH}; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure}`;
}

function cookieValue(request: Request): string | undefined {
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === OAUTH_COOKIE) return rest.join("=");
  }
  return undefined;
}

/**
 * True when the callback's `state` is the one this browser was given (compared in constant time)
 * for this same merchant, and the cookie is ours (signature).
 */
export function callbackStateMatches(
  request: Request,
  state: string | null,
  merchantId: MerchantId,
): boolean {
  const [expected, owner, signature] = (cookieValue(request) ?? "").split(".");
  if (expected === undefined || owner === undefined || signature === undefined) return false;
  const signedOk = verifyOAuthState(sign(expected, owner), signature);
  const stateOk = verifyOAuthState(expected, state);
  return signedOk && stateOk && owner === merchantId;
}
