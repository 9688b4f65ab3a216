import { describe, expect, it } from "vitest";
import { llmEnvSchema, parseLlmEnv, providersFromConfig } from "./config.js";

describe("parseLlmEnv", () => {
  it("runs keyless with no variables set", () => {
    const result = parseLlmEnv({});
    expect(result.ok).toBe(true);
    if (result.ok) expect(providersFromConfig(result.value).map((p) => p.name)).toEqual(["local"]);
  });

  it("orders the configured providers and keeps local last", () => {
    const result = parseLlmEnv({
      ANTHROPIC_API_KEY: "sk-ant",
      OPENAI_API_KEY: "sk-oa",
      OPENAI_MODEL: "gpt-x",
      LLM_PROVIDERS: "openai, anthropic",
      LLM_ATTEMPT_TIMEOUT_MS: "5000",
      LLM_DEADLINE_MS: "20000",
      ANTHROPIC_BASE_URL: " ",
    });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(providersFromConfig(result.value).map((p) => `${p.name}:${p.model}`)).toEqual([
      "openai:gpt-x",
      "anthropic:claude-sonnet-4-5",
      "local:po-pro-rules-1",
    ]);
    expect(result.value.timeouts).toEqual({ attemptMs: 5000, deadlineMs: 20000 });
    expect(result.value.anthropic?.baseURL).toBeUndefined();
  });

  it("names every malformed variable", () => {
    const result = parseLlmEnv({
      OPENAI_MODEL: "gpt-x",
      LLM_ATTEMPT_TIMEOUT_MS: "soon",
      LLM_PROVIDERS: "anthropic,gemini",
      ANTHROPIC_BASE_URL: "ftp://x",
      ANTHROPIC_API_KEY: "sk ant",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.variable).sort()).toEqual([
      "ANTHROPIC_API_KEY",
      "ANTHROPIC_BASE_URL",
      "LLM_ATTEMPT_TIMEOUT_MS",
      "LLM_PROVIDERS",
      "OPENAI_API_KEY",
    ]);
    expect(result.problems).toContainEqual({
      variable: "LLM_ATTEMPT_TIMEOUT_MS",
      message: "must be an integer ≥ 1",
    });
  });

  it("checks the deadline against the attempt timeout", () => {
    const result = parseLlmEnv({ LLM_ATTEMPT_TIMEOUT_MS: "5000", LLM_DEADLINE_MS: "1000" });
    expect(result).toEqual({
      ok: false,
      problems: [
        { variable: "LLM_DEADLINE_MS", message: "must be at least LLM_ATTEMPT_TIMEOUT_MS" },
      ],
    });
  });

  it("keys its schema by variable name, for the app's env.ts", () => {
    expect(Object.keys(llmEnvSchema.shape)).toContain("ANTHROPIC_API_KEY");
  });
});
