import Anthropic from "@anthropic-ai/sdk";
import { TaskCancelledError } from "cockatiel";
import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { classifyProviderError, retryAfterMs } from "./errors.js";

const ctx = { provider: "p", model: "m", deadlineHit: false, callerAborted: false };

function apiError(status: number, headers: Record<string, string> = {}, error: unknown = {}) {
  return Object.assign(new Error(`status ${status}`), {
    status,
    headers: new Headers(headers),
    error,
  });
}

describe("classifyProviderError", () => {
  it("reads retry-after-ms before retry-after (seconds or a date)", () => {
    expect(retryAfterMs(new Headers({ "retry-after-ms": "1500", "retry-after": "9" }))).toBe(1500);
    expect(retryAfterMs(new Headers({ "retry-after": "2" }))).toBe(2000);
    expect(
      retryAfterMs(new Headers({ "retry-after": new Date(61_000).toUTCString() }), 1_000),
    ).toBe(60_000);
  });

  it.each([
    [408, "timeout", true],
    [409, "server_error", true],
    [429, "rate_limited", true],
    [500, "server_error", true],
    [529, "overloaded", true],
    [400, "bad_request", false],
    [401, "authentication", false],
    [403, "permission", false],
    [404, "not_found", false],
    [422, "unprocessable", false],
  ])("%i → %s (retryable %s)", (status, outcome, retryable) => {
    const error = classifyProviderError(apiError(status), ctx);
    expect([error.outcome, error.retryable]).toEqual([outcome, retryable]);
  });

  it("does not retry a spend-limit 429 or against x-should-retry: false", () => {
    const quota = apiError(429, {}, { error: { code: "insufficient_quota" } });
    expect(classifyProviderError(quota, ctx).outcome).toBe("spend_limit");
    expect(classifyProviderError(apiError(503, { "x-should-retry": "false" }), ctx).retryable).toBe(
      false,
    );
  });

  it("tells an attempt timeout from the deadline and from the caller's abort", () => {
    const cut = new TaskCancelledError();
    expect(classifyProviderError(cut, ctx).outcome).toBe("timeout");
    expect(classifyProviderError(cut, { ...ctx, deadlineHit: true }).outcome).toBe(
      "deadline_exceeded",
    );
    expect(classifyProviderError(cut, { ...ctx, callerAborted: true }).outcome).toBe("aborted");
  });

  it("classifies the SDKs' own timeout, abort and connection errors by class", () => {
    for (const sdk of [OpenAI, Anthropic]) {
      const timeout = classifyProviderError(new sdk.APIConnectionTimeoutError(), ctx);
      expect([timeout.outcome, timeout.retryable]).toEqual(["timeout", true]);
      expect(classifyProviderError(new sdk.APIUserAbortError(), ctx).outcome).toBe("timeout");
      // A message that names no network word: only the class says it is a connection failure.
      const refused = new sdk.APIConnectionError({ message: "upstream went away" });
      expect([classifyProviderError(refused, ctx).outcome]).toEqual(["connection"]);
    }
  });
});
