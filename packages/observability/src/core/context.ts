import { getIsolationScope, getTraceData, type Scope } from "@sentry/core";
import { TAG } from "./tags.js";

/**
 * Domain context goes on the isolation scope (one per request or job), never on the global
 * scope, so concurrent requests do not leak tags into each other's events.
 */
function scope(): Scope {
  return getIsolationScope();
}

/**
 * The merchant a request or job acts for. The user Sentry sees is the merchant (id, and the
 * business name when given): it counts affected merchants without any person's data.
 */
export function setMerchant(merchantId: string, merchant: { name?: string } = {}): void {
  scope().setTag(TAG.merchantId, merchantId);
  scope().setUser({
    id: merchantId,
    ...(merchant.name !== undefined ? { username: merchant.name } : {}),
  });
}

export function tagOrder(order: { id: string; status?: string }): void {
  scope().setTag(TAG.orderId, order.id);
  if (order.status !== undefined) scope().setTag(TAG.orderStatus, order.status);
}

export function tagSupplier(supplierId: string): void {
  scope().setTag(TAG.supplierId, supplierId);
}

export interface LlmContext {
  /** The provider and model that produced the result (or failed last). */
  provider: string;
  model: string;
  /** The chain's primary, when it is not the one above (a fallback answered). */
  primaryProvider?: string;
  primaryModel?: string;
  usedFallback?: boolean;
  attempt?: number;
}

export function setLlmContext(llm: LlmContext): void {
  const s = scope();
  s.setTag(TAG.llmProvider, llm.provider);
  s.setTag(TAG.llmModel, llm.model);
  s.setTag(TAG.usedFallback, String(llm.usedFallback ?? false));
  s.setContext("llm", {
    provider: llm.provider,
    model: llm.model,
    used_fallback: llm.usedFallback ?? false,
    ...(llm.primaryProvider !== undefined ? { primary_provider: llm.primaryProvider } : {}),
    ...(llm.primaryModel !== undefined ? { primary_model: llm.primaryModel } : {}),
    ...(llm.attempt !== undefined ? { attempt: llm.attempt } : {}),
  });
}

export function setRequestId(requestId: string): void {
  scope().setTag(TAG.requestId, requestId);
}

/**
 * The active trace as outgoing HTTP headers (`sentry-trace`, `baggage`), for a call to another of
 * our services that continues it (the web app's cron routes starting a worker job). Empty when
 * nothing is traced.
 */
export function traceHeaders(): Record<string, string> {
  const data = getTraceData();
  const headers: Record<string, string> = {};
  if (data["sentry-trace"]) headers["sentry-trace"] = data["sentry-trace"];
  if (data.baggage) headers.baggage = data.baggage;
  return headers;
}
