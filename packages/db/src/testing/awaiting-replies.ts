/**
 * Benchmark and load data: `count` orders already sent to the merchant's suppliers (awaiting the
 * supplier, one mail thread each) and one stored supplier reply in every thread, waiting for its
 * `process-email` job — the state the mailbox poller leaves behind.
 */
import type { Database } from "../client.js";
import type { EmailMessageId, MerchantId } from "../ids.js";
import { storeEmail } from "../queries/emails.js";
import { createOrder, updateOrder } from "../queries/orders.js";
import type { MerchantSupplier } from "../queries/suppliers.js";

type OrderLines = Parameters<typeof createOrder>[2]["lines"];

export interface AwaitingRepliesOptions {
  readonly merchantId: MerchantId;
  /** Orders go to these in turn. */
  readonly suppliers: readonly MerchantSupplier[];
  /** The merchant's address: the POs' sender, the replies' recipient. */
  readonly buyer: string;
  readonly lines: OrderLines;
  readonly count: number;
  /** Names the run's threads and messages: `<prefix>-thread-<i>`, `<prefix>-reply-<i>`. */
  readonly prefix: string;
  /** The supplier's reply to order `i`. */
  replyText(i: number, order: { poNumber: string; supplier: MerchantSupplier }): string;
  /** Orders written at once; default 8. */
  readonly concurrency?: number;
}

/** Writes the orders and replies; returns each reply's id, in order. */
export async function seedAwaitingReplies(
  db: Database,
  options: AwaitingRepliesOptions,
): Promise<EmailMessageId[]> {
  const { merchantId, suppliers, buyer, lines, prefix } = options;
  const emailIds: EmailMessageId[] = new Array(options.count);
  const sentAt = new Date(Date.now() - 86_400_000);
  const buyerDomain = buyer.split("@")[1];
  await inBatches(options.count, options.concurrency ?? 8, async (i) => {
    const supplier = suppliers[i % suppliers.length] as MerchantSupplier;
    const poNumber = `PO-${10_000 + i}`;
    const threadId = `${prefix}-thread-${i}`;
    const order = await createOrder(db, merchantId, {
      supplierId: supplier.supplierId,
      poNumber,
      currency: "USD",
      paymentTerms: "NET30",
      requestedDeliveryDate: "2027-01-15",
      status: "awaiting_supplier",
      lines,
    });
    await updateOrder(db, merchantId, order.id, { threadId, sentAt });
    const { email } = await storeEmail(db, merchantId, {
      provider: "local",
      providerMessageId: `${prefix}-reply-${i}`,
      providerThreadId: threadId,
      rfcMessageId: `<${prefix}-reply-${i}@${supplier.contactEmail.split("@")[1]}>`,
      inReplyTo: `<${prefix}-po-${i}@${buyerDomain}>`,
      fromAddress: supplier.contactEmail,
      toAddresses: [buyer],
      subject: `Re: Purchase order ${poNumber}`,
      textBody: options.replyText(i, { poNumber, supplier }),
      receivedAt: new Date(),
    });
    emailIds[i] = email.id;
  });
  return emailIds;
}

/** Runs `task(0 … n-1)`, `width` at a time. */
export async function inBatches(
  n: number,
  width: number,
  task: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(width, n) }, async () => {
    while (next < n) await task(next++);
  });
  await Promise.all(lanes);
}
