/**
 * Tenant isolation over HTTP, for every page, route and action: merchant B's session cannot read
 * or change merchant A's orders, approvals or replies, and is told "not found" (404), never
 * "forbidden", so ids do not leak. Without a session, nothing is served.
 */
import {
  type ApprovalId,
  listApprovals,
  listOrders,
  listUnmatchedEmails,
  type OrderId,
} from "@po-pro/db";
import { queryRows } from "@po-pro/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callAction } from "./actions";
import {
  queuedJobs,
  seedUnmatchedReply,
  signIn,
  startWebHarness,
  type WebHarness,
} from "./harness";

let h: WebHarness;
let cookieB: string;
let orderA: { id: OrderId; poNumber: string };
let approvalA: ApprovalId;
let emailA: string;
let poNumberB: string;

const jobCount = async (name: string) => (await queuedJobs(h.db, name)).length;

beforeAll(async () => {
  h = await startWebHarness();
  cookieB = await signIn(h.baseUrl, h.merchantB.email);
  const [order] = await listOrders(h.db, h.merchantA.merchantId, { limit: 1 });
  if (order === undefined) throw new Error("the demo merchant has no orders");
  orderA = order;
  const [approval] = await listApprovals(h.db, h.merchantA.merchantId);
  if (approval === undefined) throw new Error("the demo merchant has no pending approval");
  approvalA = approval.id;
  emailA = (await seedUnmatchedReply(h.db, h.merchantA.merchantId)).id;
  poNumberB = h.merchantB.poNumber;
});

afterAll(async () => {
  await h?.close();
});

const get = (path: string, cookie?: string) =>
  fetch(`${h.baseUrl}${path}`, { redirect: "manual", headers: cookie ? { cookie } : {} });

describe("pages and routes with another merchant's session", () => {
  it("answers 404 for merchant A's order page, and its live status", async () => {
    expect((await get(`/orders/${orderA.id}`, cookieB)).status).toBe(404);
    expect((await get(`/api/live?order=${orderA.id}`, cookieB)).status).toBe(404);
  });

  it("lists none of merchant A's orders, approvals, replies or suppliers", async () => {
    for (const path of ["/orders", "/approvals", "/unmatched", "/orders/new"]) {
      const response = await get(path, cookieB);
      expect(response.status, path).toBe(200);
      const html = await response.text();
      expect(html, path).not.toContain(orderA.poNumber);
      expect(html, path).not.toContain("Atlas Embroidery");
      expect(html, path).not.toContain(emailA);
    }
    const api = (await (await get("/api/orders?limit=200", cookieB)).json()) as {
      orders: { poNumber: string }[];
    };
    expect(api.orders.map((o) => o.poNumber)).toEqual([poNumberB]);
    const live = (await (await get("/api/live", cookieB)).json()) as { pendingApprovals: number };
    expect(live.pendingApprovals).toBe(0);
  });

  it("answers 404 for ids that are not ids at all, the same as for another merchant's", async () => {
    expect((await get("/orders/not-a-uuid", cookieB)).status).toBe(404);
    expect((await get("/api/live?order=not-a-uuid", cookieB)).status).toBe(404);
  });
});

describe("actions with another merchant's session", () => {
  it("cannot approve, reject or counter merchant A's approval", async () => {
    const before = await jobCount("merchant-decision");
    for (const [name, input] of [
      ["decideApprovalAction", { approvalId: approvalA, action: "approve" }],
      ["decideApprovalAction", { approvalId: approvalA, action: "reject" }],
      [
        "counterApprovalAction",
        { approvalId: approvalA, currency: "USD", lines: [], paymentTerms: "Net 30" },
      ],
    ] as const) {
      const response = await callAction(h.baseUrl, name, [input], { cookie: cookieB });
      expect(response.status, name).toBe(200);
      expect(response.result, name).toEqual({ ok: false, message: "Not found." });
    }
    expect(await jobCount("merchant-decision")).toBe(before);
    const [still] = await listApprovals(h.db, h.merchantA.merchantId);
    expect(still?.id).toBe(approvalA);
  });

  it("cannot attach merchant A's reply to its own order", async () => {
    const before = await jobCount("process-email");
    const response = await callAction(
      h.baseUrl,
      "attachReplyAction",
      [{ emailId: emailA, poNumber: poNumberB }],
      { cookie: cookieB, path: "/unmatched" },
    );
    expect(response.result).toEqual({ ok: false, message: "Not found." });
    expect(await jobCount("process-email")).toBe(before);
    const unmatched = await listUnmatchedEmails(h.db, h.merchantA.merchantId);
    expect(unmatched.map((e) => e.id)).toContain(emailA);
  });

  it("cannot order from merchant A's supplier", async () => {
    const [supplier] = await queryRows<{ supplier_id: string }>(
      h.db,
      sql`select supplier_id from merchant_suppliers where merchant_id = ${h.merchantA.merchantId} limit 1`,
    );
    const response = await callAction(
      h.baseUrl,
      "createOrderAction",
      [
        {
          supplierId: supplier?.supplier_id,
          poNumber: "PO-STOLEN-1",
          currency: "USD",
          paymentTerms: "Net 30",
          requestedDeliveryDate: "2030-01-01",
          lines: [{ sku: "X-1", description: "Item", quantity: "1", unitPrice: "1.00" }],
        },
      ],
      { cookie: cookieB, path: "/orders/new" },
    );
    expect(response.result).toMatchObject({
      ok: false,
      fieldErrors: { supplierId: "Choose one of your suppliers." },
    });
    const rows = await queryRows(h.db, sql`select 1 from orders where po_number = 'PO-STOLEN-1'`);
    expect(rows).toHaveLength(0);
  });
});

describe("without a session", () => {
  it("redirects every page to sign-in, keeping where the merchant was going", async () => {
    for (const path of [
      "/orders",
      `/orders/${orderA.id}`,
      "/approvals",
      "/unmatched",
      "/orders/new",
    ]) {
      const response = await get(path);
      expect(response.status, path).toBe(307);
      expect(response.headers.get("location"), path).toContain("/sign-in");
    }
  });

  it("answers 401 on the API", async () => {
    for (const path of ["/api/orders", "/api/live", `/api/live?order=${orderA.id}`]) {
      const response = await get(path);
      expect(response.status, path).toBe(401);
      expect(await response.json(), path).toMatchObject({
        error: { code: "unauthenticated", message: expect.stringMatching(/^Sign in/) },
      });
    }
  });

  it("runs no action: each redirects to sign-in and queues nothing", async () => {
    const before = await jobCount("merchant-decision");
    const response = await callAction(h.baseUrl, "decideApprovalAction", [
      { approvalId: approvalA, action: "approve" },
    ]);
    expect(response.result).toBeUndefined();
    expect(response.body).not.toContain('"ok":true');
    expect(await jobCount("merchant-decision")).toBe(before);
  });
});
