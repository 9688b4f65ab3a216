import { and, desc, eq, getTableColumns, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import type { MerchantId, PolicyId, UserId } from "../ids.js";
import { type PolicyDocument, policies, users } from "../schema/index.js";
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
/** The policy changed under an edit: `basedOn` is no longer the active version. */
export class PolicyVersionConflictError extends Error {
  override readonly name = "PolicyVersionConflictError";
  constructor(
    readonly basedOn: number,
    readonly activeVersion: number,
  ) {
    super(`the edit started from version ${basedOn}, but version ${activeVersion} is active now`);
  }
}

export async function savePolicyVersion(
  db: Database,
  merchantId: MerchantId,
  input: {
    document: PolicyDocument;
    createdBy?: UserId;
    note?: string;
    activate?: boolean;
    /**
     * The active version the edit started from: when another save made a newer one active in
     * the meantime, `PolicyVersionConflictError` instead of silently replacing it.
     */
    basedOn?: number;
  },
): Promise<PolicyVersion> {
  return db.transaction(async (tx) => {
    // Serialise concurrent saves for one merchant so version numbers stay dense and unique.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`policies:${merchantId}`}))`);
    if (input.basedOn !== undefined) {
      const [active] = await tx
        .select({ version: policies.version })
        .from(policies)
        .where(and(eq(policies.merchantId, merchantId), eq(policies.active, true)));
      if ((active?.version ?? 0) !== input.basedOn) {
        throw new PolicyVersionConflictError(input.basedOn, active?.version ?? 0);
      }
    }
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

/** Makes an earlier version active again in place (the dashboard's rollback saves a new version instead). */
export async function activatePolicyVersion(
  db: Database,
  merchantId: MerchantId,
  policyId: PolicyId,
): Promise<PolicyVersion> {
  return db.transaction(async (tx) => {
    // The same lock as a save: an activation and a save at once must not leave two active versions.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`policies:${merchantId}`}))`);
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

/** A stored version and the name of the person who saved it (null for the seed or the agent). */
export interface PolicyVersionWithAuthor extends PolicyVersion {
  createdByName: string | null;
}

const withAuthor = {
  ...getTableColumns(policies),
  createdByName: users.name,
};

// The author is the merchant's own user (the foreign key is on (merchant_id, created_by)).
const authorOfPolicy = and(
  eq(users.merchantId, policies.merchantId),
  eq(users.id, policies.createdBy),
);

/** Every version with who saved it and when, newest first. */
export async function listPolicyHistory(
  db: Database,
  merchantId: MerchantId,
): Promise<PolicyVersionWithAuthor[]> {
  return db
    .select(withAuthor)
    .from(policies)
    .leftJoin(users, authorOfPolicy)
    .where(eq(policies.merchantId, merchantId))
    .orderBy(desc(policies.version));
}

/** One version by its number, or undefined (also for another merchant's number). */
export async function getPolicyVersion(
  db: Database,
  merchantId: MerchantId,
  version: number,
): Promise<PolicyVersionWithAuthor | undefined> {
  if (!Number.isSafeInteger(version) || version < 1) return undefined;
  const [row] = await db
    .select(withAuthor)
    .from(policies)
    .leftJoin(users, authorOfPolicy)
    .where(and(eq(policies.merchantId, merchantId), eq(policies.version, version)));
  return row;
}

/**
 * Rolls back to version `version` by saving its document again as a new, active version (history
 * only grows: decisions made under the versions in between keep them).
 *
 * @throws NotFoundError when the merchant has no such version.
 */
export async function rollbackPolicy(
  db: Database,
  merchantId: MerchantId,
  input: { version: number; createdBy?: UserId },
): Promise<PolicyVersion> {
  const target = found(
    await getPolicyVersion(db, merchantId, input.version),
    "policy version",
    String(input.version),
    merchantId,
  );
  return savePolicyVersion(db, merchantId, {
    document: target.document,
    ...(input.createdBy === undefined ? {} : { createdBy: input.createdBy }),
    note: `Rolled back to version ${input.version}`,
  });
}
