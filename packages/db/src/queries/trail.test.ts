import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../client.js";
import type { MerchantId, UserId } from "../ids.js";
import { defaultPolicy } from "../seed/default-policy.js";
import { createTestDatabase, type TestDatabase } from "../testing/index.js";
import {
  countPendingApprovals,
  createApproval,
  decideApproval,
  getApprovalForReview,
  listApprovalsForReview,
} from "./approvals.js";
import { appendAudit } from "./audit.js";
import { setEmailState, storeEmail } from "./emails.js";
import { createMerchant, getUserMerchant } from "./merchants.js";
import { createOrder, type OrderDetail } from "./orders.js";
import { claimOutboxMessage, enqueueEmail, recordOutboxDelivery } from "./outbox.js";
import { savePolicyVersion } from "./policies.js";
import { recordReplyOutcome } from "./replies.js";
import { addSupplier } from "./suppliers.js";
import { getLiveStatus, getOrderTrail, type TrailEntry } from "./trail.js";

let database: TestDatabase;
let db: Database;
let merchantId: MerchantId;
let ownerId: UserId;
let order: OrderDetail;

const proposal = {
  kind: "change_proposal",
  lines: [{ sku: "TEE-M", status: "price_changed", unitPrice: 520 }],
  deliveryDate: "2026-04-02",
  paymentTerms: "NET45",
  notes: "Cotton went up.",
  riskSignals: [],
  confidence: 0.92,
};

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  const created = await createMerchant(db, {
    name: "Northwind",
    slug: "northwind",
    email: "buyer@northwind.test",
    owner: { name: "Maya Chen", email: "maya@northwind.test" },
  });
  merchantId = created.merchant.id;
  ownerId = created.owner.id;
  const supplier = await addSupplier(db, merchantId, {
    name: "Pacific Threads",
    contactEmail: "orders@pacific.test",
    domain: "pacific.test",
  });
  order = await createOrder(db, merchantId, {
    supplierId: supplier.supplierId,
    poNumber: "PO-1058",
    currency: "USD",
    paymentTerms: "NET30",
    requestedDeliveryDate: "2026-03-20",
    status: "awaiting_supplier",
    lines: [
      { sku: "TEE-M", description: "Tee, M", quantity: 400, unitPriceMinor: 450 },
      { sku: "TEE-L", description: "Tee, L", quantity: 100, unitPriceMinor: 450 },
    ],
  });
});

afterAll(() => database?.close());

async function version(): Promise<string | undefined> {
  return (await getLiveStatus(db, merchantId, { orderId: order.id })).order?.trailVersion;
}

describe("an order's trail and live status", () => {
  it("lists every step in time order, and the live status moves with each", async () => {
    const versions = [await version()];
    expect(await getOrderTrail(db, merchantId, order.id)).toEqual([]);

    // The PO goes out: an outbox row, then the delivery (sent mail + audit entry).
    const { message } = await enqueueEmail(db, merchantId, {
      orderId: order.id,
      kind: "purchase_order",
      idempotencyKey: "po:PO-1058",
      toAddresses: ["orders@pacific.test"],
      subject: "Purchase order PO-1058",
      textBody: "Please confirm.",
    });
    versions.push(await version());
    await claimOutboxMessage(db, merchantId, message.id, 60_000);
    await recordOutboxDelivery(db, merchantId, {
      messageId: message.id,
      providerMessageId: "sent-1",
      sent: {
        provider: "local",
        providerMessageId: "sent-1",
        direction: "outbound",
        orderId: order.id,
        fromAddress: "buyer@northwind.test",
        toAddresses: ["orders@pacific.test"],
        subject: "Purchase order PO-1058",
        textBody: "Please confirm.",
        receivedAt: new Date(),
      },
      audit: { orderId: order.id, actor: "agent", event: "email_sent" },
    });
    versions.push(await version());

    // The supplier answers; the first attempt fails, the second escalates.
    const { email } = await storeEmail(db, merchantId, {
      provider: "local",
      providerMessageId: "reply-1",
      orderId: order.id,
      fromAddress: "orders@pacific.test",
      toAddresses: ["buyer@northwind.test"],
      subject: "Re: Purchase order PO-1058",
      textBody: "Price goes to 5.20.",
      receivedAt: new Date(),
    });
    versions.push(await version());
    await setEmailState(db, merchantId, email.id, { state: "failed", error: "LLM timeout" });
    versions.push(await version());
    const policy = await savePolicyVersion(db, merchantId, { document: defaultPolicy });
    const { decisionId, extractionId } = await db.transaction(async (tx) => {
      const written = await recordReplyOutcome(tx, merchantId, {
        emailId: email.id,
        orderId: order.id,
        extraction: {
          provider: "anthropic",
          model: "claude",
          attempt: 2,
          usedFallback: true,
          response: proposal,
          confidence: 0.92,
        },
        decision: {
          policyId: policy.id,
          policyVersion: policy.version,
          complianceStatus: "non_compliant",
          recommendedAction: "escalate",
          matchedRules: [],
          explanation: "Price up 15.6 %, above the 5 % limit.",
        },
        audit: { actor: "agent", event: "reply_decided" },
        email: { state: "processed", orderId: order.id },
        order: { status: "needs_approval" },
      });
      await createApproval(tx, merchantId, {
        orderId: order.id,
        decisionId: written.decisionId,
        reason: "Price above the limit",
      });
      return written;
    });
    versions.push(await version());
    const live = await getLiveStatus(db, merchantId, { orderId: order.id });
    expect(live.pendingApprovals).toBe(1);
    expect(live.order?.status).toBe("needs_approval");

    // The merchant answers.
    const [pending] = await listApprovalsForReview(db, merchantId);
    if (pending === undefined) throw new Error("no pending approval");
    await decideApproval(db, merchantId, pending.id, {
      status: "approved",
      decidedBy: ownerId,
      note: "Fine this once",
    });
    versions.push(await version());
    await appendAudit(db, merchantId, {
      orderId: order.id,
      actor: "merchant",
      actorUserId: ownerId,
      event: "approval_decided",
      details: { approvalId: pending.id },
    });
    versions.push(await version());
    expect((await getLiveStatus(db, merchantId)).pendingApprovals).toBe(0);
    // Every step moved the version; reading it changes nothing.
    expect(new Set(versions).size).toBe(versions.length);
    expect(await version()).toBe(versions.at(-1));

    const trail = (await getOrderTrail(db, merchantId, order.id)) ?? [];
    expect(trail.map((entry) => entry.kind)).toEqual([
      "outbox",
      "email",
      "audit",
      "email",
      "extraction",
      "decision",
      "approval",
      "audit",
      "audit",
    ]);
    const times = trail.map((entry) => entry.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const [outbox, sent, sentAudit, reply, extraction, decision, approval, , decided] =
      trail as TrailEntry[];
    expect(outbox).toMatchObject({
      kind: "outbox",
      id: message.id,
      outboxKind: "purchase_order",
      status: "sent",
      subject: "Purchase order PO-1058",
    });
    expect(outbox?.kind === "outbox" && outbox.sentAt instanceof Date).toBe(true);
    expect(sent).toMatchObject({
      kind: "email",
      direction: "outbound",
      processingState: "processed",
    });
    expect(sentAudit).toMatchObject({ kind: "audit", actor: "agent", event: "email_sent" });
    expect(reply).toMatchObject({
      kind: "email",
      id: email.id,
      direction: "inbound",
      fromAddress: "orders@pacific.test",
      toAddresses: ["buyer@northwind.test"],
      textBody: "Price goes to 5.20.",
      processingState: "processed",
      lastError: null,
      attempts: 2,
    });
    expect(reply?.kind === "email" && reply.receivedAt.getTime()).toBe(email.receivedAt.getTime());
    expect(extraction).toMatchObject({
      kind: "extraction",
      id: extractionId,
      emailId: email.id,
      provider: "anthropic",
      model: "claude",
      attempt: 2,
      usedFallback: true,
      response: proposal,
    });
    expect(decision).toMatchObject({
      kind: "decision",
      id: decisionId,
      extractionId,
      policyVersion: policy.version,
      complianceStatus: "non_compliant",
      recommendedAction: "escalate",
      matchedRules: [],
      counterOffer: null,
    });
    expect(approval).toMatchObject({
      kind: "approval",
      status: "approved",
      reason: "Price above the limit",
      decidedBy: ownerId,
      decidedByName: "Maya Chen",
      decisionNote: "Fine this once",
      reminderCount: 0,
      holdMessageSentAt: null,
    });
    expect(approval?.kind === "approval" && approval.decidedAt instanceof Date).toBe(true);
    expect(decided).toMatchObject({
      kind: "audit",
      actor: "merchant",
      actorUserId: ownerId,
      actorName: "Maya Chen",
      event: "approval_decided",
      details: { approvalId: pending.id },
    });
    for (const entry of trail) expect(entry.at).toBeInstanceOf(Date);
  });

  it("says nothing of an order that is not the merchant's", async () => {
    const other = await createMerchant(db, {
      name: "Other",
      slug: "other",
      email: "buyer@other.test",
      owner: { name: "O", email: "o@other.test" },
    });
    expect(await getOrderTrail(db, other.merchant.id, order.id)).toBeUndefined();
    expect(await getLiveStatus(db, other.merchant.id, { orderId: order.id })).toEqual({
      pendingApprovals: 0,
    });
  });
});

describe("approvals for review", () => {
  it("gives each pending approval with its order, decision, proposal and email", async () => {
    const policy = await savePolicyVersion(db, merchantId, { document: defaultPolicy });
    const { email } = await storeEmail(db, merchantId, {
      provider: "local",
      providerMessageId: "reply-2",
      orderId: order.id,
      fromAddress: "orders@pacific.test",
      toAddresses: ["buyer@northwind.test"],
      subject: "Re: PO-1058 again",
      textBody: "And delivery slips.",
      receivedAt: new Date("2026-03-01T09:00:00Z"),
    });
    const { decisionId } = await recordReplyOutcome(db, merchantId, {
      emailId: email.id,
      orderId: order.id,
      extraction: {
        provider: "local",
        model: "keyless",
        attempt: 1,
        usedFallback: false,
        response: { ...proposal, question: "OK?", unknownField: "dropped" },
        confidence: 0.92,
      },
      decision: {
        policyId: policy.id,
        policyVersion: policy.version,
        complianceStatus: "negotiable",
        recommendedAction: "counter_offer",
        counterOffer: { lines: [{ sku: "TEE-M", unitPrice: 450 }] } as never,
        explanation: "Counter at 4.50.",
      },
      audit: { actor: "agent", event: "reply_decided" },
      email: { state: "processed", orderId: order.id },
    });
    const approval = await createApproval(db, merchantId, {
      orderId: order.id,
      decisionId,
      reason: "Counter needs a look",
    });

    expect(await countPendingApprovals(db, merchantId)).toBe(1);
    const [item, ...rest] = await listApprovalsForReview(db, merchantId, { limit: 10 });
    expect(rest).toEqual([]);
    expect(item).toMatchObject({
      id: approval.id,
      status: "pending",
      reason: "Counter needs a look",
      order: {
        id: order.id,
        poNumber: "PO-1058",
        currency: "USD",
        paymentTerms: "NET30",
        requestedDeliveryDate: "2026-03-20",
        supplierId: order.supplierId,
        supplierName: "Pacific Threads",
      },
      decision: {
        id: decisionId,
        complianceStatus: "negotiable",
        recommendedAction: "counter_offer",
        counterOffer: { lines: [{ sku: "TEE-M", unitPrice: 450 }] },
        explanation: "Counter at 4.50.",
      },
      proposal: { ...proposal, question: "OK?" },
      email: {
        id: email.id,
        subject: "Re: PO-1058 again",
        fromAddress: "orders@pacific.test",
        receivedAt: new Date("2026-03-01T09:00:00Z"),
      },
    });
    expect(item?.proposal).not.toHaveProperty("unknownField");
    expect(item?.order.lines.map((line) => [line.sku, line.unitPriceMinor])).toEqual([
      ["TEE-M", 450],
      ["TEE-L", 450],
    ]);

    // The decided one is still there by id, with its answer.
    const decided = (await getOrderTrail(db, merchantId, order.id))?.find(
      (entry) => entry.kind === "approval" && entry.status === "approved",
    );
    const old = await getApprovalForReview(db, merchantId, decided?.id as never);
    expect(old).toMatchObject({ status: "approved", decisionNote: "Fine this once" });
    expect(old?.proposal).toMatchObject({ kind: "change_proposal", deliveryDate: "2026-04-02" });
  });

  it("shows an approval whose decision had no extraction without proposal or email", async () => {
    const policy = await savePolicyVersion(db, merchantId, { document: defaultPolicy });
    const other = await createOrder(db, merchantId, {
      supplierId: order.supplierId,
      poNumber: "PO-2000",
      currency: "USD",
      paymentTerms: "NET30",
      lines: [],
    });
    const { recordDecision } = await import("./decisions.js");
    const decision = await recordDecision(db, merchantId, {
      orderId: other.id,
      policyId: policy.id,
      policyVersion: policy.version,
      complianceStatus: "needs_review",
      recommendedAction: "escalate",
      explanation: "No answer after three follow-ups.",
    });
    const approval = await createApproval(db, merchantId, {
      orderId: other.id,
      decisionId: decision.id,
      reason: "Supplier silent",
    });
    const item = await getApprovalForReview(db, merchantId, approval.id);
    expect(item).toMatchObject({ proposal: null, email: null, order: { lines: [] } });
    const pending = await listApprovalsForReview(db, merchantId);
    expect(pending.map((a) => a.order.poNumber)).toEqual(["PO-1058", "PO-2000"]);
  });
});

describe("getUserMerchant", () => {
  it("finds the merchant a user works for", async () => {
    expect(await getUserMerchant(db, ownerId)).toEqual({
      userId: ownerId,
      userName: "Maya Chen",
      merchantId,
      merchantName: "Northwind",
    });
    expect(await getUserMerchant(db, "00000000-0000-4000-8000-000000000000" as UserId)).toBe(
      undefined,
    );
  });
});
