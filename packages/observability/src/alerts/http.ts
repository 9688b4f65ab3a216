import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { z } from "zod";

export { readRawBody } from "../core/read-body.js";

/** Which bridge a webhook came in on: Sentry's integration webhook or Alertmanager's receiver. */
export type AlertWebhookSource = "sentry" | "alertmanager";

/**
 * What became of one webhook delivery, the `outcome` label of `alert_webhooks_total`. A closed
 * list, so the metric keeps a handful of series.
 */
export type AlertWebhookOutcome =
  | "forwarded"
  | "captured"
  | "duplicate"
  | "ignored"
  | "unauthorized"
  | "invalid"
  | "unconfigured"
  | "upstream_error";

/** Where the bridges count their deliveries; the app wires it to its Prometheus counter. */
export interface AlertWebhookMetrics {
  recordAlertWebhook(source: AlertWebhookSource, outcome: AlertWebhookOutcome): void;
}

export const NO_ALERT_METRICS: AlertWebhookMetrics = { recordAlertWebhook: () => {} };

/** The error body every bridge answers with: `{ error: { code, message, fields? } }`. */
export function alertJsonError(
  status: number,
  code: string,
  message: string,
  fields?: Record<string, string>,
): Response {
  return Response.json(
    { error: { code, message, ...(fields !== undefined ? { fields } : {}) } },
    { status, headers: { "cache-control": "no-store" } },
  );
}

/** One plain-language problem per invalid field, keyed by its dotted path. */
export function fieldsOf(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) fields[issue.path.join(".") || "(root)"] ??= issue.message;
  return fields;
}

function digest(value: string | Buffer): Buffer {
  return createHash("sha256").update(value).digest();
}

/**
 * Whether `Sentry-Hook-Signature` is the HMAC-SHA256 (hex) of the raw body under the
 * integration's client secret. Digests of equal length are compared in constant time, so neither
 * a matching prefix nor a wrong length shows in the timing.
 */
export function sentrySignatureMatches(
  rawBody: Uint8Array,
  signature: string | null,
  clientSecret: string,
): boolean {
  const expected = createHmac("sha256", clientSecret).update(rawBody).digest("hex");
  const given = (signature ?? "").trim().toLowerCase();
  return timingSafeEqual(digest(given), digest(expected)) && signature !== null;
}

/** Whether an `Authorization` header is `Bearer <token>`, compared in constant time. */
export function bearerTokenMatches(header: string | null, token: string): boolean {
  const match = /^Bearer (.+)$/i.exec((header ?? "").trim());
  return timingSafeEqual(digest(match?.[1] ?? ""), digest(token)) && match !== null;
}

/** Parses bytes as JSON; `undefined` when they are not a JSON document. */
export function parseJson(body: Uint8Array): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(new TextDecoder().decode(body)) };
  } catch {
    return { ok: false };
  }
}
