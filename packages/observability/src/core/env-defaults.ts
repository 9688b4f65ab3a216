/**
 * Turning parsed environment variables into `init`'s defaults. Free of zod (types only), so the
 * browser build, which reads no environment, can share `resolveInit` without bundling a parser.
 */
import type { EnvProblem, EnvResult, EnvSource } from "@po-pro/env";
import { ObservabilityConfigError } from "./config-error.js";
import type { ObservabilityEnv } from "./env.js";

export type { EnvSource };

/** Where a release comes from when `SENTRY_RELEASE` is unset, in order: CI and hosts' git SHAs. */
export const RELEASE_FALLBACK_VARIABLES = [
  "GIT_SHA",
  "GIT_COMMIT",
  "SOURCE_VERSION",
  "VERCEL_GIT_COMMIT_SHA",
  "GITHUB_SHA",
  "COMMIT_SHA",
] as const;

/** What `init` takes from the environment, once fallbacks are applied. */
export interface ObservabilityEnvDefaults {
  dsn?: string;
  environment?: string;
  release?: string;
  tracesSampleRate?: number;
  profileSessionSampleRate?: number;
  debug?: boolean;
  spotlight?: boolean | string;
}

/** How a runtime reads its environment (the browser has none; see `NO_ENVIRONMENT`). */
export type EnvParser = (env: EnvSource) => EnvResult<Partial<ObservabilityEnv>>;

export const NO_ENVIRONMENT: EnvParser = () => ({ ok: true, value: {} });

/**
 * `init`'s defaults from the environment. `init` never refuses to start over telemetry: a
 * malformed variable is left out (its default applies) and returned as an error, which the caller
 * throws in strict mode and warns about otherwise.
 */
export function readEnvDefaults(
  env: EnvSource,
  parse: EnvParser,
): { values: ObservabilityEnvDefaults; problems: ObservabilityConfigError[] } {
  let result = parse(env);
  let problems: readonly EnvProblem[] = [];
  if (!result.ok) {
    problems = result.problems;
    const withoutBad: Record<string, string | undefined> = { ...env };
    for (const problem of problems) withoutBad[problem.variable] = undefined;
    result = parse(withoutBad);
  }
  const parsed = result.ok ? result.value : {};
  const values: ObservabilityEnvDefaults = {};
  const set = <K extends keyof ObservabilityEnvDefaults>(
    key: K,
    value: ObservabilityEnvDefaults[K],
  ) => {
    if (value !== undefined) values[key] = value;
  };
  set("dsn", parsed.SENTRY_DSN);
  set("environment", parsed.SENTRY_ENVIRONMENT ?? parsed.NODE_ENV);
  set(
    "release",
    parsed.SENTRY_RELEASE ??
      RELEASE_FALLBACK_VARIABLES.map((name) => parsed[name]).find((v) => v !== undefined),
  );
  set("tracesSampleRate", parsed.SENTRY_TRACES_SAMPLE_RATE);
  set("profileSessionSampleRate", parsed.SENTRY_PROFILE_SESSION_SAMPLE_RATE);
  set("debug", parsed.SENTRY_DEBUG);
  set("spotlight", parsed.SENTRY_SPOTLIGHT);
  return {
    values,
    problems: problems.map(
      (p) => new ObservabilityConfigError(p.variable, `${p.variable} ${p.message}`),
    ),
  };
}
