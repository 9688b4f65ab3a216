import { and, eq, ne } from "drizzle-orm";
import type { Database } from "../client.js";
import type { GmailConnectionId, MerchantId } from "../ids.js";
import { gmailConnections } from "../schema/index.js";
import { found } from "./not-found.js";

export type GmailConnection = typeof gmailConnections.$inferSelect;

/** What Settings shows of a connection: never the token. */
export type GmailConnectionSummary = Omit<GmailConnection, "encryptedRefreshToken" | "historyId">;

export async function getGmailConnection(
  db: Database,
  merchantId: MerchantId,
): Promise<GmailConnection | undefined> {
  const [row] = await db
    .select()
    .from(gmailConnections)
    .where(eq(gmailConnections.merchantId, merchantId))
    .orderBy(gmailConnections.createdAt)
    .limit(1);
  return row;
}

/**
 * Connects (or reconnects) a mailbox: a new refresh token resets the status to connected. A
 * merchant has one Gmail mailbox: connecting another address replaces the previous one (whose
 * grant the merchant gave up by choosing another account).
 */
export async function saveGmailConnection(
  db: Database,
  merchantId: MerchantId,
  input: { emailAddress: string; encryptedRefreshToken: string; scopes: string[] },
): Promise<GmailConnection> {
  return db.transaction(async (tx) => {
    await tx
      .delete(gmailConnections)
      .where(
        and(
          eq(gmailConnections.merchantId, merchantId),
          ne(gmailConnections.emailAddress, input.emailAddress),
        ),
      );
    const [row] = await tx
      .insert(gmailConnections)
      .values({ merchantId, ...input, status: "connected" })
      .onConflictDoUpdate({
        target: [gmailConnections.merchantId, gmailConnections.emailAddress],
        set: {
          encryptedRefreshToken: input.encryptedRefreshToken,
          scopes: input.scopes,
          status: "connected",
          lastError: null,
          updatedAt: new Date(),
        },
      })
      .returning();
    return found(row, "gmail connection", input.emailAddress, merchantId);
  });
}

export async function updateGmailSync(
  db: Database,
  merchantId: MerchantId,
  connectionId: GmailConnectionId,
  patch: Partial<Pick<GmailConnection, "historyId" | "status" | "lastError" | "lastSyncedAt">>,
): Promise<GmailConnection> {
  const [row] = await db
    .update(gmailConnections)
    .set(patch)
    .where(and(eq(gmailConnections.merchantId, merchantId), eq(gmailConnections.id, connectionId)))
    .returning();
  return found(row, "gmail connection", connectionId, merchantId);
}

/**
 * The merchant disconnected the mailbox (after its grant was revoked at Google): the stored token
 * is dropped, and the worker stops polling it. Another merchant's id is `NotFoundError`.
 */
export async function markGmailRevoked(
  db: Database,
  merchantId: MerchantId,
  connectionId: GmailConnectionId,
): Promise<GmailConnection> {
  const [row] = await db
    .update(gmailConnections)
    .set({ status: "revoked", encryptedRefreshToken: "", lastError: null, updatedAt: new Date() })
    .where(and(eq(gmailConnections.merchantId, merchantId), eq(gmailConnections.id, connectionId)))
    .returning();
  return found(row, "gmail connection", connectionId, merchantId);
}
