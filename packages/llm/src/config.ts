/**
 * Configuration from environment variables, parsed by the app's `env.ts` (this package reads
 * no env at import time). Every problem names its variable.
 */
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

export interface LlmConfigProblem {
  variable: string;
  message: string;
}

export class LlmConfigError extends Error {
  override readonly name = "LlmConfigError";
  constructor(readonly problems: readonly LlmConfigProblem[]) {
    super(
      `invalid LLM configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join("\n")}`,
    );
  }

  /** The variables at fault, for a start-up message. */
  get variables(): string[] {
    return this.problems.map((p) => p.variable);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === "" ? undefined : value;
}

/**
 * Parses `ANTHROPIC_API_KEY`, `ANTHROPIC_MODEL`, `ANTHROPIC_BASE_URL`, `OPENAI_API_KEY`,
 * `OPENAI_MODEL`, `OPENAI_BASE_URL`, `LLM_PROVIDERS` (e.g. "openai,anthropic"),
 * `LLM_ATTEMPT_TIMEOUT_MS`, `LLM_DEADLINE_MS`, `LLM_MAX_RETRIES`, `LLM_MAX_RETRY_AFTER_MS`,
 * `LLM_BREAKER_THRESHOLD`, `LLM_BREAKER_COOLDOWN_MS`, `LLM_MAX_INPUT_CHARS`.
 * With no key set, the chain is the keyless extractor alone.
 *
 * @throws LlmConfigError listing every malformed variable.
 */
export function llmConfigFromEnv(env: Env): LlmConfig {
  const problems: LlmConfigProblem[] = [];
  const integer = (name: string, min: number): number | undefined => {
    const raw = text(env, name);
    if (raw === undefined) return undefined;
    if (!/^\d+$/.test(raw) || Number(raw) < min) {
      problems.push({ variable: name, message: `must be an integer ≥ ${min}, got "${raw}"` });
      return undefined;
    }
    return Number(raw);
  };
  const url = (name: string): string | undefined => {
    const raw = text(env, name);
    if (raw === undefined) return undefined;
    try {
      const parsed = new URL(raw);
      if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new Error("protocol");
      return raw;
    } catch {
      problems.push({ variable: name, message: `must be an http(s) URL, got "${raw}"` });
      return undefined;
    }
  };
  const remote = (prefix: "ANTHROPIC" | "OPENAI", defaultModel: string) => {
    const apiKey = text(env, `${prefix}_API_KEY`);
    const model = text(env, `${prefix}_MODEL`) ?? defaultModel;
    const baseURL = url(`${prefix}_BASE_URL`);
    if (apiKey === undefined) {
      if (text(env, `${prefix}_MODEL`) !== undefined) {
        problems.push({
          variable: `${prefix}_API_KEY`,
          message: `is required when ${prefix}_MODEL is set`,
        });
      }
      return undefined;
    }
    if (/\s/.test(apiKey)) {
      problems.push({ variable: `${prefix}_API_KEY`, message: "must not contain whitespace" });
    }
    return { apiKey, model, ...(baseURL !== undefined ? { baseURL } : {}) };
  };
  const anthropic = remote("ANTHROPIC", DEFAULT_ANTHROPIC_MODEL);
  const openai = remote("OPENAI", DEFAULT_OPENAI_MODEL);

  let order: ("anthropic" | "openai")[] = ["anthropic", "openai"];
  const rawOrder = text(env, "LLM_PROVIDERS");
  if (rawOrder !== undefined) {
    const names = rawOrder
      .split(",")
      .map((n) => n.trim().toLowerCase())
      .filter((n) => n !== "local");
    const unknown = names.filter((n) => n !== "anthropic" && n !== "openai");
    if (unknown.length > 0 || new Set(names).size !== names.length) {
      problems.push({
        variable: "LLM_PROVIDERS",
        message: `must list anthropic and/or openai once each (local is always last), got "${rawOrder}"`,
      });
    } else order = names as ("anthropic" | "openai")[];
  }
  const attemptMs = integer("LLM_ATTEMPT_TIMEOUT_MS", 1);
  const deadlineMs = integer("LLM_DEADLINE_MS", 1);
  if (attemptMs !== undefined && deadlineMs !== undefined && deadlineMs < attemptMs) {
    problems.push({
      variable: "LLM_DEADLINE_MS",
      message: "must be at least LLM_ATTEMPT_TIMEOUT_MS",
    });
  }
  const maxRetries = integer("LLM_MAX_RETRIES", 0);
  const maxRetryAfterMs = integer("LLM_MAX_RETRY_AFTER_MS", 0);
  const failureThreshold = integer("LLM_BREAKER_THRESHOLD", 1);
  const cooldownMs = integer("LLM_BREAKER_COOLDOWN_MS", 0);
  const maxInputChars = integer("LLM_MAX_INPUT_CHARS", 1_000);
  if (problems.length > 0) throw new LlmConfigError(problems);
  const defined = <T extends object>(value: T) =>
    Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
  return {
    ...(anthropic !== undefined ? { anthropic } : {}),
    ...(openai !== undefined ? { openai } : {}),
    order,
    timeouts: defined({ attemptMs, deadlineMs }),
    retry: defined({ maxRetries, maxRetryAfterMs }),
    breaker: defined({ failureThreshold, cooldownMs }),
    budget: defined({ maxInputChars }),
  };
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
