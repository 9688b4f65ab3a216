import type {
  Breadcrumb,
  ErrorEvent,
  EventHint,
  Log,
  Metric,
  StreamedSpanJSON,
} from "@sentry/core";
import { createErrorFilter, type DropReason, type ErrorFilterOptions } from "./filters.js";
import { createScrubber, type Scrubber, type ScrubberOptions } from "./scrubber.js";

export interface PrivacyHooksOptions {
  scrub?: ScrubberOptions;
  filters?: ErrorFilterOptions;
  /** Called for every error event that will be sent (after filtering and scrubbing). */
  onEventSent?: (event: ErrorEvent) => void;
  /** Called for every event dropped by a filter. */
  onEventDropped?: (reason: DropReason, event: ErrorEvent) => void;
}

/**
 * Span attributes the SDK fills from the runtime and its own configuration, never from a request
 * or user input. Every segment span carries about thirty of them (the integration list alone is
 * ~60 strings); passing them through spares most of a span's scrubbing work (measured: 8 % of
 * a sampled trace's instructions).
 */
const RUNTIME_ATTRIBUTES = new Set([
  "sentry.sdk.integrations",
  "sentry.sdk.name",
  "sentry.sdk.version",
  "sentry.origin",
  "sentry.op",
  "sentry.source",
  "sentry.segment.name.source",
  "sentry.segment.id",
  "sentry.sample_rate",
  "sentry.trace_lifecycle",
  "sentry.environment",
  "sentry.release",
  "sentry.is_localhost",
  "process.runtime.engine.name",
  "process.runtime.engine.version",
  "app.start_time",
  "app.memory",
  "app.free_memory",
  "device.archs",
  "device.boot_time",
  "device.memory_size",
  "device.free_memory",
  "device.processor_count",
  "device.cpu_description",
  "device.processor_frequency",
  "culture.locale",
  "culture.timezone",
  "os.name",
  "os.version",
  "os.kernel_version",
  "http.response.status_code",
]);

const NOTHING: ReadonlySet<string> = new Set();

/**
 * The `before*` callbacks every runtime's init installs: filter expected errors first (cheap),
 * then scrub what remains, so nothing the scrubber would catch is ever queued for sending.
 */
export function createPrivacyHooks(options: PrivacyHooksOptions = {}) {
  const scrubber: Scrubber = createScrubber(options.scrub);
  const filter = createErrorFilter(options.filters);
  return {
    scrubber,
    beforeSend(event: ErrorEvent, hint: EventHint): ErrorEvent | null {
      const reason = filter(event, hint);
      if (reason !== undefined) {
        options.onEventDropped?.(reason, event);
        return null;
      }
      const scrubbed = scrubber.event(event);
      options.onEventSent?.(scrubbed);
      return scrubbed;
    },
    beforeSendTransaction<T extends object>(event: T): T | null {
      const reason = filter(event as ErrorEvent, {});
      return reason === undefined ? scrubber.event(event) : null;
    },
    beforeSendSpan(span: StreamedSpanJSON): StreamedSpanJSON {
      return {
        ...span,
        name: scrubber.string(span.name),
        attributes: span.attributes && scrubber.attributes(span.attributes, RUNTIME_ATTRIBUTES),
      };
    },
    beforeBreadcrumb(breadcrumb: Breadcrumb): Breadcrumb | null {
      return scrubber.value(breadcrumb);
    },
    beforeSendLog(log: Log): Log | null {
      // The body is sent as `String(message)`: a `logger.fmt` message is a boxed string whose
      // parameters are also copied into `sentry.message.parameter.*` attributes (scrubbed below).
      const message: unknown = log.message;
      return {
        ...log,
        message:
          typeof message === "string" || message instanceof String
            ? scrubber.string(String(message))
            : scrubber.value(message as Log["message"]),
        ...(log.attributes ? { attributes: scrubber.attributes(log.attributes, NOTHING) } : {}),
      };
    },
    beforeSendMetric(metric: Metric): Metric | null {
      return metric.attributes
        ? { ...metric, attributes: scrubber.attributes(metric.attributes, NOTHING) }
        : metric;
    },
  };
}
