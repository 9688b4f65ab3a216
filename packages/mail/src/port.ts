/**
 * The mailbox port the worker depends on. No provider types cross it: Gmail, IMAP/SMTP and the
 * local mailbox all speak these shapes, and every inbound message is parsed by one MIME reader
 * (`parseMessage`), whichever adapter fetched its bytes.
 */

/** Every outbound message carries this header, so a crash between send and "marked sent" can
 * be told apart from a message that never left (`findSent`). */
export const IDEMPOTENCY_HEADER = "X-PO-Pro-Idempotency-Key";

export interface MailAddress {
  /** Lower-cased bare address, e.g. "orders@supplier.example". */
  readonly address: string;
  readonly name?: string;
}

export interface MailboxIdentity {
  readonly provider: "gmail" | "imap" | "local";
  readonly address: string;
  readonly name?: string;
}

/** Opaque to the worker: it stores the cursor a listing returned and passes it back next time. */
export type MailCursor = string;

export interface MessageRef {
  /** The provider's id (Gmail message id, `<uidvalidity>:<uid>`, local row id). */
  readonly id: string;
  readonly threadId: string;
}

export interface ListResult {
  readonly messages: readonly MessageRef[];
  /** Where the next listing starts. */
  readonly cursor: MailCursor;
  /** The old cursor had expired and a bounded resync by date was done instead. */
  readonly resynced: boolean;
}

export interface ParsedAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  /** Text extracted from the attachment (PDF text layer, text/*), when it could be. */
  readonly text?: string;
  /** Why there is no text, or why it was cut (a limit, a corrupt file). */
  readonly note?: string;
}

/** A message as the pipeline reads it. */
export interface ParsedMessage {
  /** RFC 5322 Message-ID, with angle brackets. */
  readonly messageId?: string;
  readonly inReplyTo?: string;
  readonly references: readonly string[];
  readonly from?: MailAddress;
  readonly to: readonly MailAddress[];
  readonly cc: readonly MailAddress[];
  readonly replyTo: readonly MailAddress[];
  readonly subject: string;
  /** ISO date-time from the Date header, when it parses. */
  readonly date?: string;
  /** Every header, names lower-cased, values in the order they appear (top first). */
  readonly headers: Readonly<Record<string, readonly string[]>>;
  /** The whole plain text (HTML converted when there is no text part). */
  readonly text: string;
  /** What the sender wrote this time: `text` without quoted history and forwarded-message tails. */
  readonly newText: string;
  readonly attachments: readonly ParsedAttachment[];
  /** Limits hit and content cut or skipped, in words; empty for an ordinary message. */
  readonly notes: readonly string[];
  readonly idempotencyKey?: string;
}

/** A fetched message: the provider's ids plus the parsed content. */
export interface MailboxMessage extends ParsedMessage, MessageRef {}

export interface OutboundAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly content: Uint8Array;
}

export interface OutboundMessage {
  readonly to: readonly MailAddress[];
  readonly cc?: readonly MailAddress[];
  /** Sent as the Reply-To header: where the recipient's answer should go, when not to `from`. */
  readonly replyTo?: readonly MailAddress[];
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  readonly attachments?: readonly OutboundAttachment[];
  /** Unique per outbox row; sent as `IDEMPOTENCY_HEADER`. */
  readonly idempotencyKey: string;
  /** Set for a reply: it is sent in that thread with In-Reply-To and References. */
  readonly inReplyTo?: {
    readonly threadId: string;
    readonly messageId: string;
    readonly references: readonly string[];
  };
}

export interface SentMessage {
  readonly id: string;
  readonly threadId: string;
  readonly messageId: string;
}

export interface Mailbox {
  identity(): Promise<MailboxIdentity>;
  /** Messages that arrived since `cursor` (all recent ones when undefined), oldest first. */
  listNew(cursor: MailCursor | undefined): Promise<ListResult>;
  fetch(id: string): Promise<MailboxMessage>;
  send(message: OutboundMessage): Promise<SentMessage>;
  /** The message sent with this idempotency key, if one was. */
  findSent(idempotencyKey: string): Promise<SentMessage | undefined>;
}
