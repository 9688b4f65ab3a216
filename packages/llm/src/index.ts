/**
 * @po-pro/llm — turns a supplier's email into a validated SupplierResponse through a chain
 * of providers (Anthropic → OpenAI → keyless local extractor) with one retry owner,
 * per-attempt timeouts, an overall deadline, circuit breakers, validation and one repair.
 * Prometheus metrics live in `@po-pro/llm/prometheus`.
 */

export {
  DEFAULT_ANTHROPIC_MODEL,
  DEFAULT_OPENAI_MODEL,
  type LlmConfig,
  type LlmEnv,
  llmConfigOf,
  llmEnvSchema,
  parseLlmEnv,
  providersFromConfig,
  type RemoteProviderConfig,
} from "./config.js";
export {
  type ClassifyContext,
  classifyProviderError,
  ExtractionFailedError,
  ProviderCallError,
  ProviderConfigurationError,
  retryAfterMs,
} from "./errors.js";
export {
  type BreakerOptions,
  type CircuitStatus,
  createLlm,
  LLM_DEFAULTS,
  type Llm,
  type LlmOptions,
  type RetryOptions,
  type TimeoutOptions,
} from "./llm.js";
export {
  explainLocally,
  extractLocally,
  type LocalExtraction,
  type LocalExtractionInput,
  UNSURE_CONFIDENCE,
} from "./local/extract.js";
export {
  type AttemptMetric,
  estimateCostUsd,
  type LlmMetricsSink,
  type ModelPrice,
  NOOP_METRICS,
  type PriceTable,
} from "./metrics.js";
export {
  buildPrompt,
  DEFAULT_BUDGET,
  type Prompt,
  type PromptBudget,
  repairMessage,
  SYSTEM_PROMPT,
  splitQuotedHistory,
} from "./prompt.js";
export { type AnthropicProviderOptions, createAnthropicProvider } from "./providers/anthropic.js";
export { createLocalProvider, LOCAL_MODEL } from "./providers/local.js";
export { createOpenAIProvider, type OpenAIProviderOptions } from "./providers/openai.js";
export type { ExtractionProvider, ProviderCall, ProviderReply } from "./providers/provider.js";
export { EXTRACTION_TOOL_NAME, supplierResponseJsonSchema } from "./schema.js";
export type {
  AttemptOutcome,
  AttemptRecord,
  EmailAttachment,
  ExtractionOrder,
  ExtractionRequest,
  ExtractionResult,
  SupplierEmail,
  TokenUsage,
} from "./types.js";
export { type Validation, validateResponse } from "./validate.js";
