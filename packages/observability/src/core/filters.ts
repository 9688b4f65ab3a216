import type { Event, EventHint } from "@sentry/core";

const EXPECTED = Symbol.for("po-pro.observability.expected");

/** Marks an error as expected so it is never reported (it may still be logged). */
export function markExpected<E extends object>(error: E): E {
  Object.defineProperty(error, EXPECTED, { value: true, enumerable: false });
  return error;
}

export function isMarkedExpected(error: unknown): boolean {
  return typeof error === "object" && error !== null && EXPECTED in error;
}

/** Crawlers, uptime probes and link previewers; their errors are noise. */
export const BOT_USER_AGENT =
  /bot\b|crawler|spider|slurp|bingpreview|facebookexternalhit|headlesschrome|lighthouse|pingdom|uptimerobot|statuscake|kube-probe|elb-healthchecker|googlehc|datadog.*synthetics|curl\/|wget\//i;

export const HEALTH_CHECK_TRANSACTION =
  /(^|[\s/])(health|healthz|ready|readyz|live|livez|metrics)$/;

export interface ErrorFilterOptions {
  /** Extra predicates; returning true drops the event. */
  ignore?: readonly ((event: Event, hint: EventHint) => boolean)[];
  /** Keep events from bot user agents (default false: drop them). */
  keepBots?: boolean;
}

export type DropReason =
  | "expected"
  | "not-found"
  | "validation"
  | "script-error"
  | "bot"
  | "health-check"
  | "custom";

function statusOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const e = error as { status?: unknown; statusCode?: unknown };
  const status = e.status ?? e.statusCode;
  return typeof status === "number" ? status : undefined;
}

function isValidationError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const name = (error as { name?: unknown }).name;
  return name === "ZodError" || name === "ValidationError" || name === "PolicyValidationError";
}

/** Returns why an event should be dropped, or undefined to keep it. */
export function createErrorFilter(
  options: ErrorFilterOptions = {},
): (event: Event, hint: EventHint) => DropReason | undefined {
  return (event, hint) => {
    const error = hint.originalException;
    if (isMarkedExpected(error)) return "expected";
    const status = statusOf(error);
    if (status === 404 || (error as { name?: unknown } | null)?.name === "NotFoundError") {
      return "not-found";
    }
    if (isValidationError(error)) return "validation";
    const first = event.exception?.values?.[0];
    const message = first?.value ?? event.message ?? "";
    if (message === "Script error." || message === "Script error") return "script-error";
    if (first?.type === "ZodError" || first?.type === "ValidationError") return "validation";
    const headers = event.request?.headers;
    const userAgent = headers?.["user-agent"] ?? headers?.["User-Agent"];
    if (!options.keepBots && typeof userAgent === "string" && BOT_USER_AGENT.test(userAgent)) {
      return "bot";
    }
    if (
      event.type === "transaction" &&
      typeof event.transaction === "string" &&
      HEALTH_CHECK_TRANSACTION.test(event.transaction)
    ) {
      return "health-check";
    }
    for (const predicate of options.ignore ?? []) if (predicate(event, hint)) return "custom";
    return undefined;
  };
}
