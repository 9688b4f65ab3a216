import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MerchantId, type OrderId, parseId } from "./ids.js";
import {
  addSupplier,
  createMerchant,
  createOrder,
  enqueueEmail,
  type OrderDetail,
  recordDecision,
  savePolicyVersion,
  storeEmail,
} from "./queries/index.js";
import { emailMessages, outbox, policies } from "./schema/index.js";
import { defaultPolicy } from "./seed/default-policy.js";
import {
  CHECK_VIOLATION,
  createTestDatabase,
  FOREIGN_KEY_VIOLATION,
  sqlState,
  type TestDatabase,
  UNIQUE_VIOLATION,
} from "./testing/index.js";

let database: TestDatabase;
let a: MerchantId;
let b: MerchantId;
let orderA: OrderDetail;
let orderB: OrderDetail;

beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  const merchant = async (slug: string) =>
    (
      await createMerchant(db, {
        name: slug,
        slug,
        email: `buyer@${slug}.test`,
        owner: { name: "Owner", email: `owner@${slug}.test` },
      })
    ).merchant.id;
  a = await merchant("alpha");
  b = await merchant("beta");
  const supplierA = await addSupplier(db, a, {
    name: "Acme",
    contactEmail: "sales@acme.test",
    domain: "acme.test",
  });
  const supplierB = await addSupplier(db, b, {
    name: "Acme",
    contactEmail: "sales@acme.test",
    domain: "acme.test",
  });
  const lines = [{ sku: "SKU-1", description: "Thing", quantity: 10, unitPriceMinor: 100 }];
  orderA = await createOrder(db, a, {
    supplierId: supplierA.supplierId,
    poNumber: "PO-1",
    currency: "USD",
    paymentTerms: "NET30",
    lines,
  });
  orderB = await createOrder(db, b, {
    supplierId: supplierB.supplierId,
    poNumber: "PO-1",
    currency: "USD",
    paymentTerms: "NET30",
    lines,
  });
});

afterAll(() => database?.close());

const email = (providerMessageId: string) => ({
  provider: "gmail",
  providerMessageId,
  fromAddress: "sales@acme.test",
  toAddresses: ["buyer@alpha.test"],
  subject: "Re: PO-1",
  textBody: "Confirmed.",
  receivedAt: new Date("2026-11-20T10:00:00Z"),
});

const outboxRow = (idempotencyKey: string, orderId: OrderId) => ({
  orderId,
  kind: "confirmation" as const,
  idempotencyKey,
  toAddresses: ["sales@acme.test"],
  subject: "Re: PO-1",
  textBody: "Confirmed, thanks.",
});

describe("uniqueness", () => {
  it("po_number is unique per merchant, not across merchants", async () => {
    // Both merchants already have PO-1 (beforeAll); a second PO-1 for one of them is refused.
    expect(orderA.poNumber).toBe(orderB.poNumber);
    expect(
      await sqlState(
        createOrder(database.db, a, {
          supplierId: orderA.supplierId,
          poNumber: "PO-1",
          currency: "USD",
          paymentTerms: "NET30",
          lines: [],
        }),
      ),
    ).toBe(UNIQUE_VIOLATION);
  });

  it("refuses a second row with the same provider message id for a merchant", async () => {
    await database.db
      .insert(emailMessages)
      .values({ merchantId: a, ...email("msg-1"), direction: "inbound" });
    expect(
      await sqlState(
        database.db
          .insert(emailMessages)
          .values({ merchantId: a, ...email("msg-1"), direction: "inbound" }),
      ),
    ).toBe(UNIQUE_VIOLATION);
    // The same id at another merchant's mailbox is another message.
    await expect(
      database.db
        .insert(emailMessages)
        .values({ merchantId: b, ...email("msg-1"), direction: "inbound" }),
    ).resolves.toBeDefined();
  });

  it("storeEmail keeps the first copy of a re-polled message", async () => {
    const first = await storeEmail(database.db, a, email("msg-2"));
    const again = await storeEmail(database.db, a, { ...email("msg-2"), textBody: "changed" });
    expect(first.inserted).toBe(true);
    expect(again).toEqual({ inserted: false, email: first.email });
  });

  it("refuses a second outbox row with the same idempotency key", async () => {
    await database.db.insert(outbox).values({ merchantId: a, ...outboxRow("key-1", orderA.id) });
    expect(
      await sqlState(
        database.db.insert(outbox).values({ merchantId: a, ...outboxRow("key-1", orderA.id) }),
      ),
    ).toBe(UNIQUE_VIOLATION);
    const again = await enqueueEmail(database.db, a, {
      ...outboxRow("key-1", orderA.id),
      subject: "other",
    });
    expect(again.inserted).toBe(false);
    expect(again.message.subject).toBe("Re: PO-1");
  });

  it("keeps at most one active policy version per merchant", async () => {
    const v1 = await savePolicyVersion(database.db, a, { document: defaultPolicy });
    const v2 = await savePolicyVersion(database.db, a, { document: defaultPolicy });
    expect([v1.version, v2.version]).toEqual([1, 2]);
    const active = await database.db
      .select({ version: policies.version })
      .from(policies)
      .where(sql`${policies.merchantId} = ${a} and ${policies.active}`);
    expect(active).toEqual([{ version: 2 }]);
    expect(
      await sqlState(
        database.db
          .insert(policies)
          .values({ merchantId: a, version: 3, document: defaultPolicy, active: true }),
      ),
    ).toBe(UNIQUE_VIOLATION);
  });
});

describe("tenant integrity in the schema", () => {
  it("refuses a row of merchant A that points at merchant B's order", async () => {
    const policy = await savePolicyVersion(database.db, a, { document: defaultPolicy });
    expect(
      await sqlState(
        recordDecision(database.db, a, {
          orderId: orderB.id,
          policyId: policy.id,
          policyVersion: policy.version,
          complianceStatus: "compliant",
          recommendedAction: "accept",
          explanation: "x",
        }),
      ),
    ).toBe(FOREIGN_KEY_VIOLATION);
    expect(
      await sqlState(
        database.db.insert(outbox).values({ merchantId: a, ...outboxRow("key-x", orderB.id) }),
      ),
    ).toBe(FOREIGN_KEY_VIOLATION);
  });

  it("refuses an order for a supplier the merchant does not have", async () => {
    expect(
      await sqlState(
        createOrder(database.db, a, {
          supplierId: parseId("supplier", "00000000-0000-4000-8000-000000000000"),
          poNumber: "PO-2",
          currency: "USD",
          paymentTerms: "NET30",
          lines: [],
        }),
      ),
    ).toBe(FOREIGN_KEY_VIOLATION);
  });

  it("checks money and currency shapes", async () => {
    expect(
      await sqlState(
        createOrder(database.db, a, {
          supplierId: orderA.supplierId,
          poNumber: "PO-3",
          currency: "usd",
          paymentTerms: "NET30",
          lines: [],
        }),
      ),
    ).toBe(CHECK_VIOLATION);
    expect(
      await sqlState(
        createOrder(database.db, a, {
          supplierId: orderA.supplierId,
          poNumber: "PO-4",
          currency: "USD",
          paymentTerms: "NET30",
          lines: [{ sku: "S", description: "d", quantity: 0, unitPriceMinor: 1 }],
        }),
      ),
    ).toBe(CHECK_VIOLATION);
  });
});
