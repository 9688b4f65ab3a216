import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { createLlm } from "./llm.js";
import { createPrometheusLlmMetrics } from "./prometheus.js";
import { createLocalProvider } from "./providers/local.js";
import type { ExtractionProvider } from "./providers/provider.js";

const request = {
  order: {
    currency: "USD",
    requestedDeliveryDate: "2026-12-10",
    paymentTerms: "NET30",
    lines: [{ sku: "A-1", description: "Thing", quantity: 10, unitPrice: 100 }],
  },
  email: { from: "s@x.com", subject: "Re", receivedAt: "2026-11-20T10:00:00Z", text: "Confirmed." },
};

const down: ExtractionProvider = {
  name: "anthropic",
  model: "claude-x",
  system: "anthropic",
  remote: true,
  async extract() {
    throw Object.assign(new Error("Internal"), { status: 500, headers: new Headers() });
  },
};

const answering: ExtractionProvider = {
  name: "openai",
  model: "gpt-x",
  system: "openai",
  remote: true,
  async extract() {
    const output = { kind: "confirmation", lines: [], confidence: 0.9 };
    return { output, raw: "", usage: { inputTokens: 2_000, outputTokens: 500 } };
  },
};

describe("prometheus metrics sink", () => {
  it("counts requests by provider, model and outcome, fallbacks, latency, tokens and cost", async () => {
    const registry = new Registry();
    const llm = createLlm({
      providers: [down, answering, createLocalProvider()],
      retry: { maxRetries: 0 },
      metrics: createPrometheusLlmMetrics({ registry }),
      prices: { "gpt-x": { inputPerMillion: 1, outputPerMillion: 4 } },
    });
    await llm.extract(request);
    const text = await registry.metrics();
    expect(text).toContain(
      'po_pro_llm_requests_total{llm_provider="anthropic",llm_model="claude-x",outcome="server_error"} 1',
    );
    expect(text).toContain(
      'po_pro_llm_requests_total{llm_provider="openai",llm_model="gpt-x",outcome="ok"} 1',
    );
    expect(text).toContain(
      'po_pro_llm_fallbacks_total{from_provider="anthropic",to_provider="openai"} 1',
    );
    expect(text).toContain(
      'po_pro_llm_tokens_total{llm_provider="openai",llm_model="gpt-x",direction="input"} 2000',
    );
    expect(text).toContain(
      'po_pro_llm_estimated_cost_usd_total{llm_provider="openai",llm_model="gpt-x"} 0.004',
    );
    expect(text).toMatch(
      /po_pro_llm_request_duration_seconds_count\{llm_provider="openai",llm_model="gpt-x",outcome="ok"\} 1/,
    );
  });

  it("falls through to the keyless extractor when every remote provider fails", async () => {
    const llm = createLlm({ providers: [down, createLocalProvider()], retry: { maxRetries: 0 } });
    const result = await llm.extract(request);
    expect(result).toMatchObject({ provider: "local", usedFallback: true });
    expect(result.response.kind).toBe("confirmation");
  });
});
