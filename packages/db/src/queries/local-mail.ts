import { and, arrayOverlaps, asc, eq, gt, isNull, lte, notExists } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Database } from "../client.js";
import type { LocalMailMessageId, MerchantId } from "../ids.js";
import { localMailMessages } from "../schema/index.js";
import { found } from "./not-found.js";

export type LocalMailMessage = typeof localMailMessages.$inferSelect;
export type LocalMailFolder = LocalMailMessage["folder"];
export type NewLocalMailMessage = Omit<
  typeof localMailMessages.$inferInsert,
  "id" | "merchantId" | "sequence"
>;

/**
 * Stores a message in a local mailbox. With an idempotency key already used by this merchant, the
 * message stored first is returned with `inserted: false` and nothing is written.
 */
export async function storeLocalMail(
  db: Database,
  merchantId: MerchantId,
  input: NewLocalMailMessage,
): Promise<{ inserted: boolean; message: LocalMailMessage }> {
  const [inserted] = await db
    .insert(localMailMessages)
    .values({ ...input, merchantId })
    .onConflictDoNothing({
      target: [localMailMessages.merchantId, localMailMessages.idempotencyKey],
    })
    .returning();
  if (inserted) return { inserted: true, message: inserted };
  const key = input.idempotencyKey ?? "";
  const existing = await findLocalMailByIdempotencyKey(db, merchantId, key);
  return { inserted: false, message: found(existing, "local mail message", key, merchantId) };
}

export async function getLocalMail(
  db: Database,
  merchantId: MerchantId,
  messageId: LocalMailMessageId,
): Promise<LocalMailMessage | undefined> {
  const [row] = await db
    .select()
    .from(localMailMessages)
    .where(and(eq(localMailMessages.merchantId, merchantId), eq(localMailMessages.id, messageId)));
  return row;
}

export async function findLocalMailByIdempotencyKey(
  db: Database,
  merchantId: MerchantId,
  idempotencyKey: string,
): Promise<LocalMailMessage | undefined> {
  const [row] = await db
    .select()
    .from(localMailMessages)
    .where(
      and(
        eq(localMailMessages.merchantId, merchantId),
        eq(localMailMessages.idempotencyKey, idempotencyKey),
      ),
    );
  return row;
}

/** One folder of a local mailbox after `afterSequence` (exclusive), oldest first. */
export async function listLocalMail(
  db: Database,
  merchantId: MerchantId,
  options: {
    mailboxAddress: string;
    folder: LocalMailFolder;
    afterSequence?: number;
    limit?: number;
  },
): Promise<LocalMailMessage[]> {
  return db
    .select()
    .from(localMailMessages)
    .where(
      and(
        eq(localMailMessages.merchantId, merchantId),
        eq(localMailMessages.mailboxAddress, options.mailboxAddress),
        eq(localMailMessages.folder, options.folder),
        gt(localMailMessages.sequence, options.afterSequence ?? 0),
      ),
    )
    .orderBy(asc(localMailMessages.sequence))
    .limit(options.limit ?? 100);
}

/**
 * Messages that start a thread (no In-Reply-To), were sent to one of `toAddresses` at or before
 * `sentBefore`, and have no reply in the inbox yet: what the supplier simulator still has to answer.
 */
export async function listUnansweredLocalMail(
  db: Database,
  merchantId: MerchantId,
  options: { toAddresses: string[]; sentBefore: Date; limit?: number },
): Promise<LocalMailMessage[]> {
  if (options.toAddresses.length === 0) return [];
  const reply = alias(localMailMessages, "reply");
  return db
    .select()
    .from(localMailMessages)
    .where(
      and(
        eq(localMailMessages.merchantId, merchantId),
        eq(localMailMessages.folder, "sent"),
        isNull(localMailMessages.inReplyTo),
        arrayOverlaps(localMailMessages.toAddresses, options.toAddresses),
        lte(localMailMessages.createdAt, options.sentBefore),
        notExists(
          db
            .select({ id: reply.id })
            .from(reply)
            .where(
              and(
                eq(reply.merchantId, localMailMessages.merchantId),
                eq(reply.folder, "inbox"),
                eq(reply.inReplyTo, localMailMessages.messageId),
              ),
            ),
        ),
      ),
    )
    .orderBy(asc(localMailMessages.sequence))
    .limit(options.limit ?? 100);
}
