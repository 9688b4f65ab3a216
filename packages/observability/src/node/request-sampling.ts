import type { TracesSamplerSamplingContext } from "@sentry/core";
import type { SampleDecider } from "../core/sampler.js";

/**
 * Decides an incoming request's sampling before the SDK does any span work for it. The SDK's
 * server-span integration asks `ignoreIncomingRequests` first; answering "ignore" for every
 * request that will not be sampled (90 % at a 10 % rate) skips span creation, attribute
 * collection and span processing for them entirely — most of tracing's per-request cost.
 * A request we keep is then sampled at 1 by `wrapTracesSampler`: the SDK starts the span
 * synchronously right after asking, so a one-shot flag carries the decision across.
 */
export function createIncomingRequestSampling(decide: SampleDecider) {
  let decidedSampled = false;
  return {
    ignoreIncomingRequests(
      urlPath: string,
      request: {
        method?: string | undefined;
        headers: Record<string, string | string[] | undefined>;
      },
    ): boolean {
      const header = request.headers["sentry-trace"];
      const flag = typeof header === "string" ? header.split("-")[2] : undefined;
      // A parent decision wins; the SDK's sampler sees it as `parentSampled`.
      if (flag === "1") return false;
      if (flag === "0") return true;
      const query = urlPath.indexOf("?");
      const path = query === -1 ? urlPath : urlPath.slice(0, query);
      const rate = decide({ name: `${request.method ?? "GET"} ${path}`, path });
      if (rate <= 0 || (rate < 1 && Math.random() >= rate)) return true;
      decidedSampled = true;
      return false;
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
