/**
 * Suppliers over HTTP against the built app: the actions (add, edit, archive, restore, the sender
 * check) as the browser calls them, the pages, and /api/suppliers with a session or an API token.
 * Merchant B can neither see nor change merchant A's suppliers, and is told "not found".
 */
import {
  createApiToken,
  getSupplier,
  listSuppliers,
  type MerchantSupplier,
  revokeApiToken,
  type SupplierId,
} from "@po-pro/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { supplierCreatedResponse, supplierListResponse } from "../src/server/api/suppliers-schema";
import { callAction } from "./actions";
import { signIn, startWebHarness, type WebHarness } from "./harness";

let h: WebHarness;
let cookieA: string;
let cookieB: string;
let pacific: MerchantSupplier;

beforeAll(async () => {
  h = await startWebHarness();
  cookieA = await signIn(h.baseUrl, h.merchantA.email);
  cookieB = await signIn(h.baseUrl, h.merchantB.email);
  const found = (await listSuppliers(h.db, h.merchantA.merchantId)).find((s) =>
    s.name.startsWith("Pacific Threads"),
  );
  if (found === undefined) throw new Error("the demo merchant has no Pacific Threads");
  pacific = found;
});

afterAll(async () => {
  await h?.close();
});

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${h.baseUrl}${path}`, { redirect: "manual", headers });
const asA = (name: string, input: unknown) =>
  callAction(h.baseUrl, name, [input], { cookie: cookieA, path: "/suppliers" });
const asB = (name: string, input: unknown) =>
  callAction(h.baseUrl, name, [input], { cookie: cookieB, path: "/suppliers" });
const suppliersOfA = (options?: { archived?: boolean | "all" }) =>
  listSuppliers(h.db, h.merchantA.merchantId, options);

describe("adding a supplier", () => {
  it("adds one with the address normalised and the domain classified by the mail layer", async () => {
    const { result } = await asA("createSupplierAction", {
      name: "Harbor Fabrics",
      contactName: "Ines",
      contactEmail: "Ines Duarte <Ines@HarborFabrics.test>",
      notes: "Net 45 agreed by phone.",
    });
    expect(result).toMatchObject({ ok: true });
    const id = (result as { value: { supplierId: SupplierId } }).value.supplierId;
    expect(await getSupplier(h.db, h.merchantA.merchantId, id)).toMatchObject({
      name: "Harbor Fabrics",
      contactName: "Ines",
      contactEmail: "ines@harborfabrics.test",
      domain: "harborfabrics.test",
      notes: "Net 45 agreed by phone.",
      archivedAt: null,
    });
  });

  it("answers a bad email at the field, and writes nothing", async () => {
    const before = await suppliersOfA({ archived: "all" });
    const { result } = await asA("createSupplierAction", {
      name: "",
      contactEmail: "orders@harbor",
    });
    expect(result).toEqual({
      ok: false,
      message: "Some fields need attention.",
      fieldErrors: {
        name: "Enter the supplier's name.",
        contactEmail: "The part after the @ is not a domain, such as supplier.com.",
      },
    });
    expect(await suppliersOfA({ archived: "all" })).toEqual(before);
  });

  it("refuses a second supplier at a domain already on file, naming it", async () => {
    const before = await suppliersOfA({ archived: "all" });
    const { result } = await asA("createSupplierAction", {
      name: "Pacific again",
      contactEmail: "billing@pacificthreads.com",
    });
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: {
        contactEmail: `${pacific.name} is already one of your suppliers at pacificthreads.com.`,
      },
    });
    expect(await suppliersOfA({ archived: "all" })).toEqual(before);
  });
});

describe("editing, archiving and restoring", () => {
  it("edits the notes and the contact within the supplier's domain", async () => {
    const { result } = await asA("updateSupplierAction", {
      supplierId: pacific.supplierId,
      name: pacific.name,
      contactName: "Lena Ortiz",
      contactEmail: "lena@pacificthreads.com",
      notes: "Prefers email before noon.",
    });
    expect(result).toEqual({ ok: true, value: { supplierId: pacific.supplierId } });
    expect(await getSupplier(h.db, h.merchantA.merchantId, pacific.supplierId)).toMatchObject({
      contactEmail: "lena@pacificthreads.com",
      notes: "Prefers email before noon.",
    });
    const page = await (await get(`/suppliers/${pacific.supplierId}`, { cookie: cookieA })).text();
    expect(page).toContain("Prefers email before noon.");
    expect(page).toContain(
      `Replies from lena@pacificthreads.com, or any other address at pacificthreads.com, are treated as ${pacific.name}.`,
    );
  });

  it("refuses a contact at another domain with a sentence, and changes nothing", async () => {
    const before = await getSupplier(h.db, h.merchantA.merchantId, pacific.supplierId);
    const { result } = await asA("updateSupplierAction", {
      supplierId: pacific.supplierId,
      name: pacific.name,
      contactEmail: "lena@pacific-threads.co",
      notes: "changed?",
    });
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: {
        contactEmail: `${pacific.name} is on file at pacificthreads.com, and replies are checked against that domain. An address at pacific-threads.co is another supplier: add it as a new one.`,
      },
    });
    expect(await getSupplier(h.db, h.merchantA.merchantId, pacific.supplierId)).toEqual(before);
  });

  it("archives: out of the active list and the order form, into the archived list; restores", async () => {
    const atlas = (await suppliersOfA()).find((s) => s.name === "Atlas Embroidery");
    if (atlas === undefined) throw new Error("no Atlas Embroidery");
    expect(await asA("archiveSupplierAction", { supplierId: atlas.supplierId })).toMatchObject({
      result: { ok: true, value: { archived: true } },
    });
    expect((await suppliersOfA()).map((s) => s.name)).not.toContain("Atlas Embroidery");

    const active = await (await get("/suppliers", { cookie: cookieA })).text();
    const archived = await (await get("/suppliers?archived=true", { cookie: cookieA })).text();
    const orderForm = await (await get("/orders/new", { cookie: cookieA })).text();
    expect(active).not.toContain("Atlas Embroidery");
    expect(archived).toContain("Atlas Embroidery");
    expect(orderForm).not.toContain("Atlas Embroidery");
    // Its orders still name it.
    const orders = await (await get("/orders?q=atlas", { cookie: cookieA })).text();
    expect(orders).toContain("Atlas Embroidery");

    expect(await asA("restoreSupplierAction", { supplierId: atlas.supplierId })).toMatchObject({
      result: { ok: true, value: { archived: false } },
    });
    expect((await suppliersOfA()).map((s) => s.name)).toContain("Atlas Embroidery");
  });

  it("answers 'would a reply from … be flagged?' with the worker's checks", async () => {
    const check = async (address: string) =>
      (await asA("checkSenderAction", { supplierId: pacific.supplierId, address })).result;
    expect(await check("accounts@pacificthreads.com")).toMatchObject({
      ok: true,
      value: { flagged: false, signals: [] },
    });
    expect(await check("accounts@pacificthreads.co")).toMatchObject({
      ok: true,
      value: { flagged: true, signals: ["sender_mismatch"] },
    });
    expect(await check("nonsense")).toMatchObject({
      ok: false,
      fieldErrors: { address: "An email address needs an @, such as orders@supplier.com." },
    });
  });
});

describe("another merchant", () => {
  it("cannot edit, archive, restore or check A's supplier: 'Not found.', nothing changes", async () => {
    const before = await getSupplier(h.db, h.merchantA.merchantId, pacific.supplierId);
    const attempts = [
      asB("updateSupplierAction", {
        supplierId: pacific.supplierId,
        name: "Taken",
        contactEmail: "x@pacificthreads.com",
        notes: "by B",
      }),
      asB("archiveSupplierAction", { supplierId: pacific.supplierId }),
      asB("restoreSupplierAction", { supplierId: pacific.supplierId }),
      asB("checkSenderAction", { supplierId: pacific.supplierId, address: "a@b.test" }),
      asB("archiveSupplierAction", { supplierId: "not-an-id" }),
    ];
    for (const { result } of await Promise.all(attempts)) {
      expect(result).toEqual({ ok: false, message: "Not found." });
    }
    expect(await getSupplier(h.db, h.merchantA.merchantId, pacific.supplierId)).toEqual(before);
  });

  it("gets 404 for A's supplier page (and for a non-id), and sees none of A's suppliers", async () => {
    expect((await get(`/suppliers/${pacific.supplierId}`, { cookie: cookieB })).status).toBe(404);
    expect((await get("/suppliers/not-a-uuid", { cookie: cookieB })).status).toBe(404);
    const active = await (await get("/suppliers", { cookie: cookieB })).text();
    const archived = await (await get("/suppliers?archived=true", { cookie: cookieB })).text();
    expect(active).toContain("Other Supplier");
    for (const html of [active, archived]) {
      expect(html).not.toContain("Pacific Threads");
      expect(html).not.toContain(pacific.supplierId);
    }
  });

  it("without a session, or from another origin, the actions write nothing", async () => {
    const before = await suppliersOfA({ archived: "all" });
    const input = { name: "Sneaky", contactEmail: "a@sneaky.test" };
    const anonymous = await callAction(h.baseUrl, "createSupplierAction", [input], {
      path: "/suppliers",
    });
    expect(anonymous.result).not.toMatchObject({ ok: true });
    const forged = await callAction(
      h.baseUrl,
      "archiveSupplierAction",
      [{ supplierId: pacific.supplierId }],
      { cookie: cookieA, origin: "https://evil.example", path: "/suppliers" },
    );
    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect(forged.result).toBeUndefined();
    expect(await suppliersOfA({ archived: "all" })).toEqual(before);
  });

  it("without a session, the pages send to sign-in", async () => {
    const response = await get("/suppliers");
    expect([302, 303, 307]).toContain(response.status);
    expect(response.headers.get("location")).toMatch(/\/sign-in/);
  });
});

describe("/api/suppliers", () => {
  const api = (init: { token?: string; cookie?: string; query?: string; body?: unknown } = {}) =>
    fetch(`${h.baseUrl}/api/suppliers${init.query ?? ""}`, {
      method: init.body === undefined ? "GET" : "POST",
      headers: {
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.cookie ? { cookie: init.cookie } : {}),
        ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(init.body !== undefined
        ? { body: typeof init.body === "string" ? init.body : JSON.stringify(init.body) }
        : {}),
    });

  it("lists the signed-in merchant's active suppliers, or the archived ones", async () => {
    const response = await api({ cookie: cookieA });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toContain("no-store");
    const body = supplierListResponse.parse(await response.json());
    expect(body.suppliers.map((s) => s.name)).toEqual((await suppliersOfA()).map((s) => s.name));
    expect(body.suppliers.find((s) => s.id === pacific.supplierId)).toMatchObject({
      domain: "pacificthreads.com",
      archivedAt: null,
    });

    const eastside = (await suppliersOfA()).find((s) => s.name === "Eastside Screenprint");
    await asA("archiveSupplierAction", { supplierId: eastside?.supplierId });
    const archived = supplierListResponse.parse(
      await (await api({ cookie: cookieA, query: "?archived=true" })).json(),
    );
    expect(archived.suppliers.map((s) => s.name)).toEqual(["Eastside Screenprint"]);
    expect(archived.suppliers[0]?.archivedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    await asA("restoreSupplierAction", { supplierId: eastside?.supplierId });
  });

  it("answers with an API token as that token's merchant only", async () => {
    const a = await createApiToken(h.db, h.merchantA.merchantId, { name: "A's script" });
    const b = await createApiToken(h.db, h.merchantB.merchantId, { name: "B's script" });
    const asTokenA = supplierListResponse.parse(await (await api({ token: a.token })).json());
    expect(asTokenA.suppliers.map((s) => s.id)).toContain(pacific.supplierId);
    const asTokenB = supplierListResponse.parse(await (await api({ token: b.token })).json());
    expect(asTokenB.suppliers.map((s) => s.name)).toEqual(["Other Supplier"]);
    // A wrong token is refused even with a session cookie riding along.
    const wrong = await api({ token: "popro_not-a-token", cookie: cookieA });
    expect(wrong.status).toBe(401);
  });

  it("refuses a revoked token and an unauthenticated call with 401 in the API's shape", async () => {
    const { token, summary } = await createApiToken(h.db, h.merchantA.merchantId, {
      name: "revoked",
    });
    expect((await api({ token })).status).toBe(200);
    await revokeApiToken(h.db, h.merchantA.merchantId, summary.id);
    for (const response of [await api({ token }), await api()]) {
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        error: {
          code: "unauthenticated",
          message: "Sign in, or send a valid API token as Bearer.",
        },
      });
    }
  });

  it("answers 400 naming each bad field of a body or query; nothing is written", async () => {
    const { token } = await createApiToken(h.db, h.merchantA.merchantId, { name: "writer" });
    const before = await suppliersOfA({ archived: "all" });
    const bad = await api({ token, body: { name: " ", contactEmail: "a@b@c", notes: 12 } });
    expect(bad.status).toBe(400);
    const { error } = (await bad.json()) as {
      error: { code: string; message: string; fields: Record<string, string> };
    };
    expect(error.code).toBe("invalid_body");
    expect(Object.keys(error.fields).sort()).toEqual(["contactEmail", "name", "notes"]);
    expect(error.fields.name).toBe("Enter the supplier's name.");
    expect((await api({ token, body: "{not json" })).status).toBe(400);
    const query = await api({ token, query: "?archived=maybe" });
    expect(query.status).toBe(400);
    expect(await query.json()).toMatchObject({
      error: { code: "invalid_query", fields: { archived: 'must be "true" or "false"' } },
    });
    expect(await suppliersOfA({ archived: "all" })).toEqual(before);
  });

  it("creates with 201, and answers 409 for a supplier already on file", async () => {
    const { token } = await createApiToken(h.db, h.merchantA.merchantId, { name: "creator" });
    const created = await api({
      token,
      body: { name: "Loom & Co", contactEmail: "Hello@LoomCo.test" },
    });
    expect(created.status).toBe(201);
    const { supplier } = supplierCreatedResponse.parse(await created.json());
    expect(supplier).toMatchObject({
      name: "Loom & Co",
      contactEmail: "hello@loomco.test",
      domain: "loomco.test",
      contactName: null,
      notes: null,
      archivedAt: null,
    });
    expect((await getSupplier(h.db, h.merchantA.merchantId, supplier.id as SupplierId))?.name).toBe(
      "Loom & Co",
    );
    const again = await api({ token, body: { name: "Loom", contactEmail: "sales@loomco.test" } });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({
      error: {
        code: "supplier_exists",
        fields: { contactEmail: expect.stringContaining("Loom & Co") },
      },
    });
  });
});
