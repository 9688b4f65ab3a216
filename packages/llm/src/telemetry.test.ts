/**
 * The chain's Sentry side with a real @sentry/core client: breadcrumbs, spans with gen_ai
 * attributes, the llm context and categorised fingerprints. Events are taken in
 * `beforeSend`; nothing leaves the process.
 */

import { CoreTestClient } from "@po-pro/observability/testing";
import {
  createTransport,
  type ErrorEvent,
  getClient,
  getIsolationScope,
  initAndBind,
  type Span,
  spanToJSON,
} from "@sentry/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ExtractionFailedError } from "./errors.js";
import { createLlm } from "./llm.js";
import type { ExtractionProvider } from "./providers/provider.js";
import type { ExtractionRequest } from "./types.js";

const events: ErrorEvent[] = [];
const spans: Span[] = [];

beforeAll(() => {
  initAndBind(CoreTestClient, {
    dsn: "https://public@sentry.invalid/1",
    integrations: [],
    tracesSampleRate: 1,
    stackParser: () => [],
    transport: () =>
      createTransport({ recordDroppedEvent: () => {} }, async () => ({ statusCode: 200 })),
    beforeSend: (event) => {
      events.push(event);
      return null;
    },
  });
  getClient()?.on("spanEnd", (span) => {
    spans.push(span);
  });
});

afterAll(async () => {
  await getClient()?.close(0);
});

beforeEach(() => {
  events.length = 0;
  spans.length = 0;
  getIsolationScope().clearBreadcrumbs();
});

const request: ExtractionRequest = {
  order: {
    currency: "USD",
    requestedDeliveryDate: "2026-12-10",
    paymentTerms: "NET30",
    lines: [{ sku: "A-1", description: "Thing", quantity: 10, unitPrice: 100 }],
  },
  email: { from: "s@x.com", subject: "Re", receivedAt: "2026-11-20T10:00:00Z", text: "Confirmed." },
};

/** A provider that answers like a remote model would; the HTTP side is covered elsewhere. */
function scripted(name: string, model: string, replies: (Error | object)[]): ExtractionProvider {
  return {
    name,
    model,
    system: name,
    remote: true,
    async extract() {
      const next = replies.shift() ?? new Error("no reply scripted");
      if (next instanceof Error) throw next;
      return {
        output: next,
        raw: JSON.stringify(next),
        usage: { inputTokens: 11, outputTokens: 7 },
      };
    },
  };
}

const overloaded = () =>
  Object.assign(new Error("Overloaded"), { status: 529, headers: new Headers() });
const ok = { kind: "confirmation", lines: [], confidence: 0.9 };

describe("observability of the chain", () => {
  it("records a span per attempt with gen_ai attributes, breadcrumbs and the llm context", async () => {
    const llm = createLlm({
      providers: [
        scripted("anthropic", "claude-x", [overloaded()]),
        scripted("openai", "gpt-x", [ok]),
      ],
      retry: { maxRetries: 0 },
    });
    const result = await llm.extract(request);
    expect(result.usedFallback).toBe(true);

    const attempts = spans.map((span) => spanToJSON(span).attributes ?? {});
    expect(attempts).toEqual([
      expect.objectContaining({
        "gen_ai.system": "anthropic",
        "gen_ai.request.model": "claude-x",
        "llm.outcome": "overloaded",
      }),
      expect.objectContaining({
        "gen_ai.system": "openai",
        "gen_ai.request.model": "gpt-x",
        "gen_ai.usage.input_tokens": 11,
        "gen_ai.usage.output_tokens": 7,
        "llm.outcome": "ok",
      }),
    ]);

    const scope = getIsolationScope().getScopeData();
    expect(scope.tags).toMatchObject({
      llm_provider: "openai",
      llm_model: "gpt-x",
      used_fallback: "true",
    });
    expect(scope.contexts.llm).toMatchObject({
      provider: "openai",
      model: "gpt-x",
      primary_provider: "anthropic",
      primary_model: "claude-x",
      used_fallback: true,
      attempt: 2,
    });
    const crumbs = scope.breadcrumbs.filter((b) => b.category === "llm_service");
    expect(crumbs.map((b) => b.data?.outcome)).toEqual(["overloaded", "ok"]);

    // The primary's failure is one Sentry issue per provider and model.
    expect(events.map((e) => e.fingerprint)).toEqual([
      ["llm-primary-failure", "anthropic", "claude-x"],
    ]);
  });

  it("captures the all-providers-failed category when every provider fails", async () => {
    const llm = createLlm({
      providers: [
        scripted("anthropic", "claude-x", [overloaded()]),
        scripted("openai", "gpt-x", [overloaded()]),
      ],
      retry: { maxRetries: 0 },
    });
    await expect(llm.extract(request)).rejects.toBeInstanceOf(ExtractionFailedError);
    expect(events.map((e) => e.fingerprint?.[0])).toEqual([
      "llm-primary-failure",
      "llm-all-providers-failed",
    ]);
  });

  it("captures output that is still invalid after the repair as llm-invalid-output", async () => {
    const bad = { kind: "maybe", lines: [], confidence: 2 };
    const llm = createLlm({
      providers: [scripted("anthropic", "claude-x", [bad, bad]), scripted("openai", "gpt-x", [ok])],
    });
    await llm.extract(request);
    // One issue per failure: the more specific category, not llm-primary-failure as well.
    expect(events.map((e) => e.fingerprint)).toEqual([
      ["llm-invalid-output", "anthropic", "claude-x"],
    ]);
  });

  it("reports rejected credentials as llm-provider-misconfigured, on any link of the chain", async () => {
    const unauthorized = () =>
      Object.assign(new Error("invalid x-api-key"), { status: 401, headers: new Headers() });
    const llm = createLlm({
      providers: [
        scripted("anthropic", "claude-x", [unauthorized()]),
        scripted("openai", "gpt-x", [unauthorized()]),
        scripted("local", "keyless", [ok]),
      ],
    });
    const result = await llm.extract(request);
    expect(result.provider).toBe("local");
    // One issue per misconfigured provider and model; the primary's is not also a primary failure.
    expect(events.map((e) => e.fingerprint)).toEqual([
      ["llm-provider-misconfigured", "anthropic", "claude-x"],
      ["llm-provider-misconfigured", "openai", "gpt-x"],
    ]);
  });
});
