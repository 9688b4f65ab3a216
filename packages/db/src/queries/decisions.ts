import { and, desc, eq } from "drizzle-orm";
import type { Database } from "../client.js";
import type { MerchantId, OrderId } from "../ids.js";
import { decisions } from "../schema/index.js";
import { found } from "./not-found.js";
import { insertDecision } from "./writes.js";

export type Decision = typeof decisions.$inferSelect;
export type NewDecision = Omit<typeof decisions.$inferInsert, "id" | "merchantId" | "createdAt">;

export async function recordDecision(
  db: Database,
  merchantId: MerchantId,
  input: NewDecision,
): Promise<Decision> {
  const [row] = await insertDecision(db, merchantId, input).returning();
  return found(row, "decision", input.orderId, merchantId);
}

export async function listOrderDecisions(
  db: Database,
  merchantId: MerchantId,
  orderId: OrderId,
): Promise<Decision[]> {
  return db
    .select()
    .from(decisions)
    .where(and(eq(decisions.merchantId, merchantId), eq(decisions.orderId, orderId)))
    .orderBy(desc(decisions.createdAt));
}
