import * as Sentry from "@sentry/node";

/** The key under which a job payload carries its producer's trace. */
export const TRACE_KEY = "_sentry";

export interface TraceCarrier {
  "sentry-trace"?: string;
  baggage?: string;
}

export type WithTrace<T> = T & { [TRACE_KEY]?: TraceCarrier };

/**
 * Publishes a job inside a `queue.publish` span and adds the current trace to its payload, so
 * the consumer's `processTracedJob` continues the same trace.
 */
export function publishTracedJob<T extends object, R>(
  queue: string,
  payload: T,
  publish: (payload: WithTrace<T>) => R,
): R {
  return Sentry.startSpan(
    {
      name: queue,
      op: "queue.publish",
      attributes: { "messaging.destination.name": queue, "messaging.system": "job-queue" },
    },
    () => {
      const trace = Sentry.getTraceData();
      const carrier: TraceCarrier = {};
      if (trace["sentry-trace"]) carrier["sentry-trace"] = trace["sentry-trace"];
      if (trace.baggage) carrier.baggage = trace.baggage;
      return publish({ ...payload, [TRACE_KEY]: carrier });
    },
  );
}

/**
 * Runs a job handler in a fresh isolation scope, continuing the trace found in its payload, inside
 * a `queue.process` transaction. The handler gets the payload without the trace carrier.
 */
export function processTracedJob<T extends object, R>(
  queue: string,
  payload: WithTrace<T>,
  handler: (payload: T) => R,
): R {
  const { [TRACE_KEY]: carrier, ...rest } = payload;
  return Sentry.withIsolationScope(() =>
    Sentry.continueTrace(
      { sentryTrace: carrier?.["sentry-trace"], baggage: carrier?.baggage },
      () =>
        Sentry.startSpan(
          {
            name: queue,
            op: "queue.process",
            forceTransaction: true,
            attributes: { "messaging.destination.name": queue, "messaging.system": "job-queue" },
          },
          () => handler(rest as T),
        ),
    ),
  );
}
