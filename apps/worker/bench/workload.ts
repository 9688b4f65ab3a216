/**
 * The benchmark's data: a merchant with the default policy and the test suppliers, `n` orders
 * already sent to them (awaiting the supplier, in a mail thread each), and one stored supplier
 * confirmation in every thread, waiting for its `process-email` job.
 */
import type { Database, EmailMessageId, MerchantId } from "@po-pro/db";
import { seedAwaitingReplies } from "@po-pro/db/testing";
import { SUPPLIER_REPLIES } from "@po-pro/mail/local";
import { DEFAULT_LINES, MERCHANT_EMAIL, seedTestMerchant } from "../test/harness.js";

export interface Workload {
  readonly merchantId: MerchantId;
  readonly emailIds: readonly EmailMessageId[];
}

const confirmation = SUPPLIER_REPLIES.find((reply) => reply.id === "confirm-short");

export async function seedWorkload(db: Database, n: number): Promise<Workload> {
  const { merchant, suppliers } = await seedTestMerchant(db);
  const today = new Date().toISOString().slice(0, 10);
  const emailIds = await seedAwaitingReplies(db, {
    merchantId: merchant.id,
    suppliers,
    buyer: MERCHANT_EMAIL,
    lines: DEFAULT_LINES,
    count: n,
    prefix: "bench",
    concurrency: 16,
    replyText: (_i, { poNumber, supplier }) =>
      confirmation?.write({
        poNumber,
        supplierName: supplier.name,
        buyerName: "Maya",
        currency: "USD",
        requestedDeliveryDate: "2027-01-15",
        today,
        lines: DEFAULT_LINES,
      }) ?? `All confirmed for ${poNumber}, thanks.`,
  });
  return { merchantId: merchant.id, emailIds };
}
