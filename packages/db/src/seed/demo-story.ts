import type { Database } from "../client.js";
import type { MerchantId, PolicyId, UserId } from "../ids.js";
import {
  appendAudit,
  createOrder,
  type Decision,
  type EmailMessage,
  enqueueEmail,
  markOutboxSent,
  type NewDecision,
  type NewExtraction,
  type NewOutboxMessage,
  type OrderDetail,
  recordDecision,
  recordExtraction,
  setEmailState,
  storeEmail,
} from "../queries/index.js";

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

const MERCHANT_EMAIL = "maya@northwindapparel.com";

/** A demo order line: sku, description, quantity, unit price in cents. */
export type DemoLine = [sku: string, description: string, quantity: number, unitPriceMinor: number];

/**
 * What every demo order is written with: the transaction, the merchant, its owner and policy, and
 * the clock the story is told against. Its methods write the rows the agent would have written at
 * each step, so a scenario reads as the order's history.
 */
export class DemoStory {
  constructor(
    readonly tx: Database,
    readonly merchantId: MerchantId,
    readonly ownerId: UserId,
    readonly policy: { id: PolicyId; version: number },
    readonly now: Date,
  ) {}

  ago(ms: number): Date {
    return new Date(this.now.getTime() - ms);
  }

  later(ms: number): Date {
    return new Date(this.now.getTime() + ms);
  }

  isoDate(ms: number): string {
    return this.later(ms).toISOString().slice(0, 10);
  }

  async order(
    supplier: { supplierId: OrderDetail["supplierId"] },
    poNumber: string,
    lines: DemoLine[],
    status: OrderDetail["status"],
    deliveryInDays: number,
  ) {
    return createOrder(this.tx, this.merchantId, {
      supplierId: supplier.supplierId,
      poNumber,
      currency: "USD",
      paymentTerms: "NET30",
      requestedDeliveryDate: this.isoDate(deliveryInDays * DAY),
      shipTo: "Northwind Apparel, 2150 Harbor Blvd, Unit 4, Costa Mesa, CA 92627",
      status,
      lines: lines.map(([sku, description, quantity, unitPriceMinor]) => ({
        sku,
        description,
        quantity,
        unitPriceMinor,
      })),
    });
  }

  /** The purchase order email the merchant sent; returns the thread id replies belong to. */
  async sendPurchaseOrder(order: OrderDetail, supplierEmail: string, sentAgo: number) {
    const threadId = `demo-thread-${order.poNumber}`;
    const { email } = await storeEmail(this.tx, this.merchantId, {
      provider: "local",
      providerMessageId: `demo-${order.poNumber}-po`,
      providerThreadId: threadId,
      rfcMessageId: `<${order.poNumber}.po@northwindapparel.com>`,
      direction: "outbound",
      orderId: order.id,
      fromAddress: MERCHANT_EMAIL,
      toAddresses: [supplierEmail],
      subject: `Purchase order ${order.poNumber} from Northwind Apparel`,
      textBody: `Please find below purchase order ${order.poNumber} from Northwind Apparel.`,
      receivedAt: this.ago(sentAgo),
    });
    await setEmailState(this.tx, this.merchantId, email.id, { state: "processed" });
    await this.audit(order, "po_sent", { to: supplierEmail });
    return threadId;
  }

  /** The supplier's answer, stored and marked processed as the agent would have. */
  async supplierReply(
    order: OrderDetail,
    threadId: string,
    from: string,
    text: string,
    receivedAgo: number,
  ): Promise<EmailMessage> {
    const { email } = await storeEmail(this.tx, this.merchantId, {
      provider: "local",
      providerMessageId: `demo-${order.poNumber}-reply`,
      providerThreadId: threadId,
      rfcMessageId: `<${order.poNumber}.reply@supplier.example>`,
      inReplyTo: `<${order.poNumber}.po@northwindapparel.com>`,
      orderId: order.id,
      fromAddress: from,
      toAddresses: [MERCHANT_EMAIL],
      subject: `Re: Purchase order ${order.poNumber} from Northwind Apparel`,
      textBody: text,
      receivedAt: this.ago(receivedAgo),
    });
    await setEmailState(this.tx, this.merchantId, email.id, {
      state: "processed",
      orderId: order.id,
    });
    return email;
  }

  /** The keyless extraction of a reply and the policy's decision on it. */
  async decide(
    order: OrderDetail,
    reply: EmailMessage,
    extraction: Pick<NewExtraction, "confidence" | "response">,
    decision: Omit<
      NewDecision,
      "orderId" | "extractionId" | "policyId" | "policyVersion" | "explanation"
    >,
  ): Promise<Decision> {
    const recorded = await recordExtraction(this.tx, this.merchantId, {
      emailMessageId: reply.id,
      orderId: order.id,
      provider: "local",
      model: "keyless-v1",
      attempt: 1,
      usedFallback: false,
      durationMs: 2,
      ...extraction,
    });
    const reasons = (decision.matchedRules ?? []).map((rule) => rule.reason);
    return recordDecision(this.tx, this.merchantId, {
      ...decision,
      orderId: order.id,
      extractionId: recorded.id,
      policyId: this.policy.id,
      policyVersion: this.policy.version,
      explanation:
        reasons.length > 0
          ? reasons.join("; ")
          : "Every line confirmed as ordered; all rules pass.",
    });
  }

  /** An email the agent queued and the mailbox already sent. */
  async sentMail(input: NewOutboxMessage, providerMessageId: string): Promise<void> {
    const { message } = await enqueueEmail(this.tx, this.merchantId, input);
    await markOutboxSent(this.tx, this.merchantId, message.id, providerMessageId);
  }

  async audit(
    order: OrderDetail,
    event: string,
    details: Record<string, unknown>,
    actor: "agent" | "merchant" = "agent",
  ): Promise<void> {
    await appendAudit(this.tx, this.merchantId, {
      orderId: order.id,
      actor,
      actorUserId: actor === "merchant" ? this.ownerId : null,
      event,
      details,
    });
  }
}
