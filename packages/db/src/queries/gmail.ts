import { and, eq } from "drizzle-orm";
import type { Database } from "../client";
import { gmailConnections } from "../schema";
import { found } from "./not-found";

export type GmailConnection = typeof gmailConnections.$inferSelect;

export async function getGmailConnection(
  db: Database,
  merchantId: string,
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
  merchantId: string,
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
  merchantId: string,
  connectionId: string,
  patch: Partial<Pick<GmailConnection, "historyId" | "status" | "lastError" | "lastSyncedAt">>,
): Promise<GmailConnection> {
  const [row] = await db
    .update(gmailConnections)
    .set(patch)
    .where(and(eq(gmailConnections.merchantId, merchantId), eq(gmailConnections.id, connectionId)))
    .returning();
  return found(row, "gmail connection", connectionId, merchantId);
}
