import { and, desc, eq } from "drizzle-orm";
import type { Database } from "../client.js";
import type { MerchantId, OrderId } from "../ids.js";
import { extractions } from "../schema/index.js";
import { found } from "./not-found.js";
import { insertExtraction } from "./writes.js";

export type Extraction = typeof extractions.$inferSelect;
export type NewExtraction = Omit<
  typeof extractions.$inferInsert,
  "id" | "merchantId" | "createdAt"
>;

export async function recordExtraction(
  db: Database,
  merchantId: MerchantId,
  input: NewExtraction,
): Promise<Extraction> {
  const [row] = await insertExtraction(db, merchantId, input).returning();
  return found(row, "extraction", input.emailMessageId, merchantId);
}

export async function listOrderExtractions(
  db: Database,
  merchantId: MerchantId,
  orderId: OrderId,
): Promise<Extraction[]> {
  return db
    .select()
    .from(extractions)
    .where(and(eq(extractions.merchantId, merchantId), eq(extractions.orderId, orderId)))
    .orderBy(desc(extractions.createdAt));
}
