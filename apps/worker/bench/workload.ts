/**
 * The benchmark's data: a merchant with the default policy and the test suppliers, `n` orders
 * already sent to them (awaiting the supplier, in a mail thread each), and one stored supplier
 * confirmation in every thread, waiting for its `process-email` job.
 */
import {
  createOrder,
  type Database,
  type EmailMessageId,
  type MerchantId,
  type MerchantSupplier,
  storeEmail,
  updateOrder,
} from "@po-pro/db";
import { SUPPLIER_REPLIES } from "@po-pro/mail/local";
import { DEFAULT_LINES, MERCHANT_EMAIL, seedTestMerchant } from "../test/harness.js";

export interface Workload {
  readonly merchantId: MerchantId;
  readonly emailIds: readonly EmailMessageId[];
}

const confirmation = SUPPLIER_REPLIES.find((reply) => reply.id === "confirm-short");

export async function seedWorkload(db: Database, n: number): Promise<Workload> {
  const { merchant, suppliers } = await seedTestMerchant(db);

  const emailIds: EmailMessageId[] = new Array(n);
  const sentAt = new Date(Date.now() - 86_400_000);
  await inBatches(n, 16, async (i) => {
    const supplier = suppliers[i % suppliers.length] as MerchantSupplier;
    const poNumber = `PO-${10_000 + i}`;
    const threadId = `bench-thread-${i}`;
    const order = await createOrder(db, merchant.id, {
      supplierId: supplier.supplierId,
      poNumber,
      currency: "USD",
      paymentTerms: "NET30",
      requestedDeliveryDate: "2027-01-15",
      status: "awaiting_supplier",
      lines: DEFAULT_LINES,
    });
    await updateOrder(db, merchant.id, order.id, { threadId, sentAt });
    const { email } = await storeEmail(db, merchant.id, {
      provider: "local",
      providerMessageId: `bench-reply-${i}`,
      providerThreadId: threadId,
      rfcMessageId: `<bench-reply-${i}@${supplier.contactEmail.split("@")[1]}>`,
      inReplyTo: `<bench-po-${i}@northwind.test>`,
      fromAddress: supplier.contactEmail,
      toAddresses: [MERCHANT_EMAIL],
      subject: `Re: Purchase order ${poNumber}`,
      textBody:
        confirmation?.write({
          poNumber,
          supplierName: supplier.name,
          buyerName: "Maya",
          currency: "USD",
          requestedDeliveryDate: "2027-01-15",
          today: new Date().toISOString().slice(0, 10),
          lines: DEFAULT_LINES,
        }) ?? `All confirmed for ${poNumber}, thanks.`,
      receivedAt: new Date(),
    });
    emailIds[i] = email.id;
  });
  return { merchantId: merchant.id, emailIds };
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
