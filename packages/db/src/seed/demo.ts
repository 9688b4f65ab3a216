import { sql } from "drizzle-orm";
import type { Database } from "../client.js";
import type { MerchantId } from "../ids.js";
import { assertMigrated } from "../migrate.js";
import {
  addSupplier,
  createMerchant,
  getMerchantBySlug,
  savePolicyVersion,
} from "../queries/index.js";
import { defaultPolicy } from "./default-policy.js";
import {
  awaitingOrder,
  cancelledOrder,
  confirmedOrder,
  type DemoSuppliers,
  draftOrder,
  escalatedOrder,
  negotiatingOrder,
} from "./demo-orders.js";
import { DemoStory } from "./demo-story.js";

export const DEMO_MERCHANT_SLUG = "northwind-demo";

/** The demo merchant's owner: the login `pnpm start` gives a password to. */
export const DEMO_OWNER = { name: "Maya Chen", email: "maya@northwindapparel.com" } as const;

/** Held for the seed's transaction: concurrent seeds run one after another ("seed" in ASCII). */
const SEED_LOCK = 0x73656564;

export interface SeedResult {
  merchantId: MerchantId;
  /** False when the demo merchant was already there (seeding is idempotent). */
  created: boolean;
}

/**
 * Loads a demo merchant (Northwind Apparel) with suppliers, the default policy and orders in every
 * state the dashboard shows, each with the emails, extraction, decision, approval, outbox rows and
 * audit trail the agent would have written. Dates are relative to `now`.
 *
 * Safe to run twice or concurrently: one transaction takes an advisory lock, then looks for the
 * merchant, so a second seed waits and then finds it. A database that was never migrated is
 * refused with a sentence that says so.
 */
export async function seedDemo(db: Database, now: Date = new Date()): Promise<SeedResult> {
  await assertMigrated(db);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK})`);
    const existing = await getMerchantBySlug(tx, DEMO_MERCHANT_SLUG);
    if (existing) return { merchantId: existing.id, created: false };

    const { merchant, owner } = await createMerchant(tx, {
      name: "Northwind Apparel",
      slug: DEMO_MERCHANT_SLUG,
      email: DEMO_OWNER.email,
      timezone: "America/Los_Angeles",
      owner: { ...DEMO_OWNER },
    });
    const policy = await savePolicyVersion(tx, merchant.id, {
      document: defaultPolicy,
      createdBy: owner.id,
      note: "Default policy",
    });
    const story = new DemoStory(tx, merchant.id, owner.id, policy, now);
    const suppliers = await addDemoSuppliers(tx, merchant.id);
    // Sequential: each step opens a savepoint on this one transaction.
    for (const scenario of [
      draftOrder,
      awaitingOrder,
      negotiatingOrder,
      escalatedOrder,
      confirmedOrder,
      cancelledOrder,
    ]) {
      await scenario(story, suppliers);
    }
    return { merchantId: merchant.id, created: true };
  });
}

async function addDemoSuppliers(tx: Database, merchantId: MerchantId): Promise<DemoSuppliers> {
  return {
    pacific: await addSupplier(tx, merchantId, {
      name: "Pacific Threads Inc.",
      contactEmail: "orders@pacificthreads.com",
      domain: "pacificthreads.com",
      contactName: "Lena Ortiz",
    }),
    blueRidge: await addSupplier(tx, merchantId, {
      name: "Blue Ridge Hosiery",
      contactEmail: "sales@blueridgehosiery.com",
      domain: "blueridgehosiery.com",
      contactName: "Rob Jennings",
    }),
    summit: await addSupplier(tx, merchantId, {
      name: "Summit Knitwear",
      contactEmail: "orders@summitknitwear.com",
      domain: "summitknitwear.com",
      notes: "Ships from Portland; MOQ 200 per colour.",
    }),
    atlas: await addSupplier(tx, merchantId, {
      name: "Atlas Embroidery",
      contactEmail: "orders@atlasembroidery.com",
      domain: "atlasembroidery.com",
      contactName: "Priya Raman",
    }),
    eastside: await addSupplier(tx, merchantId, {
      name: "Eastside Screenprint",
      contactEmail: "eastsidescreenprint@gmail.com",
      // Free mail: no domain of its own (`supplierDomain` in @po-pro/mail).
      domain: null,
      notes: "Owner-run shop; writes from a Gmail address.",
    }),
  };
}
