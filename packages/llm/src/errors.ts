import Anthropic from "@anthropic-ai/sdk";
import { TaskCancelledError } from "cockatiel";
import OpenAI from "openai";
import type { AttemptOutcome, AttemptRecord } from "./types.js";

/** One failed provider call, classified once so retry, breaker and reports agree. */
export class ProviderCallError extends Error {
  override readonly name = "ProviderCallError";
  constructor(
    readonly provider: string,
    readonly model: string,
    readonly outcome: AttemptOutcome,
    readonly retryable: boolean,
    message: string,
    readonly status?: number,
    /** What the provider asked us to wait (retry-after-ms / retry-after), uncapped. */
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** Authentication and permission failures are configuration, not outages. */
  get isConfigurationProblem(): boolean {
    return this.outcome === "authentication" || this.outcome === "permission";
  }
}

/**
 * A provider rejected our credentials or permissions: someone has to fix configuration
 * (key, model access, organisation). Reported as such, and the chain falls back at once.
 */
export class ProviderConfigurationError extends Error {
  override readonly name = "ProviderConfigurationError";
  constructor(
    readonly provider: string,
    readonly model: string,
    readonly status: number | undefined,
    detail: string,
  ) {
    super(
      `${provider} (${model}) rejected the request with ${status ?? "an error"}: ${detail}. Check the API key and the model access of this provider.`,
    );
  }
}

/**
 * Every provider in the chain failed. The caller keeps the email and retries or escalates;
 * `attempts` says what each provider did.
 */
export class ExtractionFailedError extends Error {
  override readonly name = "ExtractionFailedError";
  constructor(readonly attempts: readonly AttemptRecord[]) {
    super(
      `every LLM provider failed: ${
        attempts
          .map(
            (a) =>
              `${a.provider}/${a.model} #${a.attempt}${a.repair ? " (repair)" : ""} ${a.outcome} in ${Math.round(a.durationMs)} ms`,
          )
          .join("; ") || "no provider was configured"
      }`,
    );
  }
}

// The SDKs' errors carry the generic name "Error", so they are told apart by class.
const SDK_TIMEOUTS = [
  OpenAI.APIConnectionTimeoutError,
  OpenAI.APIUserAbortError,
  Anthropic.APIConnectionTimeoutError,
  Anthropic.APIUserAbortError,
];
const SDK_CONNECTION_ERRORS = [OpenAI.APIConnectionError, Anthropic.APIConnectionError];

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  status?: unknown;
  headers?: unknown;
  error?: unknown;
  type?: unknown;
}

function header(headers: unknown, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  if (headers !== null && typeof headers === "object") {
    const value = (headers as Record<string, unknown>)[name];
    return typeof value === "string" ? value : undefined;
  }
  return undefined;
}

/** `retry-after-ms` (milliseconds) wins over `retry-after` (seconds or an HTTP date). */
export function retryAfterMs(headers: unknown, now = Date.now()): number | undefined {
  const ms = header(headers, "retry-after-ms");
  if (ms !== undefined) {
    const value = Number.parseFloat(ms);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const after = header(headers, "retry-after");
  if (after === undefined) return undefined;
  const seconds = Number.parseFloat(after);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function bodyText(error: ErrorLike): string {
  try {
    return JSON.stringify(error.error ?? "").toLowerCase();
  } catch {
    return "";
  }
}

// A 429 that will not clear by waiting: the account is out of credit or over its spend limit.
const SPEND_LIMIT = /insufficient_quota|billing|spend limit|credit balance|quota exceeded/;

export interface ClassifyContext {
  provider: string;
  model: string;
  /** The overall deadline had passed when the attempt was cut. */
  deadlineHit: boolean;
  /** The caller's signal was aborted. */
  callerAborted: boolean;
}

/** Maps an SDK or policy error to an outcome and whether another attempt may help. */
export function classifyProviderError(error: unknown, ctx: ClassifyContext): ProviderCallError {
  if (error instanceof ProviderCallError) return error;
  const e = (error ?? {}) as ErrorLike;
  const name = typeof e.name === "string" ? e.name : "";
  const message = typeof e.message === "string" ? e.message : String(error);
  const make = (
    outcome: AttemptOutcome,
    retryable: boolean,
    status?: number,
    after?: number,
  ): ProviderCallError =>
    new ProviderCallError(ctx.provider, ctx.model, outcome, retryable, message, status, after, {
      cause: error,
    });

  if (ctx.callerAborted) return make("aborted", false);
  if (
    error instanceof TaskCancelledError ||
    SDK_TIMEOUTS.some((type) => error instanceof type) ||
    name === "AbortError"
  ) {
    return ctx.deadlineHit ? make("deadline_exceeded", false) : make("timeout", true);
  }
  const status = typeof e.status === "number" ? e.status : undefined;
  if (status === undefined) {
    if (
      SDK_CONNECTION_ERRORS.some((type) => error instanceof type) ||
      /connect|socket|network|fetch failed/i.test(message)
    ) {
      return make("connection", true);
    }
    return make("unknown", false);
  }
  const after = retryAfterMs(e.headers);
  const shouldRetry = header(e.headers, "x-should-retry");
  const errorType = typeof e.type === "string" ? e.type : "";
  let classified: ProviderCallError;
  if (status === 529 || errorType === "overloaded_error") {
    classified = make("overloaded", true, status, after);
  } else if (status === 429) {
    classified = SPEND_LIMIT.test(bodyText(e))
      ? make("spend_limit", false, status, after)
      : make("rate_limited", true, status, after);
  } else if (status === 408) classified = make("timeout", true, status, after);
  else if (status === 409) classified = make("server_error", true, status, after);
  else if (status >= 500) classified = make("server_error", true, status, after);
  else if (status === 401) classified = make("authentication", false, status);
  else if (status === 403) classified = make("permission", false, status);
  else if (status === 402) classified = make("spend_limit", false, status);
  else if (status === 404) classified = make("not_found", false, status);
  else if (status === 422) classified = make("unprocessable", false, status);
  else classified = make("bad_request", false, status);
  // The provider's own hint wins where it can: never retry against `x-should-retry: false`.
  if (shouldRetry === "false" && classified.retryable) {
    return make(classified.outcome, false, status, after);
  }
  return classified;
}
