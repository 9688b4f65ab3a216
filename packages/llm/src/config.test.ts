import { describe, expect, it } from "vitest";
import { LlmConfigError, llmConfigFromEnv, providersFromConfig } from "./config.js";

describe("llmConfigFromEnv", () => {
  it("runs keyless with no variables set", () => {
    const config = llmConfigFromEnv({});
    expect(providersFromConfig(config).map((p) => p.name)).toEqual(["local"]);
  });

  it("orders the configured providers and keeps local last", () => {
    const config = llmConfigFromEnv({
      ANTHROPIC_API_KEY: "sk-ant",
      OPENAI_API_KEY: "sk-oa",
      OPENAI_MODEL: "gpt-x",
      LLM_PROVIDERS: "openai,anthropic",
      LLM_ATTEMPT_TIMEOUT_MS: "5000",
      LLM_DEADLINE_MS: "20000",
    });
    const providers = providersFromConfig(config);
    expect(providers.map((p) => `${p.name}:${p.model}`)).toEqual([
      "openai:gpt-x",
      "anthropic:claude-sonnet-4-5",
      "local:po-pro-rules-1",
    ]);
    expect(config.timeouts).toEqual({ attemptMs: 5000, deadlineMs: 20000 });
  });

  it("names every malformed variable", () => {
    let error: unknown;
    try {
      llmConfigFromEnv({
        OPENAI_MODEL: "gpt-x",
        LLM_ATTEMPT_TIMEOUT_MS: "soon",
        LLM_PROVIDERS: "anthropic,gemini",
        ANTHROPIC_BASE_URL: "ftp://x",
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LlmConfigError);
    expect((error as LlmConfigError).variables.sort()).toEqual([
      "ANTHROPIC_BASE_URL",
      "LLM_ATTEMPT_TIMEOUT_MS",
      "LLM_PROVIDERS",
      "OPENAI_API_KEY",
    ]);
    expect((error as Error).message).toContain("LLM_ATTEMPT_TIMEOUT_MS: must be an integer");
  });
});
