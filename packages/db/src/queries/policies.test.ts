import { previewPolicy } from "@po-pro/policy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../client.js";
import type { MerchantId, OrderId, PolicyId, UserId } from "../ids.js";
import { defaultPolicy } from "../seed/default-policy.js";
import { createTestDatabase, type TestDatabase } from "../testing/index.js";
import { recordDecision } from "./decisions.js";
import { storeEmail } from "./emails.js";
import { recordExtraction } from "./extractions.js";
import { createMerchant } from "./merchants.js";
import { NotFoundError } from "./not-found.js";
import { createOrder } from "./orders.js";
import { enqueueEmail } from "./outbox.js";
import {
  activatePolicyVersion,
  getActivePolicy,
  getPolicyVersion,
  listPolicyHistory,
  PolicyVersionConflictError,
  rollbackPolicy,
  savePolicyVersion,
} from "./policies.js";
import { listPastDecisions } from "./policy-history.js";
import { addSupplier } from "./suppliers.js";

let database: TestDatabase;
let db: Database;
let merchant: MerchantId;
let owner: UserId;
let other: MerchantId;

const looser = {
  version: 1 as const,
  rules: defaultPolicy.rules.map((rule) =>
    rule.kind === "price_tolerance" ? { ...rule, maxIncreasePct: 12, counterUpToPct: 20 } : rule,
  ),
};

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  const a = await createMerchant(db, {
    name: "Northwind",
    slug: "northwind",
    email: "buyer@northwind.test",
    owner: { name: "Maya Chen", email: "maya@northwind.test" },
  });
  merchant = a.merchant.id;
  owner = a.owner.id;
  const b = await createMerchant(db, {
    name: "Other",
    slug: "other",
    email: "buyer@other.test",
    owner: { name: "Bo", email: "bo@other.test" },
  });
  other = b.merchant.id;
});

afterAll(() => database?.close());

async function activeVersions(merchantId: MerchantId): Promise<number[]> {
  return (await listPolicyHistory(db, merchantId)).filter((v) => v.active).map((v) => v.version);
}

describe("policy versions", () => {
  it("saves concurrently with dense, unique numbers and exactly one active version", async () => {
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        savePolicyVersion(db, merchant, { document: defaultPolicy, note: `save ${i}` }),
      ),
    );
    const history = await listPolicyHistory(db, merchant);
    expect(history.map((v) => v.version)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(await activeVersions(merchant)).toEqual([6]);
  });

  it("keeps one active version when a save and an activation race", async () => {
    const first = await getPolicyVersion(db, merchant, 1);
    await Promise.all([
      activatePolicyVersion(db, merchant, first?.id as PolicyId),
      savePolicyVersion(db, merchant, { document: defaultPolicy }),
      activatePolicyVersion(db, merchant, first?.id as PolicyId),
    ]);
    expect(await activeVersions(merchant)).toHaveLength(1);
  });

  it("refuses a save based on a version that is no longer active, when two edits race", async () => {
    const basedOn = (await activeVersions(merchant))[0] as number;
    const results = await Promise.allSettled([
      savePolicyVersion(db, merchant, { document: defaultPolicy, basedOn, note: "edit A" }),
      savePolicyVersion(db, merchant, { document: defaultPolicy, basedOn, note: "edit B" }),
    ]);
    const saved = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    expect(saved).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBeInstanceOf(PolicyVersionConflictError);
    expect(refused[0]).toMatchObject({ basedOn, activeVersion: saved[0]?.version });
    expect(await activeVersions(merchant)).toEqual([saved[0]?.version]);
  });

  it("lists who saved each version, newest first, and finds one by number", async () => {
    const saved = await savePolicyVersion(db, merchant, {
      document: looser,
      createdBy: owner,
      note: "Looser prices",
    });
    const [newest] = await listPolicyHistory(db, merchant);
    expect(newest).toMatchObject({
      id: saved.id,
      version: saved.version,
      createdByName: "Maya Chen",
      note: "Looser prices",
      active: true,
    });
    expect(newest?.createdAt).toBeInstanceOf(Date);
    expect((await getPolicyVersion(db, merchant, saved.version))?.document).toEqual(looser);
    expect((await getPolicyVersion(db, merchant, 1))?.createdByName).toBeNull();
    expect(await getPolicyVersion(db, merchant, 999)).toBeUndefined();
    expect(await getPolicyVersion(db, merchant, 0)).toBeUndefined();
    expect(await getPolicyVersion(db, merchant, Number.NaN)).toBeUndefined();
  });

  it("rolls back by saving an earlier document as a new active version", async () => {
    const before = await listPolicyHistory(db, merchant);
    const latest = before[0]?.version ?? 0;
    const rolled = await rollbackPolicy(db, merchant, { version: 1, createdBy: owner });
    expect(rolled).toMatchObject({
      version: latest + 1,
      active: true,
      note: "Rolled back to version 1",
      createdBy: owner,
    });
    expect(rolled.document).toEqual(defaultPolicy);
    expect((await getActivePolicy(db, merchant))?.id).toBe(rolled.id);
    // The versions in between are still there, unchanged.
    expect((await getPolicyVersion(db, merchant, latest))?.document).toEqual(looser);
  });

  it("does not see, or roll back to, another merchant's versions", async () => {
    await savePolicyVersion(db, other, { document: looser });
    expect((await listPolicyHistory(db, other)).map((v) => v.version)).toEqual([1]);
    expect((await getPolicyVersion(db, other, 2))?.merchantId).toBeUndefined();
    await expect(rollbackPolicy(db, other, { version: 3 })).rejects.toBeInstanceOf(NotFoundError);
    expect((await listPolicyHistory(db, other)).map((v) => v.version)).toEqual([1]);
  });
});

describe("past decisions for a preview", () => {
  let orderId: OrderId;

  async function decide(
    input: {
      response: Record<string, unknown>;
      action: "accept" | "counter_offer" | "escalate";
      withExtraction?: boolean;
    },
    n: number,
  ) {
    const policy = await getActivePolicy(db, merchant);
    const { email } = await storeEmail(db, merchant, {
      provider: "local",
      providerMessageId: `reply-${n}`,
      providerThreadId: "thread-1",
      orderId,
      fromAddress: "sales@acme.test",
      toAddresses: ["buyer@northwind.test"],
      subject: "Re: PO-7",
      textBody: "reply",
      receivedAt: new Date(),
    });
    const extraction =
      input.withExtraction === false
        ? undefined
        : await recordExtraction(db, merchant, {
            emailMessageId: email.id,
            orderId,
            provider: "local",
            model: "keyless",
            attempt: 1,
            usedFallback: false,
            response: input.response,
            confidence: 0.9,
          });
    return recordDecision(db, merchant, {
      orderId,
      extractionId: extraction?.id ?? null,
      policyId: policy?.id as PolicyId,
      policyVersion: policy?.version ?? 0,
      complianceStatus: input.action === "accept" ? "compliant" : "negotiable",
      recommendedAction: input.action,
      matchedRules: [],
      explanation: "test",
    });
  }

  it("returns each decided reply as the order and response the policy read, newest first", async () => {
    const supplier = await addSupplier(db, merchant, {
      name: "Acme",
      contactEmail: "sales@acme.test",
      domain: "acme.test",
    });
    const order = await createOrder(db, merchant, {
      supplierId: supplier.supplierId,
      poNumber: "PO-7",
      currency: "USD",
      paymentTerms: "NET30",
      requestedDeliveryDate: "2026-03-01",
      status: "awaiting_supplier",
      lines: [
        { sku: "TEE", description: "Tee", quantity: 10, unitPriceMinor: 1000 },
        { sku: "CAP", description: "Cap", quantity: 5, unitPriceMinor: 500 },
      ],
    });
    orderId = order.id;
    const raised = {
      kind: "change_proposal",
      lines: [{ sku: "TEE", status: "price_changed", unitPrice: 1100 }],
      confidence: 0.9,
    };
    const first = await decide({ response: raised, action: "counter_offer" }, 1);
    await enqueueEmail(db, merchant, {
      orderId,
      kind: "counter_offer",
      idempotencyKey: "counter-1",
      toAddresses: ["sales@acme.test"],
      subject: "Re: PO-7",
      textBody: "Counter",
      nextAttemptAt: new Date(),
    });
    const second = await decide({ response: raised, action: "counter_offer" }, 2);
    await decide({ response: raised, action: "escalate", withExtraction: false }, 3);

    const past = await listPastDecisions(db, merchant);
    expect(past.map((p) => p.id)).toEqual([second.id, first.id]);
    expect(past[1]).toMatchObject({
      poNumber: "PO-7",
      supplierName: "Acme",
      order: {
        currency: "USD",
        requestedDeliveryDate: "2026-03-01",
        paymentTerms: "NET30",
        negotiationRound: 0,
        lines: [
          { sku: "TEE", quantity: 10, unitPrice: 1000 },
          { sku: "CAP", quantity: 5, unitPrice: 500 },
        ],
      },
      response: raised,
      decision: { recommendedAction: "counter_offer" },
    });
    // The second reply came after one counter-offer had been sent.
    expect(past[0]?.order.negotiationRound).toBe(1);
    expect(await listPastDecisions(db, merchant, { limit: 1 })).toHaveLength(1);
    expect(await listPastDecisions(db, other)).toEqual([]);

    // A policy tolerating +12 % would have accepted both 10 % increases.
    const preview = previewPolicy(looser, past);
    expect(preview.changes.map((c) => [c.id, c.direction, c.after.recommendedAction])).toEqual([
      [second.id, "looser", "accept"],
      [first.id, "looser", "accept"],
    ]);
  });
});
