import type { Breadcrumb, ErrorEvent, EventHint, Log, StreamedSpanJSON } from "@sentry/core";
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
        attributes: scrubber.value(span.attributes),
      };
    },
    beforeBreadcrumb(breadcrumb: Breadcrumb): Breadcrumb | null {
      return scrubber.value(breadcrumb);
    },
    beforeSendLog(log: Log): Log | null {
      return scrubber.value(log);
    },
  };
}
