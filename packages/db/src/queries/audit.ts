import { and, desc, eq } from "drizzle-orm";
import type { Database } from "../client.js";
import type { MerchantId, OrderId } from "../ids.js";
import { auditLog } from "../schema/index.js";
import { found } from "./not-found.js";
import { insertAudit } from "./writes.js";

export type AuditEntry = typeof auditLog.$inferSelect;
export type NewAuditEntry = Omit<typeof auditLog.$inferInsert, "id" | "merchantId" | "createdAt">;

export async function appendAudit(
  db: Database,
  merchantId: MerchantId,
  entry: NewAuditEntry,
): Promise<AuditEntry> {
  const [row] = await insertAudit(db, merchantId, entry).returning();
  return found(row, "audit entry", entry.event, merchantId);
}

/** The decision trail, newest first: of one order, or of the whole merchant. */
export async function listAudit(
  db: Database,
  merchantId: MerchantId,
  options: { orderId?: OrderId; limit?: number } = {},
): Promise<AuditEntry[]> {
  return db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.merchantId, merchantId),
        options.orderId !== undefined ? eq(auditLog.orderId, options.orderId) : undefined,
      ),
    )
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(Math.min(options.limit ?? 200, 1000));
}
