import { and, eq } from "drizzle-orm";
import type { Database } from "../client.js";
import type { ImapConnectionId, MerchantId } from "../ids.js";
import { imapConnections } from "../schema/index.js";
import { found } from "./not-found.js";

export type ImapConnection = typeof imapConnections.$inferSelect;

export interface ImapConnectionInput {
  emailAddress: string;
  imapHost: string;
  imapPort: number;
  imapSecure: boolean;
  smtpHost: string;
  smtpPort: number;
  smtpSecure: boolean;
  username: string;
  /** From the mail package's token cipher, bound to the merchant; never the password itself. */
  encryptedPassword: string;
}

/** The merchant's IMAP/SMTP mailbox (at most one), whatever its status. */
export async function getImapConnection(
  db: Database,
  merchantId: MerchantId,
): Promise<ImapConnection | undefined> {
  const [row] = await db
    .select()
    .from(imapConnections)
    .where(eq(imapConnections.merchantId, merchantId));
  return row;
}

/**
 * Saves the mailbox settings after a successful login test: a new row, or the merchant's one row
 * replaced (status connected, the previous sync outcome cleared, since it was another setup's).
 */
export async function saveImapConnection(
  db: Database,
  merchantId: MerchantId,
  input: ImapConnectionInput,
): Promise<ImapConnection> {
  const [row] = await db
    .insert(imapConnections)
    .values({ merchantId, ...input, status: "connected" })
    .onConflictDoUpdate({
      target: imapConnections.merchantId,
      set: {
        ...input,
        status: "connected",
        lastError: null,
        lastSyncedAt: null,
        updatedAt: new Date(),
      },
    })
    .returning();
  return found(row, "imap connection", input.emailAddress, merchantId);
}

/** The worker's record of a sync: when it ran, what went wrong, `needs_reauth` on a refused login. */
export async function updateImapSync(
  db: Database,
  merchantId: MerchantId,
  connectionId: ImapConnectionId,
  patch: Partial<Pick<ImapConnection, "status" | "lastError" | "lastSyncedAt">>,
): Promise<ImapConnection> {
  const [row] = await db
    .update(imapConnections)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(imapConnections.merchantId, merchantId), eq(imapConnections.id, connectionId)))
    .returning();
  return found(row, "imap connection", connectionId, merchantId);
}

/** Disconnects the mailbox: status revoked and the stored password dropped. */
export async function disconnectImapConnection(
  db: Database,
  merchantId: MerchantId,
  connectionId: ImapConnectionId,
): Promise<ImapConnection> {
  const [row] = await db
    .update(imapConnections)
    .set({ status: "revoked", encryptedPassword: "", lastError: null, updatedAt: new Date() })
    .where(and(eq(imapConnections.merchantId, merchantId), eq(imapConnections.id, connectionId)))
    .returning();
  return found(row, "imap connection", connectionId, merchantId);
}
