import { describe, expect, it } from "vitest";
import { MailboxAuthError } from "../errors.js";
import { classifyGmailError, parseRetryAfter } from "./errors.js";

function httpError(status: number, data: unknown, headers: Record<string, string> = {}) {
  return Object.assign(new Error(`Request failed with status code ${status}`), {
    status,
    response: { status, data, headers: new Headers(headers) },
  });
}

const apiError = (status: number, reason: string) => ({
  error: { code: status, message: reason, errors: [{ reason }] },
});

describe("classifyGmailError", () => {
  it("reads Retry-After as seconds or an HTTP date", () => {
    expect(parseRetryAfter("3")).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });

  it("maps each failure to its kind and transience", () => {
    const cases: [unknown, string, boolean, unknown][] = [
      [httpError(400, { error: "invalid_grant" }), "auth", false, "invalid_grant"],
      [httpError(401, { error: "invalid_client" }), "invalid_request", false, "invalid_client"],
      [
        httpError(429, apiError(429, "rateLimitExceeded")),
        "rate_limited",
        true,
        "rateLimitExceeded",
      ],
      [
        httpError(403, apiError(403, "userRateLimitExceeded")),
        "rate_limited",
        true,
        "userRateLimitExceeded",
      ],
      [
        httpError(403, apiError(403, "dailyLimitExceeded")),
        "rate_limited",
        false,
        "dailyLimitExceeded",
      ],
      [httpError(403, apiError(403, "forbidden")), "invalid_request", false, "forbidden"],
      [httpError(401, apiError(401, "authError")), "auth", false, "authError"],
      [httpError(502, "<html>Bad Gateway</html>"), "unavailable", true, 502],
      [httpError(404, apiError(404, "notFound")), "not_found", false, "notFound"],
      [
        Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }),
        "unavailable",
        true,
        "ECONNRESET",
      ],
    ];
    for (const [thrown, kind, transient, code] of cases) {
      const failure = classifyGmailError("op", thrown);
      expect({
        kind: failure.error.kind,
        transient: failure.transient,
        code: failure.error.code,
      }).toEqual({
        kind,
        transient,
        code,
      });
    }
  });

  it("flags only invalid_grant for the refresh-failure report", () => {
    const failure = classifyGmailError("op", httpError(400, { error: "invalid_grant" }));
    expect(failure.invalidGrant).toBe(true);
    expect(failure.error).toBeInstanceOf(MailboxAuthError);
    expect(classifyGmailError("op", httpError(401, apiError(401, "authError"))).invalidGrant).toBe(
      false,
    );
  });

  it("carries Retry-After on rate limits", () => {
    const failure = classifyGmailError(
      "op",
      httpError(429, apiError(429, "rateLimitExceeded"), { "Retry-After": "7" }),
    );
    expect(failure.retryAfterMs).toBe(7000);
    expect(failure.error.retryAfterMs).toBe(7000);
  });

  it("keeps no request config (tokens, secrets) on the cause", () => {
    const thrown = Object.assign(httpError(400, { error: "invalid_grant" }), {
      config: { data: "refresh_token=1%2F%2Fsecret&client_secret=shh", headers: {} },
    });
    const { error } = classifyGmailError("op", thrown);
    expect(JSON.stringify(error.cause, Object.getOwnPropertyNames(error.cause))).not.toMatch(
      /secret|shh/,
    );
    expect((error.cause as { status?: number }).status).toBe(400);
  });
});
