/**
 * Sentry side of the chain, through `@po-pro/observability`'s core API and `@sentry/core`
 * spans only (runtime-agnostic). Without an initialised client every call here is a no-op.
 */
import { addDomainBreadcrumb, captureCategorized, setLlmContext } from "@po-pro/observability";
import { SPAN_STATUS_ERROR, type Span, startSpan } from "@sentry/core";
import type { ProviderConfigurationError } from "./errors.js";
import type { ExtractionProvider } from "./providers/provider.js";
import type { AttemptRecord } from "./types.js";

export function withAttemptSpan<T>(
  provider: ExtractionProvider,
  attempt: number,
  repair: boolean,
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  return startSpan(
    {
      name: `extract ${provider.name} ${provider.model}`,
      op: "gen_ai.chat",
      attributes: {
        "gen_ai.system": provider.system,
        "gen_ai.operation.name": "chat",
        "gen_ai.request.model": provider.model,
        "llm.attempt": attempt,
        "llm.repair": repair,
      },
    },
    fn,
  );
}

export function recordSpanOutcome(span: Span, record: AttemptRecord): void {
  if (record.inputTokens !== undefined) {
    span.setAttribute("gen_ai.usage.input_tokens", record.inputTokens);
  }
  if (record.outputTokens !== undefined) {
    span.setAttribute("gen_ai.usage.output_tokens", record.outputTokens);
  }
  span.setAttribute("llm.outcome", record.outcome);
  if (record.outcome !== "ok") span.setStatus({ code: SPAN_STATUS_ERROR, message: record.outcome });
}

export function attemptBreadcrumb(record: AttemptRecord): void {
  addDomainBreadcrumb("llm_service", {
    message: `${record.provider} ${record.model} attempt ${record.attempt}: ${record.outcome}`,
    level: record.outcome === "ok" ? "info" : "warning",
    data: {
      provider: record.provider,
      model: record.model,
      attempt: record.attempt,
      repair: record.repair,
      outcome: record.outcome,
      duration_ms: Math.round(record.durationMs),
      ...(record.status !== undefined ? { status: record.status } : {}),
    },
  });
}

export function reportSuccess(
  provider: ExtractionProvider,
  primary: ExtractionProvider,
  attempt: number,
  usedFallback: boolean,
): void {
  setLlmContext({
    provider: provider.name,
    model: provider.model,
    ...(usedFallback ? { primaryProvider: primary.name, primaryModel: primary.model } : {}),
    usedFallback,
    attempt,
  });
}

export function reportPrimaryFailure(provider: ExtractionProvider, error: unknown): void {
  captureCategorized("llm-primary-failure", error, {
    provider: provider.name,
    model: provider.model,
  });
}

export function reportInvalidOutput(provider: ExtractionProvider, error: unknown): void {
  captureCategorized("llm-invalid-output", error, {
    provider: provider.name,
    model: provider.model,
  });
}

/** Credentials or permissions rejected: an operator must act, whichever link of the chain. */
export function reportConfigurationProblem(error: ProviderConfigurationError): void {
  addDomainBreadcrumb("llm_service", {
    message: error.message,
    level: "error",
    data: { provider: error.provider, model: error.model, status: error.status },
  });
  captureCategorized("llm-provider-misconfigured", error, {
    provider: error.provider,
    model: error.model,
  });
}

export function reportAllFailed(error: unknown): void {
  captureCategorized("llm-all-providers-failed", error);
}
