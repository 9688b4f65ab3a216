import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ExtractionFailedError, type ProviderConfigurationError } from "./errors.js";
import { createLlm, type LlmOptions } from "./llm.js";
import { createAnthropicProvider } from "./providers/anthropic.js";
import { createOpenAIProvider } from "./providers/openai.js";
import { anthropic, openai, startWireServer, type WireServer } from "./testing/wire-servers.js";
import type { ExtractionRequest } from "./types.js";

const request: ExtractionRequest = {
  order: {
    poNumber: "PO-1042",
    currency: "USD",
    requestedDeliveryDate: "2026-12-10",
    paymentTerms: "NET30",
    supplier: { name: "Pacific Blank Co.", email: "dana@pacificblankco.com" },
    lines: [
      { sku: "TEE-BLK-M", description: "Black tee, size M", quantity: 200, unitPrice: 450 },
      { sku: "TEE-BLK-L", description: "Black tee, size L", quantity: 150, unitPrice: 450 },
    ],
  },
  email: {
    from: "Dana Ortiz <dana@pacificblankco.com>",
    subject: "Re: Purchase order PO-1042",
    receivedAt: "2026-11-17T19:02:00Z",
    text: "Confirmed, thanks!\n\nDana\n\n> On Nov 17, 2026, Maya wrote:\n> Please confirm PO-1042.",
  },
};

const confirmation = { kind: "confirmation", lines: [], confidence: 0.92 };
const priceChange = {
  kind: "change_proposal",
  lines: [{ sku: "TEE-BLK-M", status: "price_changed", unitPrice: 475 }],
  confidence: 0.9,
};

let claude: WireServer;
let gpt: WireServer;

beforeAll(async () => {
  claude = await startWireServer(anthropic.toolUse(confirmation));
  gpt = await startWireServer(openai.toolCall(priceChange));
});

afterAll(async () => {
  await claude.close();
  await gpt.close();
});

beforeEach(() => {
  claude.reset();
  gpt.reset();
});

function chain(overrides: Partial<LlmOptions> = {}) {
  return createLlm({
    providers: [
      createAnthropicProvider({ apiKey: "sk-ant-test", model: "claude-test", baseURL: claude.url }),
      createOpenAIProvider({ apiKey: "sk-test", model: "gpt-test", baseURL: `${gpt.url}/v1` }),
    ],
    timeouts: { attemptMs: 2_000, deadlineMs: 10_000 },
    retry: { maxRetries: 2, baseDelayMs: 10, maxDelayMs: 40, maxRetryAfterMs: 1_000 },
    breaker: { failureThreshold: 5, cooldownMs: 10_000 },
    ...overrides,
  });
}

describe("extraction chain through the real SDKs", () => {
  it("returns the primary's validated response with provider, model and attempts", async () => {
    const result = await chain().extract(request);
    expect(result.response).toEqual(confirmation);
    expect(result).toMatchObject({
      provider: "anthropic",
      model: "claude-test",
      usedFallback: false,
    });
    expect(result.attempts).toHaveLength(1);
    expect(result.attempts[0]).toMatchObject({
      outcome: "ok",
      inputTokens: 1200,
      outputTokens: 90,
    });
    expect(result.usage).toEqual({ inputTokens: 1200, outputTokens: 90 });

    const sent = claude.requests[0];
    expect(sent?.path).toBe("/v1/messages");
    expect(sent?.headers.authorization ?? sent?.headers["x-api-key"]).toContain("sk-ant-test");
    expect(sent?.body.tool_choice).toEqual({ type: "tool", name: "record_supplier_response" });
    const tools = sent?.body.tools as { input_schema: { properties: Record<string, unknown> } }[];
    expect(Object.keys(tools[0]?.input_schema.properties ?? {})).toContain("riskSignals");
    const user = JSON.stringify(sent?.body.messages);
    expect(user).toContain("<newest_message>");
    expect(user).toContain("<quoted_history");
    expect(String(sent?.body.system)).toContain("never an instruction");
  });

  it("retries 529 overloaded, then falls back to OpenAI", async () => {
    claude.setFallback(
      anthropic.error(529, "overloaded_error", "Overloaded", { "x-should-retry": "true" }),
    );
    const result = await chain().extract(request);
    expect(result).toMatchObject({ provider: "openai", model: "gpt-test", usedFallback: true });
    expect(result.response).toEqual(priceChange);
    expect(result.attempts.map((a) => `${a.provider}:${a.outcome}`)).toEqual([
      "anthropic:overloaded",
      "anthropic:overloaded",
      "anthropic:overloaded",
      "openai:ok",
    ]);
    expect(claude.requests).toHaveLength(3);
    // The SDK itself never retried: every request is its first.
    expect(claude.requests.every((r) => r.headers["x-stainless-retry-count"] === "0")).toBe(true);
  });

  it("honours retry-after-ms within the cap and succeeds on the retry", async () => {
    claude.script(
      anthropic.error(
        429,
        "rate_limit_error",
        "Number of request tokens has exceeded your rate limit",
        {
          "retry-after-ms": "250",
        },
      ),
    );
    const started = performance.now();
    const result = await chain().extract(request);
    const elapsed = performance.now() - started;
    expect(result.provider).toBe("anthropic");
    expect(result.attempts.map((a) => a.outcome)).toEqual(["rate_limited", "ok"]);
    expect(elapsed).toBeGreaterThanOrEqual(240);
    expect(elapsed).toBeLessThan(1_500);
  });

  it("does not wait for a retry-after beyond the cap: falls back at once", async () => {
    claude.script(
      anthropic.error(429, "rate_limit_error", "Rate limited", { "retry-after": "3600" }),
    );
    const started = performance.now();
    const result = await chain().extract(request);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(result.provider).toBe("openai");
    expect(result.attempts.map((a) => a.outcome)).toEqual(["rate_limited", "ok"]);
  });

  it("does not retry a spend-limit 429", async () => {
    gpt.setFallback(
      openai.error(
        429,
        "insufficient_quota",
        "insufficient_quota",
        "You exceeded your current quota",
      ),
    );
    const llm = createLlm({
      providers: [
        createOpenAIProvider({ apiKey: "sk-test", model: "gpt-test", baseURL: `${gpt.url}/v1` }),
      ],
      retry: { baseDelayMs: 1, maxDelayMs: 2 },
    });
    const error = await llm.extract(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExtractionFailedError);
    expect((error as ExtractionFailedError).attempts.map((a) => a.outcome)).toEqual([
      "spend_limit",
    ]);
  });

  it("cuts a hung provider at the attempt timeout and falls back", async () => {
    claude.setFallback({ hang: true });
    const started = performance.now();
    const result = await chain({ timeouts: { attemptMs: 300, deadlineMs: 10_000 } }).extract(
      request,
    );
    const elapsed = performance.now() - started;
    expect(result.provider).toBe("openai");
    expect(result.attempts.map((a) => `${a.provider}:${a.outcome}`)).toEqual([
      "anthropic:timeout",
      "openai:ok",
    ]);
    expect(result.attempts[0]?.durationMs).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1_000);
  });

  it("falls back at once on 401 and reports a configuration error", async () => {
    claude.setFallback(anthropic.error(401, "authentication_error", "invalid x-api-key"));
    const reported: ProviderConfigurationError[] = [];
    const result = await chain({ onConfigurationError: (e) => reported.push(e) }).extract(request);
    expect(result.provider).toBe("openai");
    expect(result.attempts.map((a) => `${a.provider}:${a.outcome}:${a.status ?? ""}`)).toEqual([
      "anthropic:authentication:401",
      "openai:ok:",
    ]);
    expect(claude.requests).toHaveLength(1);
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatchObject({ provider: "anthropic", model: "claude-test", status: 401 });
    expect(reported[0]?.message).toContain("API key");
  });

  it.each([
    [400, "invalid_request_error", "bad_request"],
    [403, "permission_error", "permission"],
    [404, "not_found_error", "not_found"],
  ])("does not retry %i", async (status, type, outcome) => {
    claude.setFallback(anthropic.error(status, type, "no"));
    const result = await chain().extract(request);
    expect(result.attempts.map((a) => a.outcome)).toEqual([outcome, "ok"]);
    expect(claude.requests).toHaveLength(1);
  });

  it("repairs output that is not JSON, sending the validation errors", async () => {
    gpt.script(openai.toolCall('{"kind": "confirmation", "lines": ['));
    const llm = createLlm({
      providers: [
        createOpenAIProvider({ apiKey: "sk-test", model: "gpt-test", baseURL: `${gpt.url}/v1` }),
      ],
    });
    const result = await llm.extract(request);
    expect(result.response).toEqual(priceChange);
    expect(result.attempts.map((a) => `${a.outcome}:${a.repair}`)).toEqual([
      "invalid_output:false",
      "ok:true",
    ]);
    const repair = JSON.stringify(gpt.requests[1]?.body.messages);
    expect(repair).toContain("not JSON");
    expect(repair).toContain("<previous_output>");
  });

  it("treats a SKU that is not on the order as invalid, repairs once, then moves on", async () => {
    const unknownSku = {
      kind: "change_proposal",
      lines: [{ sku: "HOODIE-XL", status: "accepted" }],
      confidence: 0.9,
    };
    claude.setFallback(anthropic.toolUse(unknownSku));
    const result = await chain().extract(request);
    expect(result.provider).toBe("openai");
    expect(result.attempts.map((a) => `${a.provider}:${a.outcome}:${a.repair}`)).toEqual([
      "anthropic:invalid_output:false",
      "anthropic:invalid_output:true",
      "openai:ok:false",
    ]);
    expect(JSON.stringify(claude.requests[1]?.body.messages)).toContain("substituteSku");
  });

  it("moves on when the output fails the schema twice", async () => {
    claude.setFallback(anthropic.toolUse({ kind: "maybe", lines: [], confidence: 2 }));
    const result = await chain().extract(request);
    expect(result.provider).toBe("openai");
    expect(result.attempts.filter((a) => a.outcome === "invalid_output")).toHaveLength(2);
    expect(result.attempts[0]?.message).toMatch(/kind/);
  });

  it("throws a typed error listing every attempt when every provider fails", async () => {
    claude.setFallback(anthropic.error(500, "api_error", "Internal server error"));
    gpt.setFallback(openai.error(503, "server_error", null, "The server is overloaded"));
    const error = await chain({ retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 2 } })
      .extract(request)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExtractionFailedError);
    const attempts = (error as ExtractionFailedError).attempts;
    expect(attempts.map((a) => `${a.provider}/${a.model}:${a.outcome}:${a.status}`)).toEqual([
      "anthropic/claude-test:server_error:500",
      "anthropic/claude-test:server_error:500",
      "openai/gpt-test:server_error:503",
      "openai/gpt-test:server_error:503",
    ]);
    for (const attempt of attempts) expect(attempt.durationMs).toBeGreaterThan(0);
    expect((error as Error).message).toContain("anthropic/claude-test #1 server_error");
  });

  it("opens the breaker after consecutive failures, skips the provider, half-opens after the cooldown", async () => {
    claude.setFallback(anthropic.error(500, "api_error", "Internal server error"));
    const llm = chain({
      retry: { maxRetries: 0 },
      breaker: { failureThreshold: 2, cooldownMs: 300 },
    });
    await llm.extract(request);
    expect(llm.circuit(0)).toBe("closed");
    await llm.extract(request);
    expect(llm.circuit(0)).toBe("open");
    expect(claude.requests).toHaveLength(2);

    const skipped = await llm.extract(request);
    expect(skipped.provider).toBe("openai");
    expect(skipped.attempts.map((a) => `${a.provider}:${a.outcome}`)).toEqual([
      "anthropic:circuit_open",
      "openai:ok",
    ]);
    expect(claude.requests).toHaveLength(2);

    await new Promise((resolve) => setTimeout(resolve, 350));
    claude.setFallback(anthropic.toolUse(confirmation));
    const recovered = await llm.extract(request);
    expect(recovered.provider).toBe("anthropic");
    expect(claude.requests).toHaveLength(3);
    expect(llm.circuit(0)).toBe("closed");
  });

  it("stops when the caller aborts, with the attempt recorded", async () => {
    claude.setFallback({ hang: true });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const error = await chain()
      .extract({ ...request, signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExtractionFailedError);
    expect((error as ExtractionFailedError).attempts.map((a) => a.outcome)).toEqual(["aborted"]);
    expect(gpt.requests).toHaveLength(0);
  });

  it("stops at the overall deadline", async () => {
    claude.setFallback({ hang: true });
    gpt.setFallback({ hang: true });
    const started = performance.now();
    const error = await chain({ timeouts: { attemptMs: 5_000, deadlineMs: 400 } })
      .extract(request)
      .catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(error).toBeInstanceOf(ExtractionFailedError);
    expect((error as ExtractionFailedError).attempts.map((a) => a.outcome)).toEqual([
      "deadline_exceeded",
      "deadline_exceeded",
    ]);
  });
});
