import { createApproval, type MerchantSupplier, updateOrder } from "../queries/index.js";
import { DAY, type DemoLine, type DemoStory, HOUR } from "./demo-story.js";

/** The demo merchant's suppliers, by the role each plays in the story. */
export interface DemoSuppliers {
  pacific: MerchantSupplier;
  blueRidge: MerchantSupplier;
  summit: MerchantSupplier;
  atlas: MerchantSupplier;
  eastside: MerchantSupplier;
}

/** Draft: not sent yet. */
export async function draftOrder(story: DemoStory, { summit }: DemoSuppliers): Promise<void> {
  const lines: DemoLine[] = [
    ["BEANIE-CHR", "Ribbed beanie, charcoal", 300, 650],
    ["BEANIE-OAT", "Ribbed beanie, oatmeal", 200, 650],
  ];
  await story.order(summit, "PO-1061", lines, "draft", 30);
}

/** Awaiting the supplier: sent two days ago, chased tomorrow. */
export async function awaitingOrder(story: DemoStory, { pacific }: DemoSuppliers): Promise<void> {
  const order = await story.order(
    pacific,
    "PO-1058",
    [
      ["TEE-BLK-M", "Heavyweight tee, black, M", 400, 450],
      ["TEE-BLK-L", "Heavyweight tee, black, L", 350, 450],
      ["TEE-WHT-M", "Heavyweight tee, white, M", 250, 430],
    ],
    "awaiting_supplier",
    21,
  );
  const threadId = await story.sendPurchaseOrder(order, pacific.contactEmail, 2 * DAY);
  await updateOrder(story.tx, story.merchantId, order.id, {
    threadId,
    sentAt: story.ago(2 * DAY),
    nextFollowUpAt: story.later(DAY),
  });
}

/** Negotiating: price up 5.1 % on one line, countered at the ordered price. */
export async function negotiatingOrder(
  story: DemoStory,
  { blueRidge }: DemoSuppliers,
): Promise<void> {
  const order = await story.order(
    blueRidge,
    "PO-1057",
    [
      ["SOCK-CRW-WHT", "Crew sock, white, 3-pack", 600, 450],
      ["SOCK-ANK-BLK", "Ankle sock, black, 3-pack", 400, 420],
    ],
    "negotiating",
    18,
  );
  const threadId = await story.sendPurchaseOrder(order, blueRidge.contactEmail, 3 * DAY);
  const reply = await story.supplierReply(
    order,
    threadId,
    "rob@blueridgehosiery.com",
    "Hi Maya,\n\nOur combed cotton yarn went up again this month, so the white crew 3-pack has to go to $4.73 (from $4.50). The black ankle 3-pack stays at $4.20. Everything else on the PO works for us.\n\nThanks,\nRob",
    2 * DAY,
  );
  const counter = await story.decide(
    order,
    reply,
    {
      confidence: 0.85,
      response: {
        kind: "change_proposal",
        lines: [
          { sku: "SOCK-CRW-WHT", status: "price_changed", quantity: 600, unitPrice: 473 },
          { sku: "SOCK-ANK-BLK", status: "accepted", quantity: 400, unitPrice: 420 },
        ],
        confidence: 0.85,
      },
    },
    {
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
      counterOffer: { lines: [{ sku: "SOCK-CRW-WHT", quantity: 600, unitPrice: 450 }] },
    },
  );
  await story.sentMail(
    {
      orderId: order.id,
      kind: "counter_offer",
      idempotencyKey: `decision:${counter.id}:counter_offer`,
      toAddresses: ["rob@blueridgehosiery.com"],
      subject: "Re: Purchase order PO-1057 from Northwind Apparel",
      textBody:
        "Hi Rob,\n\nThanks for the update. We can only take the white crew 3-pack at the ordered $4.50; the rest stands as confirmed. Could you confirm at that price?\n\nMaya",
      inReplyTo: "<PO-1057.reply@supplier.example>",
      threadId,
    },
    "demo-PO-1057-counter",
  );
  await updateOrder(story.tx, story.merchantId, order.id, {
    threadId,
    sentAt: story.ago(3 * DAY),
    negotiationRound: 1,
    nextFollowUpAt: story.later(6 * HOUR),
  });
  await story.audit(order, "counter_offer_sent", {
    decisionId: counter.id,
    explanation: counter.explanation,
  });
}

/** Needs approval: price up 18 %, beyond the counter limit. */
export async function escalatedOrder(story: DemoStory, { atlas }: DemoSuppliers): Promise<void> {
  const order = await story.order(
    atlas,
    "PO-1059",
    [
      ["EMB-PATCH-LOGO", "Embroidered logo patch, 3 in", 1000, 85],
      ["EMB-CAP-NVY", "Embroidered dad cap, navy", 300, 720],
    ],
    "needs_approval",
    25,
  );
  const threadId = await story.sendPurchaseOrder(order, atlas.contactEmail, 4 * DAY);
  const reply = await story.supplierReply(
    order,
    threadId,
    "orders@atlasembroidery.com",
    "Hello Maya,\n\nThread costs have gone up sharply. We can do the caps as ordered, but the logo patches are now $1.00 each (was $0.85). Let us know if we should proceed.\n\nPriya",
    30 * HOUR,
  );
  const escalation = await story.decide(
    order,
    reply,
    {
      confidence: 0.8,
      response: {
        kind: "change_proposal",
        lines: [{ sku: "EMB-PATCH-LOGO", status: "price_changed", unitPrice: 100 }],
        confidence: 0.8,
      },
    },
    {
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
    },
  );
  await createApproval(story.tx, story.merchantId, {
    orderId: order.id,
    decisionId: escalation.id,
    reason: escalation.explanation,
  });
  await updateOrder(story.tx, story.merchantId, order.id, {
    threadId,
    sentAt: story.ago(4 * DAY),
  });
  await story.audit(order, "escalated_for_approval", {
    decisionId: escalation.id,
    explanation: escalation.explanation,
  });
}

/** Confirmed: the supplier accepted as ordered. */
export async function confirmedOrder(story: DemoStory, { eastside }: DemoSuppliers): Promise<void> {
  const order = await story.order(
    eastside,
    "PO-1052",
    [["SCR-TOTE-NAT", "Screen-printed tote, natural", 500, 310]],
    "confirmed",
    10,
  );
  const threadId = await story.sendPurchaseOrder(order, eastside.contactEmail, 6 * DAY);
  const reply = await story.supplierReply(
    order,
    threadId,
    "eastsidescreenprint@gmail.com",
    "Got it, all 500 totes at $3.10, ready by the date on the PO. Thanks!",
    5 * DAY,
  );
  const accept = await story.decide(
    order,
    reply,
    { confidence: 0.9, response: { kind: "confirmation", lines: [], confidence: 0.9 } },
    { complianceStatus: "compliant", recommendedAction: "accept", matchedRules: [] },
  );
  await story.sentMail(
    {
      orderId: order.id,
      kind: "confirmation",
      idempotencyKey: `decision:${accept.id}:confirmation`,
      toAddresses: ["eastsidescreenprint@gmail.com"],
      subject: "Re: Purchase order PO-1052 from Northwind Apparel",
      textBody: "Thanks — confirmed as ordered. Maya",
      threadId,
    },
    "demo-PO-1052-confirm",
  );
  await updateOrder(story.tx, story.merchantId, order.id, { threadId, sentAt: story.ago(6 * DAY) });
  await story.audit(order, "order_confirmed", { decisionId: accept.id });
}

/** Cancelled by the merchant. */
export async function cancelledOrder(story: DemoStory, { summit }: DemoSuppliers): Promise<void> {
  const order = await story.order(
    summit,
    "PO-1049",
    [["SCARF-GRY", "Knit scarf, grey", 150, 980]],
    "cancelled",
    -3,
  );
  await story.audit(order, "order_cancelled", { reason: "Season cancelled" }, "merchant");
}
