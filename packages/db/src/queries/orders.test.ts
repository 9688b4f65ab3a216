import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../client.js";
import type { MerchantId, OrderId, SupplierId } from "../ids.js";
import { seedManyOrders } from "../seed/many-orders.js";
import { createTestDatabase, queryRows, type TestDatabase } from "../testing/index.js";
import { createMerchant } from "./merchants.js";
import {
  countOrdersByStatus,
  createOrder,
  listOrders,
  type OrderStatus,
  type OrderSummary,
} from "./orders.js";
import { addSupplier } from "./suppliers.js";

let database: TestDatabase;
let db: Database;
let merchantId: MerchantId;
let otherMerchantId: MerchantId;
let pacific: SupplierId;
let summit: SupplierId;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  const alpha = await createMerchant(db, {
    name: "Alpha",
    slug: "alpha",
    email: "buyer@alpha.test",
    owner: { name: "Owner", email: "owner@alpha.test" },
  });
  merchantId = alpha.merchant.id;
  pacific = (
    await addSupplier(db, merchantId, {
      name: "Pacific Threads Inc.",
      contactEmail: "orders@pacificthreads.test",
      domain: "pacificthreads.test",
    })
  ).supplierId;
  summit = (
    await addSupplier(db, merchantId, {
      name: "Summit Knitwear",
      contactEmail: "orders@summit.test",
      domain: "summit.test",
    })
  ).supplierId;
  // Another merchant buying from the same Summit under another name, with the same PO numbers.
  const beta = await createMerchant(db, {
    name: "Beta",
    slug: "beta",
    email: "buyer@beta.test",
    owner: { name: "Owner", email: "owner@beta.test" },
  });
  otherMerchantId = beta.merchant.id;
  await addSupplier(db, otherMerchantId, {
    name: "Pacific knock-off",
    contactEmail: "orders@summit.test",
    domain: "summit.test",
  });
});

afterAll(() => database?.close());

async function order(poNumber: string, supplierId: SupplierId, status: OrderStatus = "draft") {
  return createOrder(db, merchantId, {
    supplierId,
    poNumber,
    currency: "USD",
    paymentTerms: "NET30",
    status,
    lines: [{ sku: "SKU-1", description: "Thing", quantity: 2, unitPriceMinor: 150 }],
  });
}

/** Every page of a listing, following `after`, so duplicates and gaps show. */
async function allPages(
  options: Parameters<typeof listOrders>[2] & { limit: number },
): Promise<OrderSummary[]> {
  const rows: OrderSummary[] = [];
  let after: { updatedAt: Date; id: OrderId } | undefined;
  for (let page = 0; page < 1000; page++) {
    const batch = await listOrders(db, merchantId, { ...options, ...(after ? { after } : {}) });
    rows.push(...batch);
    const last = batch.at(-1);
    if (batch.length < options.limit || last === undefined) break;
    after = { updatedAt: last.updatedAt, id: last.id };
  }
  return rows;
}

describe("listOrders search", () => {
  it("matches a PO number fragment or the supplier's name, case-insensitively, page by page", async () => {
    // One transaction: every order has the same updated_at, so only the id orders them.
    const created = await db.transaction(async (tx) => {
      const rows = [];
      for (let i = 1; i <= 7; i++) {
        rows.push(
          await createOrder(tx, merchantId, {
            supplierId: i % 2 === 0 ? summit : pacific,
            poNumber: `PO-77${i}`,
            currency: "USD",
            paymentTerms: "NET30",
            status: i % 3 === 0 ? "confirmed" : "draft",
            lines: [{ sku: "A", description: "A", quantity: i, unitPriceMinor: 100 }],
          }),
        );
      }
      return rows;
    });
    await order("XPO-9%_1", pacific);
    await createOrder(db, otherMerchantId, {
      supplierId: summit,
      poNumber: "PO-771",
      currency: "USD",
      paymentTerms: "NET30",
      lines: [],
    });

    const byPo = await allPages({ search: "po-77", limit: 2 });
    expect(byPo.map((o) => o.poNumber).sort()).toEqual(created.map((o) => o.poNumber).sort());
    expect(new Set(byPo.map((o) => o.id)).size).toBe(7);
    const ordered = [...byPo].sort(
      (a, b) => b.updatedAt.getTime() - a.updatedAt.getTime() || (a.id < b.id ? 1 : -1),
    );
    expect(byPo).toEqual(ordered);

    const bySupplier = await allPages({ search: "  KNITWEAR ", limit: 2 });
    expect(bySupplier.map((o) => o.poNumber).sort()).toEqual(["PO-772", "PO-774", "PO-776"]);
    expect(bySupplier.every((o) => o.supplierName === "Summit Knitwear")).toBe(true);

    // Both at once: a PO number or a supplier name.
    const either = await allPages({ search: "7", limit: 3 });
    expect(either.map((o) => o.poNumber).sort()).toEqual(created.map((o) => o.poNumber).sort());

    // Short fragments (below a trigram) and wildcard characters taken literally.
    expect((await listOrders(db, merchantId, { search: "73" })).map((o) => o.poNumber)).toEqual([
      "PO-773",
    ]);
    expect((await listOrders(db, merchantId, { search: "%_" })).map((o) => o.poNumber)).toEqual([
      "XPO-9%_1",
    ]);
    expect(await listOrders(db, merchantId, { search: "9_" })).toEqual([]);
    expect(await listOrders(db, merchantId, { search: "no such order" })).toEqual([]);

    // Search and status together; the total is still the order's lines.
    const confirmed = await listOrders(db, merchantId, {
      search: "po-77",
      statuses: ["confirmed"],
    });
    expect(confirmed.map((o) => o.poNumber).sort()).toEqual(["PO-773", "PO-776"]);
    expect(confirmed.find((o) => o.poNumber === "PO-776")?.totalMinor).toBe(600);
  });

  it("pages through orders changed at different times without gaps or repeats", async () => {
    const created: string[] = [];
    for (let i = 0; i < 6; i++) created.push((await order(`PO-88${i}`, summit)).poNumber);
    // Identical timestamps, and timestamps a few microseconds apart, within one millisecond.
    await db.execute(sql`update orders set updated_at = '2026-03-01T10:00:00.123Z'
      where merchant_id = ${merchantId} and po_number in ('PO-880', 'PO-881', 'PO-882')`);
    await db.execute(sql`update orders set updated_at = '2026-03-01T10:00:00.123004Z'
      where merchant_id = ${merchantId} and po_number = 'PO-883'`);
    const pages = await allPages({ search: "po-88", limit: 1 });
    expect(pages.map((o) => o.poNumber).sort()).toEqual(created);
    expect(new Set(pages.map((o) => o.id)).size).toBe(created.length);
  });
});

describe("countOrdersByStatus", () => {
  it("counts the merchant's orders in every status, zeros included", async () => {
    const counts = await countOrdersByStatus(db, merchantId);
    const listed = await allPages({ limit: 500 });
    expect(Object.keys(counts).sort()).toEqual(
      [
        "awaiting_supplier",
        "cancelled",
        "confirmed",
        "draft",
        "needs_approval",
        "negotiating",
        "rejected",
      ].sort(),
    );
    expect(counts.rejected).toBe(0);
    for (const [status, count] of Object.entries(counts)) {
      expect(count).toBe(listed.filter((o) => o.status === status).length);
    }
    const other = await countOrdersByStatus(db, otherMerchantId);
    expect(Object.values(other).reduce((sum, n) => sum + n, 0)).toBe(1);
  });
});

describe("seedManyOrders", () => {
  // Seconds on PostgreSQL; PGlite on a machine busy with the rest of the suite needs longer.
  it("inserts thousands of orders set-based, and search still finds the right ones", {
    timeout: 90_000,
  }, async () => {
    const bulk = await createMerchant(db, {
      name: "Bulk",
      slug: "bulk",
      email: "buyer@bulk.test",
      owner: { name: "Owner", email: "owner@bulk.test" },
    });
    const bulkId = bulk.merchant.id;
    for (const name of ["Harbor Supply", "Meadow Mills", "Granite Goods"]) {
      await addSupplier(db, bulkId, {
        name,
        contactEmail: `orders@${name.split(" ")[0]?.toLowerCase()}.test`,
        domain: null,
      });
    }
    const { count, poPrefix } = await seedManyOrders(db, bulkId, {
      count: 13000,
      poPrefix: "BK-",
    });
    expect(count).toBe(13000);

    const counts = await countOrdersByStatus(db, bulkId);
    expect(Object.values(counts).reduce((sum, n) => sum + n, 0)).toBe(13000);
    expect(Object.values(counts).every((n) => n > 1000)).toBe(true);
    const [stats] = await queryRows<{ lines: number; min: number; max: number; suppliers: number }>(
      db,
      sql`select count(*)::int as lines, min(n)::int as min, max(n)::int as max,
        (select count(distinct supplier_id)::int from orders where merchant_id = ${bulkId}) as suppliers
        from (select count(*) as n from order_lines where merchant_id = ${bulkId} group by order_id) c`,
    );
    expect(stats).toMatchObject({ lines: 13000, min: 1, max: 3, suppliers: 3 });

    const one = await listOrders(db, bulkId, { search: `${poPrefix}012345` });
    expect(one.map((o) => o.poNumber)).toEqual(["BK-012345"]);
    const tens = await listOrders(db, bulkId, { search: "1234", limit: 500 });
    expect(tens.map((o) => o.poNumber).sort()).toEqual(
      ["BK-001234", "BK-011234", "BK-012340", "BK-012341", "BK-012342", "BK-012343"]
        .concat(["BK-012344", "BK-012345", "BK-012346", "BK-012347", "BK-012348", "BK-012349"])
        .sort(),
    );
    const meadow = await listOrders(db, bulkId, { search: "meadow", limit: 100 });
    expect(meadow).toHaveLength(100);
    expect(meadow.every((o) => o.supplierName === "Meadow Mills")).toBe(true);
    const newestFirst = meadow.map((o) => o.updatedAt.getTime());
    expect(newestFirst).toEqual([...newestFirst].sort((a, b) => b - a));
  });
});
