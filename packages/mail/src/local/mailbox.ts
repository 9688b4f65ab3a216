import { randomUUID } from "node:crypto";
import {
  type Database,
  findLocalMailByIdempotencyKey,
  getLocalMail,
  InvalidIdError,
  type LocalMailMessage,
  listLocalMail,
  type MerchantId,
  parseId,
  storeLocalMail,
} from "@po-pro/db";
import { MailboxError } from "../errors.js";
import { composeMessage } from "../mime/compose.js";
import { parseMessage } from "../mime/parse.js";
import type {
  ListResult,
  Mailbox,
  MailboxIdentity,
  MailboxMessage,
  MailCursor,
  OutboundMessage,
  SentMessage,
} from "../port.js";

const PROVIDER = "local";

export interface LocalMailboxOptions {
  readonly db: Database;
  readonly merchantId: MerchantId;
  /** The merchant's address; suppliers' replies land in this mailbox's inbox. */
  readonly address: string;
  readonly name?: string;
  /** Stamps stored messages; the supplier simulator measures its delay on the same clock. */
  readonly clock?: () => Date;
  /** Messages one `listNew` returns at most; the cursor continues from the last one. */
  readonly pageSize?: number;
}

/**
 * The database-backed mailbox `pnpm start` uses with no account: `send` stores the composed
 * message in `sent`, `listNew` reads `inbox` (where the supplier simulator writes), and `fetch`
 * parses the stored bytes with the same MIME reader as every other adapter.
 */
export function createLocalMailbox(options: LocalMailboxOptions): Mailbox {
  const { db, merchantId } = options;
  const address = options.address.trim().toLowerCase();
  const clock = options.clock ?? (() => new Date());
  const pageSize = options.pageSize ?? 100;

  return {
    async identity(): Promise<MailboxIdentity> {
      return {
        provider: PROVIDER,
        address,
        ...(options.name !== undefined ? { name: options.name } : {}),
      };
    },

    async listNew(cursor: MailCursor | undefined): Promise<ListResult> {
      const after = cursor === undefined ? 0 : parseCursor(cursor);
      // A cursor this mailbox never issued: start over rather than skip mail.
      const resynced = after === undefined;
      const rows = await listLocalMail(db, merchantId, {
        mailboxAddress: address,
        folder: "inbox",
        afterSequence: after ?? 0,
        limit: pageSize,
      });
      const last = rows.at(-1)?.sequence ?? after ?? 0;
      return {
        messages: rows.map((row) => ({ id: row.id, threadId: row.threadId })),
        cursor: String(last),
        resynced,
      };
    },

    async fetch(id: string): Promise<MailboxMessage> {
      const row = await loadRow(db, merchantId, id);
      if (row === undefined || row.mailboxAddress !== address) {
        throw new MailboxError("not_found", PROVIDER, `No local message ${id} in ${address}`);
      }
      const parsed = await parseMessage(row.raw);
      return { ...parsed, id: row.id, threadId: row.threadId };
    },

    async send(message: OutboundMessage): Promise<SentMessage> {
      const date = clock();
      const from = {
        address,
        ...(options.name !== undefined ? { name: options.name } : {}),
      };
      const composed = await composeMessage({ from, message, date });
      // A key sent before (a retry, or two sends racing): the unique key keeps the first message,
      // and every send of that key returns it.
      const { message: stored } = await storeLocalMail(db, merchantId, {
        mailboxAddress: address,
        folder: "sent",
        threadId: message.inReplyTo?.threadId ?? `local-${randomUUID()}`,
        messageId: composed.messageId,
        inReplyTo: message.inReplyTo?.messageId ?? null,
        fromAddress: address,
        toAddresses: [...message.to, ...(message.cc ?? [])].map((to) =>
          to.address.trim().toLowerCase(),
        ),
        subject: message.subject,
        raw: composed.raw,
        idempotencyKey: message.idempotencyKey,
        createdAt: date,
      });
      return toSent(stored);
    },

    async findSent(idempotencyKey: string): Promise<SentMessage | undefined> {
      const row = await findLocalMailByIdempotencyKey(db, merchantId, idempotencyKey);
      return row === undefined || row.folder !== "sent" ? undefined : toSent(row);
    },
  };
}

function toSent(row: LocalMailMessage): SentMessage {
  return { id: row.id, threadId: row.threadId, messageId: row.messageId };
}

function parseCursor(cursor: MailCursor): number | undefined {
  return /^\d{1,15}$/.test(cursor) ? Number(cursor) : undefined;
}

async function loadRow(
  db: Database,
  merchantId: MerchantId,
  id: string,
): Promise<LocalMailMessage | undefined> {
  try {
    return await getLocalMail(db, merchantId, parseId("local_mail_message", id));
  } catch (error) {
    if (error instanceof InvalidIdError) return undefined;
    throw error;
  }
}
