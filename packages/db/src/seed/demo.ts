import type { Database } from "../client";
import {
  addSupplier,
  appendAudit,
  createApproval,
  createMerchant,
  createOrder,
  enqueueEmail,
  getMerchantBySlug,
  markOutboxSent,
  type OrderDetail,
  recordDecision,
  recordExtraction,
  savePolicyVersion,
  setEmailState,
  storeEmail,
  updateOrder,
} from "../queries";
import { defaultPolicy } from "./default-policy";

export const DEMO_MERCHANT_SLUG = "northwind-demo";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface SeedResult {
  merchantId: string;
  /** False when the demo merchant was already there (seeding is idempotent). */
  created: boolean;
}

/**
 * Loads a demo merchant (Northwind Apparel) with suppliers, the default policy and orders in every
 * state the dashboard shows, each with the emails, extraction, decision, approval, outbox rows and
 * audit trail the agent would have written. Dates are relative to `now`.
 */
export async function seedDemo(db: Database, now: Date = new Date()): Promise<SeedResult> {
  const existing = await getMerchantBySlug(db, DEMO_MERCHANT_SLUG);
  if (existing) return { merchantId: existing.id, created: false };

  return db.transaction(async (tx) => {
    const ago = (ms: number) => new Date(now.getTime() - ms);
    const isoDate = (ms: number) => new Date(now.getTime() + ms).toISOString().slice(0, 10);

    const { merchant, owner } = await createMerchant(tx, {
      name: "Northwind Apparel",
      slug: DEMO_MERCHANT_SLUG,
      email: "maya@northwindapparel.com",
      timezone: "America/Los_Angeles",
      owner: { name: "Maya Chen", email: "maya@northwindapparel.com" },
    });
    const m = merchant.id;
    const policy = await savePolicyVersion(tx, m, {
      document: defaultPolicy,
      createdBy: owner.id,
      note: "Default policy",
    });

    // Sequential: each addSupplier opens a savepoint on this one transaction.
    const pacific = await addSupplier(tx, m, {
      name: "Pacific Threads Inc.",
      contactEmail: "orders@pacificthreads.com",
      contactName: "Lena Ortiz",
    });
    const blueRidge = await addSupplier(tx, m, {
      name: "Blue Ridge Hosiery",
      contactEmail: "sales@blueridgehosiery.com",
      contactName: "Rob Jennings",
    });
    const summit = await addSupplier(tx, m, {
      name: "Summit Knitwear",
      contactEmail: "orders@summitknitwear.com",
      notes: "Ships from Portland; MOQ 200 per colour.",
    });
    const atlas = await addSupplier(tx, m, {
      name: "Atlas Embroidery",
      contactEmail: "orders@atlasembroidery.com",
      contactName: "Priya Raman",
    });
    const eastside = await addSupplier(tx, m, {
      name: "Eastside Screenprint",
      contactEmail: "eastsidescreenprint@gmail.com",
      notes: "Owner-run shop; writes from a Gmail address.",
    });

    const order = (
      supplierId: string,
      poNumber: string,
      lines: Array<[string, string, number, number]>,
      status: OrderDetail["status"],
      deliveryInDays: number,
    ) =>
      createOrder(tx, m, {
        supplierId,
        poNumber,
        currency: "USD",
        paymentTerms: "NET30",
        requestedDeliveryDate: isoDate(deliveryInDays * DAY),
        shipTo: "Northwind Apparel, 2150 Harbor Blvd, Unit 4, Costa Mesa, CA 92627",
        status,
        lines: lines.map(([sku, description, quantity, unitPriceMinor]) => ({
          sku,
          description,
          quantity,
          unitPriceMinor,
        })),
      });

    const sentThread = async (o: OrderDetail, supplierEmail: string, sentAgo: number) => {
      const threadId = `demo-thread-${o.poNumber}`;
      await storeEmail(tx, m, {
        provider: "local",
        providerMessageId: `demo-${o.poNumber}-po`,
        providerThreadId: threadId,
        rfcMessageId: `<${o.poNumber}.po@northwindapparel.com>`,
        direction: "outbound",
        orderId: o.id,
        fromAddress: "maya@northwindapparel.com",
        toAddresses: [supplierEmail],
        subject: `Purchase order ${o.poNumber} from Northwind Apparel`,
        textBody: `Please find below purchase order ${o.poNumber} from Northwind Apparel.`,
        receivedAt: ago(sentAgo),
      }).then(({ email }) => setEmailState(tx, m, email.id, { state: "processed" }));
      await appendAudit(tx, m, {
        orderId: o.id,
        actor: "agent",
        event: "po_sent",
        details: { to: supplierEmail },
      });
      return threadId;
    };

    const reply = async (
      o: OrderDetail,
      threadId: string,
      from: string,
      text: string,
      receivedAgo: number,
    ) => {
      const { email } = await storeEmail(tx, m, {
        provider: "local",
        providerMessageId: `demo-${o.poNumber}-reply`,
        providerThreadId: threadId,
        rfcMessageId: `<${o.poNumber}.reply@supplier.example>`,
        inReplyTo: `<${o.poNumber}.po@northwindapparel.com>`,
        orderId: o.id,
        fromAddress: from,
        toAddresses: ["maya@northwindapparel.com"],
        subject: `Re: Purchase order ${o.poNumber} from Northwind Apparel`,
        textBody: text,
        receivedAt: ago(receivedAgo),
      });
      await setEmailState(tx, m, email.id, { state: "processed", orderId: o.id });
      return email;
    };

    // Draft: not sent yet.
    await order(
      summit.supplierId,
      "PO-1061",
      [
        ["BEANIE-CHR", "Ribbed beanie, charcoal", 300, 650],
        ["BEANIE-OAT", "Ribbed beanie, oatmeal", 200, 650],
      ],
      "draft",
      30,
    );

    // Awaiting the supplier: sent two days ago, chased tomorrow.
    const awaiting = await order(
      pacific.supplierId,
      "PO-1058",
      [
        ["TEE-BLK-M", "Heavyweight tee, black, M", 400, 450],
        ["TEE-BLK-L", "Heavyweight tee, black, L", 350, 450],
        ["TEE-WHT-M", "Heavyweight tee, white, M", 250, 430],
      ],
      "awaiting_supplier",
      21,
    );
    const awaitingThread = await sentThread(awaiting, pacific.contactEmail, 2 * DAY);
    await updateOrder(tx, m, awaiting.id, {
      threadId: awaitingThread,
      sentAt: ago(2 * DAY),
      nextFollowUpAt: new Date(now.getTime() + DAY),
    });

    // Negotiating: price up 5.1 % on one line, countered at the ordered price.
    const negotiating = await order(
      blueRidge.supplierId,
      "PO-1057",
      [
        ["SOCK-CRW-WHT", "Crew sock, white, 3-pack", 600, 450],
        ["SOCK-ANK-BLK", "Ankle sock, black, 3-pack", 400, 420],
      ],
      "negotiating",
      18,
    );
    const negotiatingThread = await sentThread(negotiating, blueRidge.contactEmail, 3 * DAY);
    const priceReply = await reply(
      negotiating,
      negotiatingThread,
      "rob@blueridgehosiery.com",
      "Hi Maya,\n\nOur combed cotton yarn went up again this month, so the white crew 3-pack has to go to $4.73 (from $4.50). The black ankle 3-pack stays at $4.20. Everything else on the PO works for us.\n\nThanks,\nRob",
      2 * DAY,
    );
    const priceExtraction = await recordExtraction(tx, m, {
      emailMessageId: priceReply.id,
      orderId: negotiating.id,
      provider: "local",
      model: "keyless-v1",
      attempt: 1,
      usedFallback: false,
      confidence: 0.85,
      response: {
        kind: "change_proposal",
        lines: [
          { sku: "SOCK-CRW-WHT", status: "price_changed", quantity: 600, unitPrice: 473 },
          { sku: "SOCK-ANK-BLK", status: "accepted", quantity: 400, unitPrice: 420 },
        ],
        confidence: 0.85,
      },
      durationMs: 3,
    });
    const counter = await recordDecision(tx, m, {
      orderId: negotiating.id,
      extractionId: priceExtraction.id,
      policyId: policy.id,
      policyVersion: policy.version,
      complianceStatus: "negotiable",
      recommendedAction: "counter_offer",
      matchedRules: [
        {
          ruleId: "price",
          kind: "price_tolerance",
          outcome: "counter",
          observed: 5.11,
          limit: 5,
          reason: "Line SOCK-CRW-WHT: price up 5.1 % (limit 5 %); countering at $4.50",
        },
      ],
      counterOffer: { lines: [{ sku: "SOCK-CRW-WHT", unitPrice: 450 }] },
      explanation: "Line SOCK-CRW-WHT: price up 5.1 % (limit 5 %); countering at $4.50",
    });
    const { message: counterMail } = await enqueueEmail(tx, m, {
      orderId: negotiating.id,
      kind: "counter_offer",
      idempotencyKey: `decision:${counter.id}:counter_offer`,
      toAddresses: ["rob@blueridgehosiery.com"],
      subject: "Re: Purchase order PO-1057 from Northwind Apparel",
      textBody:
        "Hi Rob,\n\nThanks for the update. We can only take the white crew 3-pack at the ordered $4.50; the rest stands as confirmed. Could you confirm at that price?\n\nMaya",
      inReplyTo: "<PO-1057.reply@supplier.example>",
      threadId: negotiatingThread,
    });
    await markOutboxSent(tx, m, counterMail.id, "demo-PO-1057-counter");
    await updateOrder(tx, m, negotiating.id, {
      threadId: negotiatingThread,
      sentAt: ago(3 * DAY),
      negotiationRound: 1,
      nextFollowUpAt: new Date(now.getTime() + 6 * HOUR),
    });
    await appendAudit(tx, m, {
      orderId: negotiating.id,
      actor: "agent",
      event: "counter_offer_sent",
      details: { decisionId: counter.id, explanation: counter.explanation },
    });

    // Needs approval: price up 18 %, beyond the counter limit.
    const escalated = await order(
      atlas.supplierId,
      "PO-1059",
      [
        ["EMB-PATCH-LOGO", "Embroidered logo patch, 3 in", 1000, 85],
        ["EMB-CAP-NVY", "Embroidered dad cap, navy", 300, 720],
      ],
      "needs_approval",
      25,
    );
    const escalatedThread = await sentThread(escalated, atlas.contactEmail, 4 * DAY);
    const bigIncrease = await reply(
      escalated,
      escalatedThread,
      "orders@atlasembroidery.com",
      "Hello Maya,\n\nThread costs have gone up sharply. We can do the caps as ordered, but the logo patches are now $1.00 each (was $0.85). Let us know if we should proceed.\n\nPriya",
      30 * HOUR,
    );
    const bigExtraction = await recordExtraction(tx, m, {
      emailMessageId: bigIncrease.id,
      orderId: escalated.id,
      provider: "local",
      model: "keyless-v1",
      attempt: 1,
      usedFallback: false,
      confidence: 0.8,
      response: {
        kind: "change_proposal",
        lines: [{ sku: "EMB-PATCH-LOGO", status: "price_changed", unitPrice: 100 }],
        confidence: 0.8,
      },
      durationMs: 2,
    });
    const escalation = await recordDecision(tx, m, {
      orderId: escalated.id,
      extractionId: bigExtraction.id,
      policyId: policy.id,
      policyVersion: policy.version,
      complianceStatus: "non_compliant",
      recommendedAction: "escalate",
      matchedRules: [
        {
          ruleId: "price",
          kind: "price_tolerance",
          outcome: "escalate",
          observed: 17.65,
          limit: 15,
          reason: "Line EMB-PATCH-LOGO: price up 17.6 % (counter limit 15 %); needs your approval",
        },
      ],
      explanation: "Line EMB-PATCH-LOGO: price up 17.6 % (counter limit 15 %); needs your approval",
    });
    await createApproval(tx, m, {
      orderId: escalated.id,
      decisionId: escalation.id,
      reason: escalation.explanation,
    });
    await updateOrder(tx, m, escalated.id, {
      threadId: escalatedThread,
      sentAt: ago(4 * DAY),
    });
    await appendAudit(tx, m, {
      orderId: escalated.id,
      actor: "agent",
      event: "escalated_for_approval",
      details: { decisionId: escalation.id, explanation: escalation.explanation },
    });

    // Confirmed: the supplier accepted as ordered.
    const confirmed = await order(
      eastside.supplierId,
      "PO-1052",
      [["SCR-TOTE-NAT", "Screen-printed tote, natural", 500, 310]],
      "confirmed",
      10,
    );
    const confirmedThread = await sentThread(confirmed, eastside.contactEmail, 6 * DAY);
    const confirmation = await reply(
      confirmed,
      confirmedThread,
      "eastsidescreenprint@gmail.com",
      "Got it, all 500 totes at $3.10, ready by the date on the PO. Thanks!",
      5 * DAY,
    );
    const confirmationExtraction = await recordExtraction(tx, m, {
      emailMessageId: confirmation.id,
      orderId: confirmed.id,
      provider: "local",
      model: "keyless-v1",
      attempt: 1,
      usedFallback: false,
      confidence: 0.9,
      response: { kind: "confirmation", lines: [], confidence: 0.9 },
      durationMs: 1,
    });
    const accept = await recordDecision(tx, m, {
      orderId: confirmed.id,
      extractionId: confirmationExtraction.id,
      policyId: policy.id,
      policyVersion: policy.version,
      complianceStatus: "compliant",
      recommendedAction: "accept",
      matchedRules: [],
      explanation: "Every line confirmed as ordered; all rules pass.",
    });
    const { message: acceptMail } = await enqueueEmail(tx, m, {
      orderId: confirmed.id,
      kind: "confirmation",
      idempotencyKey: `decision:${accept.id}:confirmation`,
      toAddresses: ["eastsidescreenprint@gmail.com"],
      subject: "Re: Purchase order PO-1052 from Northwind Apparel",
      textBody: "Thanks — confirmed as ordered. Maya",
      threadId: confirmedThread,
    });
    await markOutboxSent(tx, m, acceptMail.id, "demo-PO-1052-confirm");
    await updateOrder(tx, m, confirmed.id, { threadId: confirmedThread, sentAt: ago(6 * DAY) });
    await appendAudit(tx, m, {
      orderId: confirmed.id,
      actor: "agent",
      event: "order_confirmed",
      details: { decisionId: accept.id },
    });

    // Cancelled by the merchant.
    const cancelled = await order(
      summit.supplierId,
      "PO-1049",
      [["SCARF-GRY", "Knit scarf, grey", 150, 980]],
      "cancelled",
      -3,
    );
    await appendAudit(tx, m, {
      orderId: cancelled.id,
      actor: "merchant",
      actorUserId: owner.id,
      event: "order_cancelled",
      details: { reason: "Season cancelled" },
    });

    return { merchantId: m, created: true };
  });
}
