import { setTimeout as sleep } from "node:timers/promises";
import type { MailboxError } from "../errors.js";
import { classifyGmailError, type GmailFailure } from "./errors.js";

export interface GmailRetryOptions {
  /** Retries after the first attempt. */
  readonly maxRetries: number;
  /** Exponential backoff with jitter: base, doubled per retry, capped at maxDelayMs. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the call fails `rate_limited` at once. */
  readonly maxRetryAfterMs: number;
}

export const GMAIL_RETRY_DEFAULTS: GmailRetryOptions = Object.freeze({
  maxRetries: 3,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 30_000,
});

export interface AttemptHooks {
  /** Called for each failed attempt, before deciding to retry. */
  onFailure(failure: GmailFailure, attempt: number, willRetry: boolean, delayMs: number): void;
}

function backoff(options: GmailRetryOptions, failure: GmailFailure, attempt: number): number {
  return retryDelayMs(options, attempt, failure.retryAfterMs);
}

/** The wait before retry number `attempt` (1-based): Retry-After when given, else backoff. */
export function retryDelayMs(
  options: GmailRetryOptions,
  attempt: number,
  retryAfterMs?: number,
): number {
  if (retryAfterMs !== undefined) return retryAfterMs;
  const exponential = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  // Equal jitter: half fixed, half random, so parallel workers spread out.
  return exponential / 2 + (Math.random() * exponential) / 2;
}

/**
 * Runs one Gmail call with retries on rate limits and transient failures. `retryTransient`
 * false (sending) retries only refusals the server made before acting (429, rate-limit 403):
 * after a 5xx the message may have gone out, so the outbox checks `findSent` instead.
 * @throws MailboxError the classified failure once retries are spent
 */
export async function withGmailRetry<T>(
  operation: string,
  options: GmailRetryOptions,
  call: () => Promise<T>,
  hooks: AttemptHooks,
  retryTransient = true,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (thrown) {
      const failure = classifyGmailError(operation, thrown);
      const refused = failure.error.kind === "rate_limited";
      const delayMs = backoff(options, failure, attempt);
      const willRetry =
        failure.transient &&
        (refused || retryTransient) &&
        attempt <= options.maxRetries &&
        delayMs <= options.maxRetryAfterMs;
      hooks.onFailure(failure, attempt, willRetry, delayMs);
      if (!willRetry) throw failure.error satisfies MailboxError;
      await sleep(delayMs);
    }
  }
}
