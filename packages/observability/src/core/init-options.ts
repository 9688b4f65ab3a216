import type { Client, Options as CoreOptions, DataCollection, ErrorEvent } from "@sentry/core";
import { assertRateOption, ObservabilityConfigError } from "./config-error.js";
import { parseDsn } from "./dsn.js";
import {
  type EnvParser,
  type EnvSource,
  type ObservabilityEnvDefaults,
  readEnvDefaults,
} from "./env-defaults.js";
import type { DropReason, ErrorFilterOptions } from "./filters.js";
import { createPrivacyHooks } from "./hooks.js";
import {
  createSampleDecider,
  createTracesSampler,
  type SampleDecider,
  type SamplingRule,
} from "./sampler.js";
import type { Scrubber, ScrubberOptions } from "./scrubber.js";
import { TAG } from "./tags.js";

/** Options every runtime's init accepts. */
export interface CommonInitOptions {
  /** The service name; becomes the `service` tag on every event and metric. */
  service: string;
  /** Default `SENTRY_DSN`. With none, nothing is sent (or, in development, Spotlight gets it). */
  dsn?: string;
  /** Default `SENTRY_ENVIRONMENT`, then `NODE_ENV`, then "development". */
  environment?: string;
  /** Default `SENTRY_RELEASE` or a git SHA variable (GIT_SHA, VERCEL_GIT_COMMIT_SHA, …). */
  release?: string;
  /**
   * Share of ordinary traces to keep; default `SENTRY_TRACES_SAMPLE_RATE`, else 0.1.
   * 0 turns tracing off entirely (errors only).
   */
  tracesSampleRate?: number;
  /** Route/transaction rules before the built-in ones (critical flows 100 %, probes 0 %). */
  samplingRules?: readonly SamplingRule[];
  /** Throw on any configuration problem instead of warning and carrying on (for start-up checks). */
  strict?: boolean;
  scrub?: ScrubberOptions;
  filters?: ErrorFilterOptions;
  /** In development with no DSN: true, or the sidecar URL. Default `SENTRY_SPOTLIGHT`. */
  spotlight?: boolean | string;
  /**
   * `"stream"` (default): spans are streamed, as Sentry ingests them. `"static"`: each trace goes
   * as one transaction event — what Spotlight's Traces view (4.11.8, the newest) reads, so it is
   * also chosen whenever events go to Spotlight.
   */
  traceLifecycle?: "stream" | "static";
  /** Called for each error event that will be sent, e.g. to count it in Prometheus. */
  onEventSent?: (event: ErrorEvent) => void;
  onEventDropped?: (reason: DropReason, event: ErrorEvent) => void;
  /** Where warnings go; default `console.warn`. */
  warn?: (message: string) => void;
  /** Environment to read defaults from; default `process.env` at call time. */
  env?: EnvSource;
}

/** No PII: no user data, cookies, bodies, query data or local variables leave the process. */
export const NO_PII_DATA_COLLECTION: DataCollection = {
  userInfo: false,
  cookies: false,
  httpHeaders: {
    request: { allow: ["user-agent", "content-type", "content-length", "accept", "x-request-id"] },
    response: { allow: ["content-type", "content-length"] },
  },
  httpBodies: [],
  urlQueryParams: false,
  graphQL: { document: true, variables: false },
  genAI: { inputs: false, outputs: false },
  databaseQueryData: false,
  queues: false,
  stackFrameVariables: false,
  frameContextLines: 5,
};

export const HEALTH_SPAN_NAME = /(^|[\s/])(health|healthz|ready|readyz|live|livez|metrics)$/;

export type ResolvedInit =
  | { enabled: false; reason: string; environment: string; release: string | undefined }
  | {
      enabled: true;
      environment: string;
      release: string | undefined;
      tracing: boolean;
      /** The sampling decision as a plain function, for runtimes that decide before the SDK. */
      decideSampling: SampleDecider | undefined;
      env: ObservabilityEnvDefaults;
      scrubber: Scrubber;
      /** Runtime-agnostic Sentry options; each runtime adds its transport and integrations. */
      options: CoreOptions;
    };

/** Checks the `dsn` option; a malformed one joins `problems`. */
function isValidDsnOption(dsn: string, problems: ObservabilityConfigError[]): boolean {
  try {
    parseDsn(dsn, "dsn");
    return true;
  } catch (error) {
    if (!(error instanceof ObservabilityConfigError)) throw error;
    problems.push(error);
    return false;
  }
}

function processEnv(): EnvSource {
  // `process` is absent in browsers; edge runtimes have a partial one.
  return typeof process === "undefined" ? {} : process.env;
}

/**
 * Turns our options plus env into Sentry options, or into a reason not to start. Malformed
 * values become typed errors: thrown in strict mode, otherwise one warning each. Each runtime
 * passes how it reads its environment (`parseObservabilityEnv` on servers, none in browsers).
 */
export function resolveInit(options: CommonInitOptions, parseEnvironment: EnvParser): ResolvedInit {
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const env = options.env ?? processEnv();
  // `next build` imports server code to collect page data; nothing should be reported then.
  if (env.NEXT_PHASE === "phase-production-build") {
    return { enabled: false, reason: "next build", environment: "build", release: undefined };
  }
  const { values, problems: envProblems } = readEnvDefaults(env, parseEnvironment);
  // An explicit `dsn` option replaces SENTRY_DSN, so a malformed one is no problem then.
  const problems =
    options.dsn === undefined
      ? envProblems
      : envProblems.filter((problem) => problem.variable !== "SENTRY_DSN");
  try {
    assertRateOption("tracesSampleRate", options.tracesSampleRate);
  } catch (error) {
    problems.push(error as ObservabilityConfigError);
  }
  const environment = options.environment ?? values.environment ?? "development";
  const release = options.release ?? values.release;
  const dsnVariable = options.dsn !== undefined ? "dsn" : "SENTRY_DSN";
  // SENTRY_DSN was checked with the other variables; an explicit option is checked here.
  let dsn: string | undefined;
  let dsnMalformed = false;
  if (options.dsn === undefined) {
    dsn = values.dsn;
    dsnMalformed = problems.some((problem) => problem.variable === "SENTRY_DSN");
  } else if (options.dsn !== "") {
    dsnMalformed = !isValidDsnOption(options.dsn, problems);
    if (!dsnMalformed) dsn = options.dsn;
  }
  if (problems.length > 0) {
    if (options.strict) {
      if (problems.length === 1) throw problems[0];
      throw new ObservabilityConfigError(
        problems.map((p) => p.variable).join(", "),
        problems.map((p) => p.message).join("; "),
      );
    }
    for (const problem of problems) {
      const consequence =
        problem.variable === dsnVariable ? "sending is disabled" : "using the default";
      warn(`[@po-pro/observability] ${problem.message}; ${consequence}.`);
    }
    if (dsnMalformed) {
      return { enabled: false, reason: `malformed ${dsnVariable}`, environment, release };
    }
  }
  const spotlight = options.spotlight ?? values.spotlight;
  const useSpotlight = dsn === undefined && environment === "development" && !!spotlight;
  if (dsn === undefined && !useSpotlight) {
    return { enabled: false, reason: "no DSN", environment, release };
  }

  const tracesSampleRate = options.tracesSampleRate ?? values.tracesSampleRate ?? 0.1;
  const tracing = tracesSampleRate > 0;
  const hooks = createPrivacyHooks({
    ...(options.scrub ? { scrub: options.scrub } : {}),
    ...(options.filters ? { filters: options.filters } : {}),
    ...(options.onEventSent ? { onEventSent: options.onEventSent } : {}),
    ...(options.onEventDropped ? { onEventDropped: options.onEventDropped } : {}),
  });
  const sentryOptions: CoreOptions & { spotlight?: boolean | string } = {
    dsn,
    environment,
    ...(release !== undefined ? { release } : {}),
    ...(values.debug !== undefined ? { debug: values.debug } : {}),
    dataCollection: NO_PII_DATA_COLLECTION,
    ...(tracing
      ? {
          tracesSampler: createTracesSampler({
            defaultRate: tracesSampleRate,
            ...(options.samplingRules ? { rules: options.samplingRules } : {}),
          }),
        }
      : {
          // The SDK falls back to SENTRY_TRACES_SAMPLE_RATE when this is undefined and treats 0 as
          // "tracing on"; null is the one value that keeps errors-only mode really span-free.
          tracesSampleRate: null as unknown as undefined,
        }),
    ...(useSpotlight ? { spotlight } : {}),
    ...(useSpotlight || options.traceLifecycle === "static"
      ? { traceLifecycle: "static" as const, beforeSendTransaction: hooks.beforeSendTransaction }
      : { beforeSendSpan: hooks.beforeSendSpan }),
    beforeSend: hooks.beforeSend,
    beforeBreadcrumb: hooks.beforeBreadcrumb,
    beforeSendLog: hooks.beforeSendLog,
    beforeSendMetric: hooks.beforeSendMetric,
    ignoreSpans: [{ name: HEALTH_SPAN_NAME }],
    initialScope: { tags: { [TAG.service]: options.service } },
  };
  return {
    enabled: true,
    environment,
    release,
    tracing,
    decideSampling: tracing
      ? createSampleDecider({
          defaultRate: tracesSampleRate,
          ...(options.samplingRules ? { rules: options.samplingRules } : {}),
        })
      : undefined,
    env: values,
    scrubber: hooks.scrubber,
    options: sentryOptions,
  };
}

/** The trace header (and outgoing baggage) carries the root span's name unscrubbed otherwise. */
export function scrubDynamicSamplingContext(client: Client | undefined, scrubber: Scrubber): void {
  client?.on("createDsc", (dsc) => {
    if (dsc.transaction !== undefined) dsc.transaction = scrubber.string(dsc.transaction);
  });
}
