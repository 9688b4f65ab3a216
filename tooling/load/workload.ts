/**
 * The run's data: one merchant with the default policy, three suppliers and an API token, `n`
 * orders already sent (awaiting the supplier, one mail thread each) and one stored supplier reply
 * in every thread, waiting for its `process-email` job — the state the poller leaves behind.
 */
import {
  addSupplier,
  createApiToken,
  createMerchant,
  type Database,
  type EmailMessageId,
  type MerchantId,
  type MerchantSupplier,
  savePolicyVersion,
} from "@po-pro/db";
import { defaultPolicy } from "@po-pro/db/seed";
import { seedAwaitingReplies } from "@po-pro/db/testing";
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

  const today = new Date().toISOString().slice(0, 10);
  const emailIds = await seedAwaitingReplies(db, {
    merchantId: merchant.id,
    suppliers,
    buyer: BUYER,
    lines: LINES,
    count: n,
    prefix: "load",
    replyText: (i, { poNumber, supplier }) =>
      (TEMPLATES[i % TEMPLATES.length] as (typeof TEMPLATES)[number]).write({
        poNumber,
        supplierName: supplier.name,
        buyerName: "Maya",
        currency: "USD",
        requestedDeliveryDate: "2027-01-15",
        today,
        lines: LINES,
      }),
  });
  return { merchantId: merchant.id, apiToken: token, emailIds };
}
