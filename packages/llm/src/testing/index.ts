/**
 * Test servers that speak the Anthropic Messages and OpenAI Chat Completions wire formats, for
 * services that run the extraction chain against the real SDKs (the worker's tests, benchmarks).
 */
export {
  anthropic,
  openai,
  type RecordedRequest,
  startWireServer,
  type WireReply,
  type WireServer,
} from "./wire-servers.js";
