import Anthropic from "@anthropic-ai/sdk";
import {
  EXTRACTION_TOOL_DESCRIPTION,
  EXTRACTION_TOOL_NAME,
  supplierResponseJsonSchema,
} from "../schema.js";
import {
  type ExtractionProvider,
  type ProviderCall,
  parseJsonOutput,
  userContent,
} from "./provider.js";

export interface AnthropicProviderOptions {
  apiKey: string;
  model: string;
  /** For a proxy or a local test server. */
  baseURL?: string;
  maxTokens?: number;
  /** The SDK's own timeout, a backstop behind the chain's per-attempt timeout. */
  sdkTimeoutMs?: number;
}

/**
 * Anthropic Messages API with one forced tool whose input schema is SupplierResponse.
 * The SDK's retries are off (`maxRetries: 0`): it obeys any retry-after with no cap, and
 * the chain is the one retry owner.
 */
export function createAnthropicProvider(options: AnthropicProviderOptions): ExtractionProvider {
  const client = new Anthropic({
    apiKey: options.apiKey,
    baseURL: options.baseURL,
    maxRetries: 0,
    timeout: options.sdkTimeoutMs ?? 120_000,
  });
  const schema = supplierResponseJsonSchema();
  return {
    name: "anthropic",
    model: options.model,
    system: "anthropic",
    remote: true,
    async extract(call: ProviderCall) {
      const content = userContent(call);
      const message = await client.messages.create(
        {
          model: options.model,
          max_tokens: options.maxTokens ?? 2048,
          system: call.prompt.system,
          messages: [{ role: "user", content }],
          tools: [
            {
              name: EXTRACTION_TOOL_NAME,
              description: EXTRACTION_TOOL_DESCRIPTION,
              input_schema: { ...schema, type: "object" },
            },
          ],
          tool_choice: { type: "tool", name: EXTRACTION_TOOL_NAME },
        },
        { signal: call.signal },
      );
      const usage = {
        inputTokens: message.usage?.input_tokens ?? 0,
        outputTokens: message.usage?.output_tokens ?? 0,
      };
      for (const block of message.content) {
        if (block.type === "tool_use" && block.name === EXTRACTION_TOOL_NAME) {
          return { output: block.input, raw: JSON.stringify(block.input), usage };
        }
      }
      const text = message.content
        .map((block) => (block.type === "text" ? block.text : ""))
        .join("")
        .trim();
      const parsed = parseJsonOutput(text);
      return {
        output: parsed.output,
        raw: text,
        usage,
        ...(parsed.parseError !== undefined
          ? { parseError: `no ${EXTRACTION_TOOL_NAME} tool call, and ${parsed.parseError}` }
          : {}),
      };
    },
  };
}
