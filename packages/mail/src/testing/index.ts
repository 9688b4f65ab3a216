/**
 * A local HTTP server that speaks the Gmail API endpoints and OAuth token endpoint the adapter
 * uses, for services that drive `createGmailMailbox` in their own tests (the worker's).
 */
export {
  FakeGmailServer,
  gmailError,
  type RecordedRequest,
  type Route,
  type ScriptedFailure,
  type StoredMessage,
} from "./fake-gmail-server.js";
