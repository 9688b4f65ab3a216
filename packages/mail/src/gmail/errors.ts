import { MailboxAuthError, MailboxError } from "../errors.js";

export const PROVIDER = "gmail";

const RATE_LIMIT_REASONS = new Set(["rateLimitExceeded", "userRateLimitExceeded"]);
// Quotas that do not come back within a retry window: surfaced as rate_limited at once.
const QUOTA_REASONS = new Set(["dailyLimitExceeded", "quotaExceeded"]);
const SCOPE_REASONS = new Set(["insufficientPermissions", "ACCESS_TOKEN_SCOPE_INSUFFICIENT"]);
const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "ENOTFOUND",
  "UND_ERR_SOCKET",
  "TimeoutError",
  "AbortError",
]);

interface HttpLikeError {
  status?: number;
  code?: string | number;
  message?: string;
  response?: { status?: number; headers?: unknown; data?: unknown };
  cause?: unknown;
}

/** What one failed call means, before the retry decision. */
export interface GmailFailure {
  /** Map to this error when not retried (or retries are spent). */
  readonly error: MailboxError;
  /** Worth another attempt of the same call. */
  readonly transient: boolean;
  /** The server's Retry-After, in ms. */
  readonly retryAfterMs?: number;
  /** The refresh token was rejected: the one case reported to Sentry. */
  readonly invalidGrant: boolean;
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (headers === null || typeof headers !== "object") return undefined;
  if (typeof (headers as Headers).get === "function") {
    return (headers as Headers).get(name) ?? undefined;
  }
  const record = headers as Record<string, unknown>;
  const value = record[name] ?? record[name.toLowerCase()];
  return typeof value === "string" ? value : undefined;
}

/** Retry-After as delta-seconds or an HTTP date, in ms from now. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function errorBody(data: unknown): { reason?: string; message?: string; oauthError?: string } {
  if (data === null || typeof data !== "object") {
    if (typeof data === "string") {
      try {
        return errorBody(JSON.parse(data));
      } catch {
        return {};
      }
    }
    return {};
  }
  const body = data as {
    error?: unknown;
    error_description?: unknown;
  };
  // OAuth token endpoint: { error: "invalid_grant", error_description }
  if (typeof body.error === "string") {
    return {
      oauthError: body.error,
      ...(typeof body.error_description === "string" ? { message: body.error_description } : {}),
    };
  }
  // Google API: { error: { code, message, errors: [{ reason }], status } }
  const error = body.error as
    | { message?: unknown; status?: unknown; errors?: { reason?: unknown }[] }
    | undefined;
  const reason = error?.errors?.find((item) => typeof item?.reason === "string")?.reason;
  return {
    ...(typeof reason === "string"
      ? { reason }
      : typeof error?.status === "string"
        ? { reason: error.status }
        : {}),
    ...(typeof error?.message === "string" ? { message: error.message } : {}),
  };
}

/**
 * The cause kept on a MailboxError: a client error carries its request config (Authorization
 * header, the token request's refresh token and client secret), which must never reach Sentry
 * or a log, so only its name, message, status and code are kept.
 */
function safeCause(thrown: unknown): unknown {
  if (!(thrown instanceof Error) || !("config" in thrown || "response" in thrown)) return thrown;
  const { status, code } = thrown as HttpLikeError;
  const cause = new Error(thrown.message);
  cause.name = thrown.name;
  if (thrown.stack !== undefined) cause.stack = thrown.stack;
  return Object.assign(
    cause,
    status !== undefined ? { status } : {},
    code !== undefined ? { code } : {},
  );
}

/** Classifies anything a Gmail or token-endpoint call threw. `operation` names the call. */
export function classifyGmailError(operation: string, thrown: unknown): GmailFailure {
  if (thrown instanceof MailboxError) {
    return { error: thrown, transient: false, invalidGrant: false };
  }
  const error = (thrown ?? {}) as HttpLikeError;
  const status = error.response?.status ?? error.status;
  const { reason, message, oauthError } = errorBody(error.response?.data);
  const detail = message ?? error.message ?? "unknown error";
  const options = { cause: safeCause(thrown) };

  if (oauthError === "invalid_grant" || (status === undefined && /invalid_grant/.test(detail))) {
    return {
      error: new MailboxAuthError(
        PROVIDER,
        `Gmail refresh token was revoked or expired (${operation}): the merchant must reconnect Gmail`,
        "invalid_grant",
        options,
      ),
      transient: false,
      invalidGrant: true,
    };
  }
  if (oauthError === "invalid_client" || oauthError === "unauthorized_client") {
    // Our OAuth client is misconfigured: reconnecting would not help the merchant.
    return {
      error: new MailboxError(
        "invalid_request",
        PROVIDER,
        `Gmail OAuth client rejected (${operation}): ${oauthError}; check the Google client id and secret`,
        oauthError,
        undefined,
        options,
      ),
      transient: false,
      invalidGrant: false,
    };
  }
  if (oauthError !== undefined && status !== undefined && status < 500) {
    return {
      error: new MailboxAuthError(
        PROVIDER,
        `Gmail OAuth token request failed (${operation}): ${oauthError}`,
        oauthError,
        options,
      ),
      transient: false,
      invalidGrant: false,
    };
  }

  if (status === undefined) {
    const code = typeof error.code === "string" ? error.code : undefined;
    const network = code !== undefined && NETWORK_CODES.has(code);
    const causeCode = (error.cause as { code?: unknown } | undefined)?.code;
    const transient = network || typeof causeCode === "string" || /fetch failed/i.test(detail);
    return {
      error: new MailboxError(
        transient ? "unavailable" : "invalid_request",
        PROVIDER,
        `Gmail ${operation} failed without a response: ${detail}`,
        code ?? (typeof causeCode === "string" ? causeCode : undefined),
        undefined,
        options,
      ),
      transient,
      invalidGrant: false,
    };
  }

  const retryAfterMs = parseRetryAfter(headerValue(error.response?.headers, "retry-after"));
  const code = reason ?? status;
  const what = `Gmail ${operation} failed with ${status}${reason ? ` ${reason}` : ""}: ${detail}`;

  if (
    status === 429 ||
    (status === 403 && reason !== undefined && RATE_LIMIT_REASONS.has(reason))
  ) {
    return {
      error: new MailboxError("rate_limited", PROVIDER, what, code, retryAfterMs, options),
      transient: true,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      invalidGrant: false,
    };
  }
  if (status === 403 && reason !== undefined && QUOTA_REASONS.has(reason)) {
    return {
      error: new MailboxError("rate_limited", PROVIDER, what, code, retryAfterMs, options),
      transient: false,
      invalidGrant: false,
    };
  }
  if (status === 401 || (status === 403 && reason !== undefined && SCOPE_REASONS.has(reason))) {
    return {
      error: new MailboxAuthError(
        PROVIDER,
        `${what}; the merchant must reconnect Gmail`,
        code,
        options,
      ),
      transient: false,
      invalidGrant: false,
    };
  }
  if (status >= 500) {
    return {
      error: new MailboxError("unavailable", PROVIDER, what, code, retryAfterMs, options),
      transient: true,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      invalidGrant: false,
    };
  }
  return {
    error: new MailboxError(
      status === 404 ? "not_found" : "invalid_request",
      PROVIDER,
      what,
      code,
      undefined,
      options,
    ),
    transient: false,
    invalidGrant: false,
  };
}
