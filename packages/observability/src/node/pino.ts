import { createScrubber, type Scrubber, type ScrubberOptions } from "../core/scrubber.js";
import { currentRequestId } from "./request-context.js";
import { currentTraceIds } from "./trace-ids.js";

export interface CorrelationFields {
  request_id?: string;
  trace_id?: string;
  span_id?: string;
}

/** A pino `mixin`: adds `request_id`, `trace_id` and `span_id` to every log line. */
export function pinoMixin(): CorrelationFields {
  const fields: CorrelationFields = {};
  const requestId = currentRequestId();
  if (requestId !== undefined) fields.request_id = requestId;
  const { traceId, spanId } = currentTraceIds();
  fields.trace_id = traceId;
  if (spanId !== undefined) fields.span_id = spanId;
  return fields;
}

/**
 * Options to spread into `pino({...})`: the correlation mixin and a log formatter that runs the
 * same scrubber as Sentry, so secrets do not reach log storage either.
 */
export function pinoObservabilityOptions(options: { scrub?: ScrubberOptions } = {}): {
  mixin: () => CorrelationFields;
  formatters: { log: (record: Record<string, unknown>) => Record<string, unknown> };
} {
  const scrubber: Scrubber = createScrubber(options.scrub);
  return {
    mixin: pinoMixin,
    formatters: { log: (record) => scrubber.logRecord(record) },
  };
}
