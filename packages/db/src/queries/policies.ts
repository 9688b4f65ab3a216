import { and, desc, eq, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import type { MerchantId, PolicyId, UserId } from "../ids.js";
import { type PolicyDocument, policies } from "../schema/index.js";
import { found } from "./not-found.js";

export type PolicyVersion = typeof policies.$inferSelect;

export async function getActivePolicy(
  db: Database,
  merchantId: MerchantId,
): Promise<PolicyVersion | undefined> {
  const [row] = await db
    .select()
    .from(policies)
    .where(and(eq(policies.merchantId, merchantId), eq(policies.active, true)));
  return row;
}

export async function listPolicyVersions(
  db: Database,
  merchantId: MerchantId,
): Promise<PolicyVersion[]> {
  return db
    .select()
    .from(policies)
    .where(eq(policies.merchantId, merchantId))
    .orderBy(desc(policies.version));
}

/**
 * Stores a new policy version (validate it with `@po-pro/policy` first) and, by default, makes it
 * the active one. Versions are never edited in place, so every past decision keeps the rules it
 * was made under.
 */
export async function savePolicyVersion(
  db: Database,
  merchantId: MerchantId,
  input: { document: PolicyDocument; createdBy?: UserId; note?: string; activate?: boolean },
): Promise<PolicyVersion> {
  return db.transaction(async (tx) => {
    // Serialise concurrent saves for one merchant so version numbers stay dense and unique.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`policies:${merchantId}`}))`);
    const [latest] = await tx
      .select({ version: policies.version })
      .from(policies)
      .where(eq(policies.merchantId, merchantId))
      .orderBy(desc(policies.version))
      .limit(1);
    const activate = input.activate ?? true;
    if (activate) {
      await tx
        .update(policies)
        .set({ active: false })
        .where(and(eq(policies.merchantId, merchantId), eq(policies.active, true)));
    }
    const [row] = await tx
      .insert(policies)
      .values({
        merchantId,
        version: (latest?.version ?? 0) + 1,
        document: input.document,
        active: activate,
        createdBy: input.createdBy ?? null,
        note: input.note ?? null,
      })
      .returning();
    return found(row, "policy", "new version", merchantId);
  });
}

/** Makes an earlier version active again (a rollback). */
export async function activatePolicyVersion(
  db: Database,
  merchantId: MerchantId,
  policyId: PolicyId,
): Promise<PolicyVersion> {
  return db.transaction(async (tx) => {
    const [target] = await tx
      .select({ id: policies.id })
      .from(policies)
      .where(and(eq(policies.merchantId, merchantId), eq(policies.id, policyId)));
    found(target, "policy", policyId, merchantId);
    await tx
      .update(policies)
      .set({ active: false })
      .where(and(eq(policies.merchantId, merchantId), eq(policies.active, true)));
    const [row] = await tx
      .update(policies)
      .set({ active: true })
      .where(and(eq(policies.merchantId, merchantId), eq(policies.id, policyId)))
      .returning();
    return found(row, "policy", policyId, merchantId);
  });
}
