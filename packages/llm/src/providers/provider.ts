import type { Prompt } from "../prompt.js";
import { repairMessage } from "../prompt.js";
import type { ExtractionRequest, TokenUsage } from "../types.js";

export interface ProviderCall {
  request: ExtractionRequest;
  prompt: Prompt;
  /** Set on the one repair call: the rejected output and why it was rejected. */
  repair?: { previousOutput: string; problems: readonly string[] };
  /** Aborted by the per-attempt timeout, the overall deadline or the caller. */
  signal: AbortSignal;
}

export interface ProviderReply {
  /** The parsed output (tool input or JSON), or undefined when there was none. */
  output: unknown;
  /** The output as text, for the repair message. */
  raw: string;
  /** Why `output` is undefined (no tool call, not JSON). */
  parseError?: string;
  usage: TokenUsage;
}

/** One link of the chain. Remote providers are retried, timed and broken; local ones are not. */
export interface ExtractionProvider {
  /** Short name used in tags and metrics: "anthropic", "openai", "local". */
  readonly name: string;
  readonly model: string;
  /** OpenTelemetry `gen_ai.system` value. */
  readonly system: string;
  readonly remote: boolean;
  extract(call: ProviderCall): Promise<ProviderReply>;
}

export function parseJsonOutput(text: string): { output: unknown; parseError?: string } {
  const trimmed = text
    .trim()
    .replace(/^```(?:json)?\s*/i, "")
    .replace(/```$/, "")
    .trim();
  try {
    return { output: JSON.parse(trimmed) };
  } catch (error) {
    return {
      output: undefined,
      parseError: `the output is not JSON (${error instanceof Error ? error.message : String(error)})`,
    };
  }
}

/** The user turn of a call: the prompt, plus the repair request on the one repair call. */
export function userContent(call: ProviderCall): string {
  if (call.repair === undefined) return call.prompt.user;
  return `${call.prompt.user}\n\n${repairMessage(call.repair.previousOutput, call.repair.problems)}`;
}
