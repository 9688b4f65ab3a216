export { CoreTestClient } from "./core-client.js";
export {
  type Envelope,
  type EnvelopeItem,
  EnvelopeParseError,
  parseEnvelopeBytes,
} from "./envelope.js";
export { PII_CORPUS, PII_USER, type PiiSample } from "./pii-corpus.js";
export {
  type EnvelopeReceiver,
  type EnvelopeReceiverOptions,
  type ReceivedCheckIn,
  type ReceivedSpan,
  type ReceiverBehaviour,
  startEnvelopeReceiver,
} from "./receiver.js";
export { readSpotlightStream, type StreamedEnvelope } from "./spotlight-stream.js";
