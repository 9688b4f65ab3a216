import { createLlm, type Llm, type LlmConfig, providersFromConfig } from "@po-pro/llm";
import { createPrometheusLlmMetrics } from "@po-pro/llm/prometheus";
import type { WorkerMetrics } from "./metrics.js";

/** The extraction chain the environment describes (the keyless extractor is always last). */
export function llmFromEnv(config: LlmConfig, metrics: WorkerMetrics): Llm {
  return createLlm({
    providers: providersFromConfig(config),
    timeouts: config.timeouts,
    retry: config.retry,
    breaker: config.breaker,
    budget: config.budget,
    metrics: createPrometheusLlmMetrics({ registry: metrics.service.registry }),
  });
}
