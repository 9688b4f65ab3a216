export { type ComposedMessage, type ComposeInput, composeMessage, toBase64Url } from "./compose.js";
export { DEFAULT_MIME_LIMITS, type MimeLimits, resolveLimits } from "./limits.js";
export { htmlToText, parseMessage } from "./parse.js";
export { type SplitQuoted, splitQuoted } from "./quoted.js";
