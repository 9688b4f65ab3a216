import { extractLocally } from "../local/extract.js";
import type { ExtractionProvider } from "./provider.js";

export const LOCAL_MODEL = "po-pro-rules-1";

/**
 * The keyless extractor as a chain link: deterministic, no network, so it is neither
 * retried, timed out nor broken, and it runs even after the overall deadline.
 */
export function createLocalProvider(): ExtractionProvider {
  return {
    name: "local",
    model: LOCAL_MODEL,
    system: "po-pro.local",
    remote: false,
    async extract(call) {
      const output = extractLocally(call.request);
      return { output, raw: JSON.stringify(output), usage: { inputTokens: 0, outputTokens: 0 } };
    },
  };
}
