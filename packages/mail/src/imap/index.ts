export {
  createImapMailbox,
  type ImapMailboxOptions,
  type ImapServerOptions,
  type ImapTimeouts,
  type SmtpServerOptions,
} from "./mailbox.js";
export { messageIdsIn, threadIdOf } from "./thread.js";
