/** Why a stored token could not be encrypted or decrypted, so the operator knows what to fix. */
export type TokenCipherErrorKind =
  | "missing_key" // MAIL_TOKEN_KEYS is unset or empty
  | "unknown_key" // the ciphertext names a key id that is no longer configured
  | "wrong_key" // the auth tag failed: another key under the same id, or altered ciphertext
  | "malformed"; // not a `v1.<keyId>.<iv>.<tag>.<data>` string

export class TokenCipherError extends Error {
  override readonly name = "TokenCipherError";
  constructor(
    readonly kind: TokenCipherErrorKind,
    message: string,
    /** The key id involved, when there is one (never key material). */
    readonly keyId?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
