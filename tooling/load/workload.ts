/**
 * The run's data: one merchant with the default policy, three suppliers and an API token, `n`
 * orders already sent (awaiting the supplier, one mail thread each) and one stored supplier reply
 * in every thread, waiting for its `process-email` job — the state the poller leaves behind.
 */
import {
  addSupplier,
  createApiToken,
  createMerchant,
  createOrder,
  type Database,
  type EmailMessageId,
  type MerchantId,
  type MerchantSupplier,
  savePolicyVersion,
  storeEmail,
  updateOrder,
} from "@po-pro/db";
import { defaultPolicy } from "@po-pro/db/seed";
import { SUPPLIER_REPLIES } from "@po-pro/mail/local";

const BUYER = "buyer@northwind.test";
const LINES = [
  { sku: "TEE-BLK-M", description: "Organic tee, black, M", quantity: 200, unitPriceMinor: 450 },
  { sku: "HOOD-GRY-M", description: "Fleece hoodie, grey, M", quantity: 50, unitPriceMinor: 1850 },
];
// Replies the keyless extractor reads: they end in accept, counter-offer and escalate decisions.
const TEMPLATES = ["confirm-short", "price-up-one-line", "delay-days", "refusal-capacity"].map(
  (id) => {
    const template = SUPPLIER_REPLIES.find((reply) => reply.id === id);
    if (template === undefined) throw new Error(`no supplier reply template "${id}"`);
    return template;
  },
);

export interface Workload {
  readonly merchantId: MerchantId;
  /** A Bearer token for the merchant's JSON API. */
  readonly apiToken: string;
  readonly emailIds: readonly EmailMessageId[];
}

export async function seedWorkload(db: Database, n: number): Promise<Workload> {
  const { merchant, owner } = await createMerchant(db, {
    name: "Northwind Apparel",
    slug: "northwind",
    email: BUYER,
    owner: { name: "Maya", email: BUYER },
  });
  await savePolicyVersion(db, merchant.id, { document: defaultPolicy, createdBy: owner.id });
  const suppliers: MerchantSupplier[] = [];
  for (const [name, domain] of [
    ["Pacific Threads", "pacificthreads.test"],
    ["Summit Knitwear", "summitknit.test"],
    ["Atlas Embroidery", "atlasembroidery.test"],
  ] as const) {
    suppliers.push(
      await addSupplier(db, merchant.id, { name, contactEmail: `orders@${domain}`, domain }),
    );
  }
  const { token } = await createApiToken(db, merchant.id, { name: "load", createdBy: owner.id });

  const emailIds: EmailMessageId[] = new Array(n);
  const sentAt = new Date(Date.now() - 86_400_000);
  const today = new Date().toISOString().slice(0, 10);
  await inBatches(n, 8, async (i) => {
    const supplier = suppliers[i % suppliers.length] as MerchantSupplier;
    const template = TEMPLATES[i % TEMPLATES.length] as (typeof TEMPLATES)[number];
    const poNumber = `PO-${10_000 + i}`;
    const threadId = `load-thread-${i}`;
    const order = await createOrder(db, merchant.id, {
      supplierId: supplier.supplierId,
      poNumber,
      currency: "USD",
      paymentTerms: "NET30",
      requestedDeliveryDate: "2027-01-15",
      status: "awaiting_supplier",
      lines: LINES,
    });
    await updateOrder(db, merchant.id, order.id, { threadId, sentAt });
    const { email } = await storeEmail(db, merchant.id, {
      provider: "local",
      providerMessageId: `load-reply-${i}`,
      providerThreadId: threadId,
      fromAddress: supplier.contactEmail,
      toAddresses: [BUYER],
      subject: `Re: Purchase order ${poNumber}`,
      textBody: template.write({
        poNumber,
        supplierName: supplier.name,
        buyerName: "Maya",
        currency: "USD",
        requestedDeliveryDate: "2027-01-15",
        today,
        lines: LINES,
      }),
      receivedAt: new Date(),
    });
    emailIds[i] = email.id;
  });
  return { merchantId: merchant.id, apiToken: token, emailIds };
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
