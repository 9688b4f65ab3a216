import { and, eq } from "drizzle-orm";
import type { Database } from "../client.js";
import type { GmailConnectionId, MerchantId } from "../ids.js";
import { gmailConnections } from "../schema/index.js";
import { found } from "./not-found.js";

export type GmailConnection = typeof gmailConnections.$inferSelect;

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

/** Connects (or reconnects) a mailbox: a new refresh token resets the status to connected. */
export async function saveGmailConnection(
  db: Database,
  merchantId: MerchantId,
  input: { emailAddress: string; encryptedRefreshToken: string; scopes: string[] },
): Promise<GmailConnection> {
  const [row] = await db
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
