import { and, desc, eq } from "drizzle-orm";
import type { Database } from "../client";
import { decisions } from "../schema";
import { found } from "./not-found";

export type Decision = typeof decisions.$inferSelect;
export type NewDecision = Omit<typeof decisions.$inferInsert, "id" | "merchantId" | "createdAt">;

export async function recordDecision(
  db: Database,
  merchantId: string,
  input: NewDecision,
): Promise<Decision> {
  const [row] = await db
    .insert(decisions)
    .values({ ...input, merchantId })
    .returning();
  return found(row, "decision", input.orderId, merchantId);
}

export async function listOrderDecisions(
  db: Database,
  merchantId: string,
  orderId: string,
): Promise<Decision[]> {
  return db
    .select()
    .from(decisions)
    .where(and(eq(decisions.merchantId, merchantId), eq(decisions.orderId, orderId)))
    .orderBy(desc(decisions.createdAt));
}
