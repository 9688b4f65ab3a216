export {
  createImapMailbox,
  type ImapMailboxOptions,
  type ImapServerOptions,
  type ImapTimeouts,
  type SmtpServerOptions,
  verifySmtp,
} from "./mailbox.js";
export { messageIdsIn, threadIdOf } from "./thread.js";
