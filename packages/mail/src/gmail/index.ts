export { classifyGmailError, parseRetryAfter } from "./errors.js";
export {
  createGmailMailbox,
  GMAIL_DEFAULTS,
  type GmailCredentials,
  type GmailMailboxOptions,
} from "./mailbox.js";
export {
  createGmailOAuthClient,
  createOAuthState,
  type ExchangeCodeOptions,
  exchangeCode,
  GMAIL_SCOPES,
  type GmailConsentUrlOptions,
  type GmailOAuthClientOptions,
  type GmailTokens,
  gmailConsentUrl,
  verifyOAuthState,
} from "./oauth.js";
export { GMAIL_RETRY_DEFAULTS, type GmailRetryOptions } from "./retry.js";
