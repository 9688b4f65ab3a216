import type { AttemptOutcome } from "./types.js";

/** One provider call as metrics see it. */
export interface AttemptMetric {
  provider: string;
  model: string;
  outcome: AttemptOutcome;
  durationSeconds: number;
  inputTokens: number;
  outputTokens: number;
  /** Estimated from configured prices; undefined when the model has none. */
  estimatedCostUsd: number | undefined;
}

/**
 * Where the chain reports its numbers. The package stays free of Node-only metrics code;
 * `@po-pro/llm/prometheus` implements this with prom-client.
 */
export interface LlmMetricsSink {
  attempt(metric: AttemptMetric): void;
  /** The chain moved on from one provider to the next. */
  fallback(
    from: { provider: string; model: string },
    to: { provider: string; model: string },
  ): void;
}

export const NOOP_METRICS: LlmMetricsSink = {
  attempt() {},
  fallback() {},
};

/** USD per million tokens. */
export interface ModelPrice {
  inputPerMillion: number;
  outputPerMillion: number;
}

/** Prices by model name; a model without one reports no cost rather than a guess. */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

export function estimateCostUsd(
  prices: PriceTable,
  model: string,
  inputTokens: number,
  outputTokens: number,
): number | undefined {
  const price = prices[model];
  if (price === undefined) return undefined;
  return (inputTokens * price.inputPerMillion + outputTokens * price.outputPerMillion) / 1_000_000;
}
