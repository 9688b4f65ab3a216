import { ObservabilityConfigError, parseRate } from "../core/config-error.js";

/** The environment variables `init` reads (at call time, never at import time). */
export interface ObservabilityEnv {
  dsn?: string;
  environment?: string;
  release?: string;
  tracesSampleRate?: number;
  profileSessionSampleRate?: number;
  debug?: boolean;
  spotlight?: boolean | string;
}

export type EnvSource = Readonly<Record<string, string | undefined>>;

const RELEASE_VARIABLES = [
  "SENTRY_RELEASE",
  "GIT_SHA",
  "GIT_COMMIT",
  "SOURCE_VERSION",
  "VERCEL_GIT_COMMIT_SHA",
  "GITHUB_SHA",
  "COMMIT_SHA",
];

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function parseBool(variable: string, raw: string | undefined): boolean | undefined {
  const value = nonEmpty(raw)?.toLowerCase();
  if (value === undefined) return undefined;
  if (["1", "true", "yes", "on"].includes(value)) return true;
  if (["0", "false", "no", "off"].includes(value)) return false;
  throw new ObservabilityConfigError(variable, `${variable} must be true or false, got "${raw}"`);
}

/**
 * Reads SENTRY_* variables. Every malformed one becomes an error in `problems` (the caller
 * decides whether to throw or warn) and is left out of `values`.
 */
export function readObservabilityEnv(env: EnvSource): {
  values: ObservabilityEnv;
  problems: ObservabilityConfigError[];
} {
  const values: ObservabilityEnv = {};
  const problems: ObservabilityConfigError[] = [];
  const attempt = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      if (error instanceof ObservabilityConfigError) problems.push(error);
      else throw error;
    }
  };
  const dsn = nonEmpty(env.SENTRY_DSN);
  if (dsn !== undefined) values.dsn = dsn;
  const environment = nonEmpty(env.SENTRY_ENVIRONMENT) ?? nonEmpty(env.NODE_ENV);
  if (environment !== undefined) values.environment = environment;
  for (const name of RELEASE_VARIABLES) {
    const release = nonEmpty(env[name]);
    if (release !== undefined) {
      values.release = release;
      break;
    }
  }
  attempt(() => {
    const rate = parseRate("SENTRY_TRACES_SAMPLE_RATE", env.SENTRY_TRACES_SAMPLE_RATE);
    if (rate !== undefined) values.tracesSampleRate = rate;
  });
  attempt(() => {
    const rate = parseRate(
      "SENTRY_PROFILE_SESSION_SAMPLE_RATE",
      env.SENTRY_PROFILE_SESSION_SAMPLE_RATE,
    );
    if (rate !== undefined) values.profileSessionSampleRate = rate;
  });
  attempt(() => {
    const debug = parseBool("SENTRY_DEBUG", env.SENTRY_DEBUG);
    if (debug !== undefined) values.debug = debug;
  });
  const spotlight = nonEmpty(env.SENTRY_SPOTLIGHT);
  if (spotlight !== undefined) {
    if (/^https?:\/\//.test(spotlight)) values.spotlight = spotlight;
    else
      attempt(() => {
        const on = parseBool("SENTRY_SPOTLIGHT", spotlight);
        if (on !== undefined) values.spotlight = on;
      });
  }
  return { values, problems };
}
