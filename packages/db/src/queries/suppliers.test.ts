import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../client.js";
import type { MerchantId } from "../ids.js";
import { createTestDatabase, type TestDatabase } from "../testing/index.js";
import { createMerchant } from "./merchants.js";
import { NotFoundError } from "./not-found.js";
import { createOrder, getOrder, getOrderByPoNumber } from "./orders.js";
import {
  addSupplier,
  archiveSupplier,
  countOrdersBySupplier,
  findSupplierByEmail,
  getSupplier,
  listSupplierOrders,
  listSuppliers,
  restoreSupplier,
  SupplierAlreadyAddedError,
  SupplierDomainChangeError,
  updateSupplier,
} from "./suppliers.js";

let database: TestDatabase;
let db: Database;
let a: MerchantId;
let b: MerchantId;

async function merchant(slug: string): Promise<MerchantId> {
  const { merchant } = await createMerchant(db, {
    name: slug,
    slug,
    email: `buyer@${slug}.test`,
    owner: { name: `${slug} owner`, email: `owner@${slug}.test` },
  });
  return merchant.id;
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  a = await merchant("alpha");
  b = await merchant("beta");
});

afterAll(() => database?.close());

describe("updateSupplier", () => {
  it("changes the merchant's name, contact and notes, not the shared row or another merchant's view", async () => {
    const mine = await addSupplier(db, a, {
      name: "Pacific Threads",
      contactEmail: "orders@pacific.test",
      domain: "pacific.test",
    });
    const theirs = await addSupplier(db, b, {
      name: "Pacific (B)",
      contactEmail: "sales@pacific.test",
      domain: "pacific.test",
      notes: "B's notes",
    });
    expect(theirs.supplierId).toBe(mine.supplierId);

    const updated = await updateSupplier(db, a, mine.supplierId, {
      name: "Pacific Threads Co.",
      contactName: "Dana",
      contactEmail: "dana@pacific.test",
      domain: "pacific.test",
      notes: "Ships Tuesdays.",
    });
    expect(updated).toMatchObject({
      name: "Pacific Threads Co.",
      contactName: "Dana",
      contactEmail: "dana@pacific.test",
      notes: "Ships Tuesdays.",
      domain: "pacific.test",
      archivedAt: null,
    });
    expect(await getSupplier(db, a, mine.supplierId)).toEqual(updated);
    expect(await getSupplier(db, b, mine.supplierId)).toEqual(theirs);

    // Absent fields stay; null clears.
    const cleared = await updateSupplier(db, a, mine.supplierId, { notes: null });
    expect(cleared.notes).toBeNull();
    expect(cleared.contactName).toBe("Dana");
  });

  it("refuses a contact address at another domain, and leaves the supplier as it was", async () => {
    const s = await addSupplier(db, a, {
      name: "Blue Ridge",
      contactEmail: "po@blueridge.test",
      domain: "blueridge.test",
    });
    const attempt = updateSupplier(db, a, s.supplierId, {
      contactEmail: "someone@elsewhere.test",
      domain: "elsewhere.test",
      notes: "should not be written",
    });
    await expect(attempt).rejects.toBeInstanceOf(SupplierDomainChangeError);
    await expect(attempt).rejects.toMatchObject({ onFile: "blueridge.test" });
    // To a free-mail address as well: only the exact address would then count.
    await expect(
      updateSupplier(db, a, s.supplierId, { contactEmail: "br@gmail.com", domain: null }),
    ).rejects.toBeInstanceOf(SupplierDomainChangeError);
    expect(await getSupplier(db, a, s.supplierId)).toEqual(s);
  });

  it("lets a free-mail supplier change to another free-mail address", async () => {
    const s = await addSupplier(db, a, {
      name: "Eastside",
      contactEmail: "eastside@gmail.com",
      domain: null,
    });
    const updated = await updateSupplier(db, a, s.supplierId, {
      contactEmail: "eastside.prints@outlook.com",
      domain: null,
    });
    expect(updated.contactEmail).toBe("eastside.prints@outlook.com");
    await expect(
      updateSupplier(db, a, s.supplierId, {
        contactEmail: "hi@eastside.test",
        domain: "eastside.test",
      }),
    ).rejects.toBeInstanceOf(SupplierDomainChangeError);
  });

  it("throws NotFoundError for another merchant's supplier and changes nothing", async () => {
    const theirs = await addSupplier(db, b, {
      name: "Only B",
      contactEmail: "b-only@gmail.com",
      domain: null,
    });
    await expect(
      updateSupplier(db, a, theirs.supplierId, { notes: "from a" }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(await getSupplier(db, b, theirs.supplierId)).toEqual(theirs);
  });
});

describe("addSupplier", () => {
  it("refuses a second supplier at a domain the merchant already has, naming the one on file", async () => {
    const first = await addSupplier(db, a, {
      name: "Summit",
      contactEmail: "sales@summit.test",
      domain: "summit.test",
    });
    const again = addSupplier(db, a, {
      name: "Summit again",
      contactEmail: "other@summit.test",
      domain: "summit.test",
    });
    await expect(again).rejects.toBeInstanceOf(SupplierAlreadyAddedError);
    await expect(again).rejects.toMatchObject({ existing: { supplierId: first.supplierId } });
    expect((await listSuppliers(db, a)).filter((s) => s.domain === "summit.test")).toHaveLength(1);
  });
});

describe("archiveSupplier / restoreSupplier", () => {
  it("moves a supplier between the active and archived lists; its orders and mail matching stay", async () => {
    const m = await merchant("archiver");
    const atlas = await addSupplier(db, m, {
      name: "Atlas",
      contactEmail: "sales@atlas.test",
      domain: "atlas.test",
    });
    const zed = await addSupplier(db, m, {
      name: "Zed",
      contactEmail: "zed@gmail.com",
      domain: null,
    });
    const order = await createOrder(db, m, {
      supplierId: atlas.supplierId,
      poNumber: "PO-ATLAS-1",
      currency: "USD",
      paymentTerms: "NET30",
      status: "awaiting_supplier",
      lines: [{ sku: "A", description: "Thing", quantity: 1, unitPriceMinor: 100 }],
    });

    const archived = await archiveSupplier(db, m, atlas.supplierId);
    expect(archived.archivedAt).toBeInstanceOf(Date);
    // Archiving again keeps the first date.
    expect((await archiveSupplier(db, m, atlas.supplierId)).archivedAt).toEqual(
      archived.archivedAt,
    );

    // The order form's list (the default) no longer offers it; the archived list has it.
    expect((await listSuppliers(db, m)).map((s) => s.name)).toEqual(["Zed"]);
    expect((await listSuppliers(db, m, { archived: true })).map((s) => s.name)).toEqual(["Atlas"]);
    expect((await listSuppliers(db, m, { archived: "all" })).map((s) => s.name)).toEqual([
      "Atlas",
      "Zed",
    ]);

    // What the worker reads for a reply to the order: the order with its supplier's address,
    // and the supplier found by the sender's address or domain.
    expect((await getOrder(db, m, order.id))?.supplierEmail).toBe("sales@atlas.test");
    expect((await getOrderByPoNumber(db, m, "PO-ATLAS-1"))?.supplierName).toBe("Atlas");
    expect(
      (await findSupplierByEmail(db, m, { address: "rep@atlas.test", domain: "atlas.test" }))
        ?.supplierId,
    ).toBe(atlas.supplierId);
    expect((await listSupplierOrders(db, m, atlas.supplierId)).map((o) => o.poNumber)).toEqual([
      "PO-ATLAS-1",
    ]);
    expect((await countOrdersBySupplier(db, m)).get(atlas.supplierId)).toBe(1);
    expect((await countOrdersBySupplier(db, m)).has(zed.supplierId)).toBe(false);

    const restored = await restoreSupplier(db, m, atlas.supplierId);
    expect(restored.archivedAt).toBeNull();
    expect((await listSuppliers(db, m)).map((s) => s.name)).toEqual(["Atlas", "Zed"]);
  });

  it("throws NotFoundError for another merchant's supplier and leaves it as it was", async () => {
    const theirs = await addSupplier(db, b, {
      name: "B private",
      contactEmail: "b-private@gmail.com",
      domain: null,
    });
    await expect(archiveSupplier(db, a, theirs.supplierId)).rejects.toBeInstanceOf(NotFoundError);
    await archiveSupplier(db, b, theirs.supplierId);
    await expect(restoreSupplier(db, a, theirs.supplierId)).rejects.toBeInstanceOf(NotFoundError);
    expect((await getSupplier(db, b, theirs.supplierId))?.archivedAt).toBeInstanceOf(Date);
  });
});
