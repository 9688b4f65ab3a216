/**
 * The one configuration convention: each library exports a zod schema for its own environment
 * variables (keys are the variable names) and a parser built with `parseEnv`; an app composes
 * them with `combineEnv` in its `env.ts` and refuses to start with one message listing every
 * problem. Nothing here reads `process.env`: the caller passes the environment in.
 */
import type { z } from "zod";

/** Environment variables as the process has them: strings, some missing. */
export type EnvSource = Readonly<Record<string, string | undefined>>;

/** One bad variable and what is wrong with it, in a sentence a person can act on. */
export interface EnvProblem {
  readonly variable: string;
  readonly message: string;
}

export type EnvResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problems: readonly EnvProblem[] };

/** Thrown by `requireEnv`: every problem at once, one per line. */
export class EnvError extends Error {
  override readonly name = "EnvError";
  constructor(readonly problems: readonly EnvProblem[]) {
    super(formatEnvProblems(problems));
  }

  /** The variables at fault. */
  get variables(): string[] {
    return this.problems.map((problem) => problem.variable);
  }
}

export function formatEnvProblems(problems: readonly EnvProblem[]): string {
  const lines = problems.map((problem) => `  ${problem.variable}: ${problem.message}`);
  return `Invalid configuration (${problems.length} ${problems.length === 1 ? "problem" : "problems"}):\n${lines.join("\n")}`;
}

/**
 * Empty and blank variables count as unset (a `.env` line `SENTRY_DSN=` means "none"), so
 * schemas only ever see a trimmed value or `undefined`.
 */
function normalise(source: EnvSource, keys: readonly string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const key of keys) {
    const value = source[key]?.trim();
    out[key] = value === undefined || value === "" ? undefined : value;
  }
  return out;
}

/**
 * Validates `source` against an object schema whose keys are variable names. Each issue becomes
 * a problem named by its variable (the first path segment; a cross-variable refinement sets the
 * path to the variable it blames).
 */
export function parseEnv<Schema extends z.ZodObject>(
  schema: Schema,
  source: EnvSource,
): EnvResult<z.output<Schema>> {
  const result = schema.safeParse(normalise(source, Object.keys(schema.shape)));
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => ({
      variable: String(issue.path[0] ?? "(environment)"),
      message: issue.message,
    })),
  };
}

type Values<Results extends Record<string, EnvResult<unknown>>> = {
  [K in keyof Results]: Results[K] extends EnvResult<infer T> ? T : never;
};

/** Several packages' results as one: every value, or every problem of every package. */
export function combineEnv<Results extends Record<string, EnvResult<unknown>>>(
  results: Results,
): EnvResult<Values<Results>> {
  const problems: EnvProblem[] = [];
  const value: Record<string, unknown> = {};
  for (const [key, result] of Object.entries(results)) {
    if (result.ok) value[key] = result.value;
    else problems.push(...result.problems);
  }
  return problems.length > 0
    ? { ok: false, problems }
    : { ok: true, value: value as Values<Results> };
}

/** The value, or an `EnvError` listing every problem (for an app's start-up). */
export function requireEnv<T>(result: EnvResult<T>): T {
  if (!result.ok) throw new EnvError(result.problems);
  return result.value;
}
