/**
 * The observability package's environment variables as a zod schema (the `@po-pro/env`
 * convention). Server runtimes only: the browser build never imports this module, so zod stays
 * out of the page's JavaScript.
 */
import { type EnvResult, type EnvSource, parseEnv } from "@po-pro/env";
import { z } from "zod";
import { parseDsn } from "./dsn.js";

export type { EnvSource };

const rate = z
  .string()
  .optional()
  .transform((raw, context) => {
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (Number.isFinite(value) && value >= 0 && value <= 1) return value;
    context.addIssue({ code: "custom", message: `must be a number between 0 and 1, got "${raw}"` });
    return z.NEVER;
  });

function toBoolean(raw: string): boolean | undefined {
  const value = raw.toLowerCase();
  if (["1", "true", "yes", "on"].includes(value)) return true;
  if (["0", "false", "no", "off"].includes(value)) return false;
  return undefined;
}

const boolean = z
  .string()
  .optional()
  .transform((raw, context) => {
    if (raw === undefined) return undefined;
    const value = toBoolean(raw);
    if (value !== undefined) return value;
    context.addIssue({ code: "custom", message: `must be true or false, got "${raw}"` });
    return z.NEVER;
  });

const release = z.string().optional();

/**
 * The environment variables `init` reads (at call time, never at import time), keyed by name:
 * an app composes this in its `env.ts` with the other packages' schemas.
 */
export const observabilityEnvSchema = z.object({
  /** Where events go; with none, nothing is sent (in development, Spotlight may get them). */
  SENTRY_DSN: z
    .string()
    .optional()
    .superRefine((dsn, context) => {
      if (dsn === undefined) return;
      try {
        parseDsn(dsn, "SENTRY_DSN");
      } catch (error) {
        const message = (error as Error).message.replace(/^SENTRY_DSN /, "");
        context.addIssue({ code: "custom", message });
      }
    }),
  /** Default `NODE_ENV`, then "development". */
  SENTRY_ENVIRONMENT: z.string().optional(),
  NODE_ENV: z.string().optional(),
  /** Default: the first of the git SHA variables below that is set. */
  SENTRY_RELEASE: release,
  GIT_SHA: release,
  GIT_COMMIT: release,
  SOURCE_VERSION: release,
  VERCEL_GIT_COMMIT_SHA: release,
  GITHUB_SHA: release,
  COMMIT_SHA: release,
  /** Share of ordinary traces to keep (0..1); default 0.1. */
  SENTRY_TRACES_SAMPLE_RATE: rate,
  /** Share of sessions continuously profiled (0..1, Node only); default 0. */
  SENTRY_PROFILE_SESSION_SAMPLE_RATE: rate,
  SENTRY_DEBUG: boolean,
  /** In development with no DSN: `true`, or the Spotlight sidecar's URL. */
  SENTRY_SPOTLIGHT: z
    .string()
    .optional()
    .transform((raw, context): boolean | string | undefined => {
      if (raw === undefined || /^https?:\/\//.test(raw)) return raw;
      const value = toBoolean(raw);
      if (value !== undefined) return value;
      context.addIssue({
        code: "custom",
        message: `must be true, false or the sidecar's URL, got "${raw}"`,
      });
      return z.NEVER;
    }),
});

export type ObservabilityEnv = z.output<typeof observabilityEnvSchema>;

/** The observability variables from `env`, or every `{ variable, message }` problem with them. */
export function parseObservabilityEnv(env: EnvSource): EnvResult<ObservabilityEnv> {
  return parseEnv(observabilityEnvSchema, env);
}
