import { and, desc, eq } from "drizzle-orm";
import type { Database } from "../client";
import { extractions } from "../schema";
import { found } from "./not-found";

export type Extraction = typeof extractions.$inferSelect;
export type NewExtraction = Omit<
  typeof extractions.$inferInsert,
  "id" | "merchantId" | "createdAt"
>;

export async function recordExtraction(
  db: Database,
  merchantId: string,
  input: NewExtraction,
): Promise<Extraction> {
  const [row] = await db
    .insert(extractions)
    .values({ ...input, merchantId })
    .returning();
  return found(row, "extraction", input.emailMessageId, merchantId);
}

export async function listOrderExtractions(
  db: Database,
  merchantId: string,
  orderId: string,
): Promise<Extraction[]> {
  return db
    .select()
    .from(extractions)
    .where(and(eq(extractions.merchantId, merchantId), eq(extractions.orderId, orderId)))
    .orderBy(desc(extractions.createdAt));
}
