import { getActiveSpan, getCurrentScope } from "@sentry/core";

export interface TraceIds {
  traceId: string;
  spanId: string | undefined;
}

/**
 * The trace id of the current work, sampled or not: the active span's if there is one,
 * otherwise the scope's propagation context (which an unsampled request still has).
 */
export function currentTraceIds(): TraceIds {
  const span = getActiveSpan();
  if (span) {
    // Not `spanToJSON`: this runs for every log line, and only the ids are needed.
    const { traceId, spanId } = span.spanContext();
    return { traceId, spanId };
  }
  const context = getCurrentScope().getPropagationContext();
  return { traceId: context.traceId, spanId: context.propagationSpanId };
}
