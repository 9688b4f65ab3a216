import type { TracesSamplerSamplingContext } from "@sentry/core";
import type { SampleDecider } from "../core/sampler.js";

/** The `sampled` flag of a `sentry-trace` header: true, false, or undefined (deferred/absent). */
export function parentSampledFromHeader(
  header: string | string[] | undefined,
): boolean | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return undefined;
  const flag = value.split("-")[2];
  return flag === "1" ? true : flag === "0" ? false : undefined;
}

/**
 * Decides an incoming request's sampling from its route before any span or scope work, so an
 * unsampled request (90 % at a 10 % rate) costs almost nothing. A request we keep is then
 * sampled at 1 by `wrapTracesSampler`: the span is started synchronously right after the
 * decision, so a one-shot flag carries it across to the SDK's sampler.
 */
export function createIncomingRequestSampling(decide: SampleDecider) {
  let decidedSampled = false;
  return {
    /** Whether to trace this request; a parent decision in `sentry-trace` wins. */
    sampleRequest(
      method: string,
      path: string,
      sentryTrace: string | string[] | undefined,
    ): boolean {
      const parent = parentSampledFromHeader(sentryTrace);
      if (parent !== undefined) return parent;
      const rate = decide({ name: `${method} ${path}`, path });
      if (rate <= 0 || (rate < 1 && Math.random() >= rate)) return false;
      decidedSampled = true;
      return true;
    },
    wrapTracesSampler(
      sampler: (context: TracesSamplerSamplingContext) => number,
    ): (context: TracesSamplerSamplingContext) => number {
      return (context) => {
        if (decidedSampled && context.parentSampled === undefined) {
          decidedSampled = false;
          return 1;
        }
        return sampler(context);
      };
    },
  };
}

export type IncomingRequestSampling = ReturnType<typeof createIncomingRequestSampling>;
