import OpenAI from "openai";
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

export interface OpenAIProviderOptions {
  apiKey: string;
  model: string;
  baseURL?: string;
  maxTokens?: number;
  sdkTimeoutMs?: number;
}

/**
 * OpenAI Chat Completions with a forced function call whose parameters are the
 * SupplierResponse schema (not `strict`: strict mode needs every property required, and the
 * schema has optional fields). The output is held to the same zod schema as Anthropic's.
 */
export function createOpenAIProvider(options: OpenAIProviderOptions): ExtractionProvider {
  const client = new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseURL,
    maxRetries: 0,
    timeout: options.sdkTimeoutMs ?? 120_000,
  });
  const schema = supplierResponseJsonSchema();
  return {
    name: "openai",
    model: options.model,
    system: "openai",
    remote: true,
    async extract(call: ProviderCall) {
      const content = userContent(call);
      const completion = await client.chat.completions.create(
        {
          model: options.model,
          max_completion_tokens: options.maxTokens ?? 2048,
          messages: [
            { role: "system", content: call.prompt.system },
            { role: "user", content },
          ],
          tools: [
            {
              type: "function",
              function: {
                name: EXTRACTION_TOOL_NAME,
                description: EXTRACTION_TOOL_DESCRIPTION,
                parameters: schema,
              },
            },
          ],
          tool_choice: { type: "function", function: { name: EXTRACTION_TOOL_NAME } },
        },
        { signal: call.signal },
      );
      const usage = {
        inputTokens: completion.usage?.prompt_tokens ?? 0,
        outputTokens: completion.usage?.completion_tokens ?? 0,
      };
      const message = completion.choices[0]?.message;
      const toolCall = message?.tool_calls?.find(
        (candidate) =>
          candidate.type === "function" && candidate.function.name === EXTRACTION_TOOL_NAME,
      );
      const text =
        toolCall !== undefined && toolCall.type === "function"
          ? toolCall.function.arguments
          : (message?.content ?? "");
      const parsed = parseJsonOutput(text);
      return {
        output: parsed.output,
        raw: text,
        usage,
        ...(parsed.parseError !== undefined ? { parseError: parsed.parseError } : {}),
      };
    },
  };
}
