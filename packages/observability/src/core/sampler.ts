import type { TracesSamplerSamplingContext } from "@sentry/core";

/** A route or transaction-name pattern and the share of matching traces to keep. */
export interface SamplingRule {
  /** Matched against the span name (e.g. `POST /orders`) and the request path. */
  match: string | RegExp;
  rate: number;
}

export interface SamplerOptions {
  /** Checked in order, first match wins; these come before the built-in rules. */
  rules?: readonly SamplingRule[];
  /** Rate for anything no rule matches. */
  defaultRate: number;
  /** Set false to drop the built-in critical-flow and health-check rules. */
  builtInRules?: boolean;
}

/** Critical flows are always traced; probes and scrapes never are. */
export const BUILT_IN_SAMPLING_RULES: readonly SamplingRule[] = [
  { match: /(^|[\s/])(health|healthz|ready|readyz|live|livez|metrics)(\/|$|\?)/, rate: 0 },
  { match: /approv/i, rate: 1 },
  { match: /^(POST|PUT)\s+\/(api\/)?orders\/?$/, rate: 1 },
  { match: /order\.create|create-order|orders\.create/i, rate: 1 },
];

export interface SamplingInput {
  name: string;
  path?: string | undefined;
  parentSampled?: boolean | undefined;
}

export type SampleDecider = (input: SamplingInput) => number;

function matches(rule: SamplingRule, text: string): boolean {
  if (typeof rule.match === "string") return text.includes(rule.match);
  rule.match.lastIndex = 0;
  return rule.match.test(text);
}

/**
 * Returns the rate for a span. An incoming parent decision always wins, so one trace is
 * either complete across services or absent, never cut in half.
 */
export function createSampleDecider(options: SamplerOptions): SampleDecider {
  assertRate("defaultRate", options.defaultRate);
  const rules = [
    ...(options.rules ?? []),
    ...(options.builtInRules === false ? [] : BUILT_IN_SAMPLING_RULES),
  ];
  for (const rule of rules) assertRate(`rule ${String(rule.match)}`, rule.rate);
  return ({ name, path, parentSampled }) => {
    if (parentSampled !== undefined) return parentSampled ? 1 : 0;
    for (const rule of rules) {
      if (matches(rule, name) || (path !== undefined && matches(rule, path))) return rule.rate;
    }
    return options.defaultRate;
  };
}

/** The same decision as a Sentry `tracesSampler`. */
export function createTracesSampler(
  options: SamplerOptions,
): (context: TracesSamplerSamplingContext) => number {
  const decide = createSampleDecider(options);
  return (context) => {
    const url = context.normalizedRequest?.url;
    const target = context.attributes?.["url.path"] ?? context.attributes?.["http.target"];
    const path = typeof target === "string" ? target : url ? pathOf(url) : undefined;
    return decide({ name: context.name, path, parentSampled: context.parentSampled });
  };
}

function pathOf(url: string): string {
  const start = url.indexOf("://");
  const slash = start === -1 ? url.indexOf("/") : url.indexOf("/", start + 3);
  return slash === -1 ? "/" : url.slice(slash);
}

function assertRate(name: string, rate: number): void {
  if (!(typeof rate === "number" && rate >= 0 && rate <= 1)) {
    throw new RangeError(`sampling ${name} must be a number between 0 and 1, got ${String(rate)}`);
  }
}
