export { MailboxAuthError, MailboxError, type MailboxErrorKind } from "./errors.js";
export {
  type ComposedMessage,
  type ComposeInput,
  composeMessage,
  DEFAULT_MIME_LIMITS,
  htmlToText,
  type MimeLimits,
  parseMessage,
  resolveLimits,
  type SplitQuoted,
  splitQuoted,
  toBase64Url,
} from "./mime/index.js";
export {
  IDEMPOTENCY_HEADER,
  type ListResult,
  type MailAddress,
  type Mailbox,
  type MailboxIdentity,
  type MailboxMessage,
  type MailCursor,
  type MessageRef,
  type OutboundAttachment,
  type OutboundMessage,
  type ParsedAttachment,
  type ParsedMessage,
  type SentMessage,
} from "./port.js";
