/**
 * Tag names shared by Sentry events, Prometheus labels and log fields. One list, so a
 * dashboard query, an alert and a log search all use the same words.
 */
export const TAG = {
  service: "service",
  environment: "environment",
  release: "release",
  requestId: "request_id",
  merchantId: "merchant_id",
  orderId: "order_id",
  orderStatus: "order_status",
  supplierId: "supplier_id",
  llmProvider: "llm_provider",
  llmModel: "llm_model",
  usedFallback: "used_fallback",
  category: "category",
  job: "job",
} as const;

export type TagName = (typeof TAG)[keyof typeof TAG];

/** Labels every metric carries; the same names as the Sentry tags above. */
export const SHARED_LABELS = [TAG.service, TAG.environment, TAG.release] as const;
