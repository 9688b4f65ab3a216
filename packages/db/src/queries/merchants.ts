import { eq, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import type { MerchantId, UserId } from "../ids.js";
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

/**
 * The user who logs in with this address, whatever its case. Not merchant-scoped by design: a
 * login address identifies one user across merchants (`users_email_lower_unique`).
 */
export async function getUserByEmail(db: Database, email: string): Promise<User | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`);
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

export interface UserMerchant {
  userId: UserId;
  userName: string;
  merchantId: MerchantId;
  merchantName: string;
}

/**
 * The merchant a signed-in user works for: where a request's merchant scope comes from. Keyed by
 * user, not merchant, by design: the user id is the one the session proved, and every scoped
 * function is then called with the merchant id returned here, never one taken from the request.
 */
export async function getUserMerchant(
  db: Database,
  userId: UserId,
): Promise<UserMerchant | undefined> {
  const [row] = await db
    .select({
      userId: users.id,
      userName: users.name,
      merchantId: merchants.id,
      merchantName: merchants.name,
    })
    .from(users)
    .innerJoin(merchants, eq(merchants.id, users.merchantId))
    .where(eq(users.id, userId));
  return row;
}
