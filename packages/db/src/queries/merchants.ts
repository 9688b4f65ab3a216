import { eq } from "drizzle-orm";
import type { Database } from "../client.js";
import type { MerchantId } from "../ids.js";
import { merchants, users } from "../schema/index.js";

export type Merchant = typeof merchants.$inferSelect;
export type User = typeof users.$inferSelect;

export async function getMerchant(
  db: Database,
  merchantId: MerchantId,
): Promise<Merchant | undefined> {
  const [row] = await db.select().from(merchants).where(eq(merchants.id, merchantId));
  return row;
}

export async function listUsers(db: Database, merchantId: MerchantId): Promise<User[]> {
  return db.select().from(users).where(eq(users.merchantId, merchantId)).orderBy(users.createdAt);
}

/** Signs up a merchant with its first (owner) user. Not scoped: it creates the scope. */
export async function createMerchant(
  db: Database,
  input: {
    name: string;
    slug: string;
    email: string;
    timezone?: string;
    defaultCurrency?: string;
    owner: { name: string; email: string };
  },
): Promise<{ merchant: Merchant; owner: User }> {
  return db.transaction(async (tx) => {
    const [merchant] = await tx
      .insert(merchants)
      .values({
        name: input.name,
        slug: input.slug,
        email: input.email,
        timezone: input.timezone ?? "UTC",
        defaultCurrency: input.defaultCurrency ?? "USD",
      })
      .returning();
    if (merchant === undefined) throw new Error("merchant insert returned no row");
    const [owner] = await tx
      .insert(users)
      .values({ merchantId: merchant.id, ...input.owner, role: "owner" })
      .returning();
    if (owner === undefined) throw new Error("user insert returned no row");
    return { merchant, owner };
  });
}

export async function getMerchantBySlug(db: Database, slug: string): Promise<Merchant | undefined> {
  const [row] = await db.select().from(merchants).where(eq(merchants.slug, slug));
  return row;
}
