import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import type { MerchantId } from "../ids.js";
import { mailboxCursors } from "../schema/index.js";

export interface MailboxKey {
  provider: string;
  /** The mailbox's own address; compared lower-cased. */
  address: string;
}

/** Where the last listing of this mailbox ended; undefined before the first one. */
export async function getMailboxCursor(
  db: Database,
  merchantId: MerchantId,
  mailbox: MailboxKey,
): Promise<string | undefined> {
  const [row] = await db
    .select({ cursor: mailboxCursors.cursor })
    .from(mailboxCursors)
    .where(
      and(
        eq(mailboxCursors.merchantId, merchantId),
        eq(mailboxCursors.provider, mailbox.provider),
        eq(mailboxCursors.address, mailbox.address.toLowerCase()),
      ),
    );
  return row?.cursor;
}

/** Saves the cursor a listing returned (in the transaction that stored the listed messages). */
export async function saveMailboxCursor(
  db: Database,
  merchantId: MerchantId,
  mailbox: MailboxKey,
  cursor: string,
): Promise<void> {
  await db
    .insert(mailboxCursors)
    .values({
      merchantId,
      provider: mailbox.provider,
      address: mailbox.address.toLowerCase(),
      cursor,
    })
    .onConflictDoUpdate({
      target: [mailboxCursors.merchantId, mailboxCursors.provider, mailboxCursors.address],
      set: { cursor, updatedAt: sql`now()` },
    });
}
