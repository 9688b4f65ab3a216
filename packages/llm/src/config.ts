/**
 * Configuration from environment variables, in the `@po-pro/env` convention: a zod schema
 * keyed by variable name and a parser returning `{ variable, message }` problems.
 */
import { type EnvResult, type EnvSource, parseEnv } from "@po-pro/env";
import { z } from "zod";
import type { BreakerOptions, RetryOptions, TimeoutOptions } from "./llm.js";
import type { PromptBudget } from "./prompt.js";
import { createAnthropicProvider } from "./providers/anthropic.js";
import { createLocalProvider } from "./providers/local.js";
import { createOpenAIProvider } from "./providers/openai.js";
import type { ExtractionProvider } from "./providers/provider.js";

export const DEFAULT_ANTHROPIC_MODEL = "claude-sonnet-4-5";
export const DEFAULT_OPENAI_MODEL = "gpt-4.1-mini";

export interface RemoteProviderConfig {
  apiKey: string;
  model: string;
  baseURL?: string;
}

export interface LlmConfig {
  anthropic?: RemoteProviderConfig;
  openai?: RemoteProviderConfig;
  /** Chain order by name; the keyless extractor is always last. */
  order: ("anthropic" | "openai")[];
  timeouts: Partial<TimeoutOptions>;
  retry: Partial<RetryOptions>;
  breaker: Partial<BreakerOptions>;
  budget: Partial<PromptBudget>;
}

const integer = (min: number) =>
  z
    .string()
    .regex(/^\d+$/, `must be an integer ≥ ${min}`)
    .transform(Number)
    .refine((n) => n >= min, `must be an integer ≥ ${min}`)
    .optional();

const httpUrl = z
  .string()
  .refine((raw) => {
    try {
      const { protocol } = new URL(raw);
      return protocol === "http:" || protocol === "https:";
    } catch {
      return false;
    }
  }, "must be an http(s) URL")
  .optional();

const apiKey = z.string().regex(/^\S+$/, "must not contain whitespace").optional();

/**
 * The variables this package reads, keyed by name (the `@po-pro/env` convention). Blank
 * variables count as unset. With no key set, the chain is the keyless extractor alone.
 */
export const llmEnvSchema = z
  .object({
    ANTHROPIC_API_KEY: apiKey,
    ANTHROPIC_MODEL: z.string().optional(),
    ANTHROPIC_BASE_URL: httpUrl,
    OPENAI_API_KEY: apiKey,
    OPENAI_MODEL: z.string().optional(),
    OPENAI_BASE_URL: httpUrl,
    LLM_PROVIDERS: z
      .string()
      .transform((raw) =>
        raw
          .split(",")
          .map((name) => name.trim().toLowerCase())
          .filter((name) => name !== "local" && name !== ""),
      )
      .refine(
        (names) =>
          names.every((n) => n === "anthropic" || n === "openai") &&
          new Set(names).size === names.length,
        "must list anthropic and/or openai once each (local is always last)",
      )
      .optional(),
    LLM_ATTEMPT_TIMEOUT_MS: integer(1),
    LLM_DEADLINE_MS: integer(1),
    LLM_MAX_RETRIES: integer(0),
    LLM_MAX_RETRY_AFTER_MS: integer(0),
    LLM_BREAKER_THRESHOLD: integer(1),
    LLM_BREAKER_COOLDOWN_MS: integer(0),
    LLM_MAX_INPUT_CHARS: integer(1_000),
  })
  .superRefine((env, ctx) => {
    for (const prefix of ["ANTHROPIC", "OPENAI"] as const) {
      if (env[`${prefix}_MODEL`] !== undefined && env[`${prefix}_API_KEY`] === undefined)
        ctx.addIssue({
          code: "custom",
          path: [`${prefix}_API_KEY`],
          message: `is required when ${prefix}_MODEL is set`,
        });
    }
    const { LLM_ATTEMPT_TIMEOUT_MS: attempt, LLM_DEADLINE_MS: deadline } = env;
    if (attempt !== undefined && deadline !== undefined && deadline < attempt)
      ctx.addIssue({
        code: "custom",
        path: ["LLM_DEADLINE_MS"],
        message: "must be at least LLM_ATTEMPT_TIMEOUT_MS",
      });
  });

export type LlmEnv = z.output<typeof llmEnvSchema>;

const defined = <T extends object>(value: T) =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;

function remote(
  apiKey: string | undefined,
  model: string | undefined,
  baseURL: string | undefined,
  defaultModel: string,
): RemoteProviderConfig | undefined {
  if (apiKey === undefined) return undefined;
  return { apiKey, model: model ?? defaultModel, ...(baseURL !== undefined ? { baseURL } : {}) };
}

/** The configuration the variables describe (see `llmEnvSchema`). */
export function llmConfigOf(env: LlmEnv): LlmConfig {
  const anthropic = remote(
    env.ANTHROPIC_API_KEY,
    env.ANTHROPIC_MODEL,
    env.ANTHROPIC_BASE_URL,
    DEFAULT_ANTHROPIC_MODEL,
  );
  const openai = remote(
    env.OPENAI_API_KEY,
    env.OPENAI_MODEL,
    env.OPENAI_BASE_URL,
    DEFAULT_OPENAI_MODEL,
  );
  return {
    ...(anthropic !== undefined ? { anthropic } : {}),
    ...(openai !== undefined ? { openai } : {}),
    order: (env.LLM_PROVIDERS ?? ["anthropic", "openai"]) as ("anthropic" | "openai")[],
    timeouts: defined({ attemptMs: env.LLM_ATTEMPT_TIMEOUT_MS, deadlineMs: env.LLM_DEADLINE_MS }),
    retry: defined({
      maxRetries: env.LLM_MAX_RETRIES,
      maxRetryAfterMs: env.LLM_MAX_RETRY_AFTER_MS,
    }),
    breaker: defined({
      failureThreshold: env.LLM_BREAKER_THRESHOLD,
      cooldownMs: env.LLM_BREAKER_COOLDOWN_MS,
    }),
    budget: defined({ maxInputChars: env.LLM_MAX_INPUT_CHARS }),
  };
}

/**
 * Parses the environment (the app's `env.ts` passes it in; nothing here reads `process.env`)
 * into an `LlmConfig`, or every `{ variable, message }` problem.
 */
export function parseLlmEnv(source: EnvSource): EnvResult<LlmConfig> {
  const parsed = parseEnv(llmEnvSchema, source);
  return parsed.ok ? { ok: true, value: llmConfigOf(parsed.value) } : parsed;
}

/** The chain a configuration describes: configured remote providers in order, then local. */
export function providersFromConfig(config: LlmConfig): ExtractionProvider[] {
  const providers: ExtractionProvider[] = [];
  for (const name of config.order) {
    const remote = config[name];
    if (remote === undefined) continue;
    providers.push(
      name === "anthropic" ? createAnthropicProvider(remote) : createOpenAIProvider(remote),
    );
  }
  providers.push(createLocalProvider());
  return providers;
}
