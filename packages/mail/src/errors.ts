/**
 * Typed mailbox failures, each telling the worker what to do: re-authorise, wait, retry, or
 * look at the message by hand. `provider` and `code` name where it came from.
 */
export type MailboxErrorKind =
  | "auth" // the merchant must reconnect (revoked or expired grant, wrong password)
  | "rate_limited" // wait `retryAfterMs`, then retry
  | "unavailable" // the provider failed (5xx, connection): retry with backoff
  | "not_found"
  | "invalid_request"
  | "parse"; // the message could not be read; it stays stored and escalates

export class MailboxError extends Error {
  override readonly name: string = "MailboxError";
  constructor(
    readonly kind: MailboxErrorKind,
    readonly provider: string,
    message: string,
    readonly code?: string | number,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get retryable(): boolean {
    return this.kind === "rate_limited" || this.kind === "unavailable";
  }
}

/** The merchant must reconnect the mailbox: the connection becomes `needs_reauth`. */
export class MailboxAuthError extends MailboxError {
  override readonly name = "MailboxAuthError";
  constructor(
    provider: string,
    message: string,
    code?: string | number,
    options?: { cause?: unknown },
  ) {
    super("auth", provider, message, code, undefined, options);
  }
}
