export { createLocalMailbox, type LocalMailboxOptions } from "./mailbox.js";
export {
  cycleReplies,
  formatMoney,
  REPLY_KINDS,
  type ReplyContext,
  type ReplyKind,
  type ReplyLine,
  type ReplyPicker,
  type ReplyTemplate,
  SUPPLIER_REPLIES,
  seededReplies,
} from "./replies.js";
export {
  createSupplierSimulator,
  type SimulatedReply,
  type SimulatedSupplier,
  type SupplierSimulator,
  type SupplierSimulatorOptions,
} from "./simulator.js";
