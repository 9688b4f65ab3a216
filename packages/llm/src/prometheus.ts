import { TAG } from "@po-pro/observability";
import { Counter, Histogram, type Registry, type RegistryContentType } from "prom-client";
import type { AttemptMetric, LlmMetricsSink } from "./metrics.js";

export interface PrometheusMetricsOptions {
  /** Prometheus or OpenMetrics (the service registries are OpenMetrics, for exemplars). */
  registry: Registry<RegistryContentType>;
  /** Metric name prefix; default `po_pro_`. */
  prefix?: string;
  /** Latency buckets in seconds. */
  buckets?: number[];
}

const PROVIDER = TAG.llmProvider;
const MODEL = TAG.llmModel;

/** prom-client implementation of the chain's metrics sink, registered on the given registry. */
export function createPrometheusLlmMetrics(options: PrometheusMetricsOptions): LlmMetricsSink {
  const prefix = options.prefix ?? "po_pro_";
  const registers = [options.registry];
  const requests = new Counter({
    name: `${prefix}llm_requests_total`,
    help: "LLM provider calls by provider, model and outcome",
    labelNames: [PROVIDER, MODEL, "outcome"],
    registers,
  });
  const latency = new Histogram({
    name: `${prefix}llm_request_duration_seconds`,
    help: "LLM provider call latency",
    labelNames: [PROVIDER, MODEL, "outcome"],
    buckets: options.buckets ?? [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 40],
    registers,
  });
  const tokens = new Counter({
    name: `${prefix}llm_tokens_total`,
    help: "Tokens used by LLM provider calls",
    labelNames: [PROVIDER, MODEL, "direction"],
    registers,
  });
  const cost = new Counter({
    name: `${prefix}llm_estimated_cost_usd_total`,
    help: "Estimated LLM spend in USD, from the configured prices",
    labelNames: [PROVIDER, MODEL],
    registers,
  });
  const fallbacks = new Counter({
    name: `${prefix}llm_fallbacks_total`,
    help: "Times the chain moved on from one provider to the next",
    labelNames: ["from_provider", "to_provider"],
    registers,
  });
  return {
    attempt(metric: AttemptMetric) {
      const labels = { [PROVIDER]: metric.provider, [MODEL]: metric.model };
      requests.inc({ ...labels, outcome: metric.outcome });
      latency.observe({ ...labels, outcome: metric.outcome }, metric.durationSeconds);
      if (metric.inputTokens > 0) tokens.inc({ ...labels, direction: "input" }, metric.inputTokens);
      if (metric.outputTokens > 0) {
        tokens.inc({ ...labels, direction: "output" }, metric.outputTokens);
      }
      if (metric.estimatedCostUsd !== undefined && metric.estimatedCostUsd > 0) {
        cost.inc(labels, metric.estimatedCostUsd);
      }
    },
    fallback(from, to) {
      fallbacks.inc({ from_provider: from.provider, to_provider: to.provider });
    },
  };
}
