/**
 * The dashboard's actions and JSON routes over HTTP against the built app and a real database:
 * what each writes, what job it queues, and what bad input gets.
 */
import { getEmail, getOrderByPoNumber, listApprovals, listOrders } from "@po-pro/db";
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
let cookie: string;

const jobs = (name: string) => queuedJobs(h.db, name);

beforeAll(async () => {
  h = await startWebHarness();
  cookie = await signIn(h.baseUrl, h.merchantA.email);
});

afterAll(async () => {
  await h?.close();
});

describe("counterApprovalAction", () => {
  it("refuses a bad price at its field and queues nothing", async () => {
    const [approval] = await listApprovals(h.db, h.merchantA.merchantId);
    const response = await callAction(
      h.baseUrl,
      "counterApprovalAction",
      [
        {
          approvalId: approval?.id,
          currency: "USD",
          lines: [{ sku: "EMB-PATCH-LOGO", unitPrice: "-3" }],
        },
      ],
      { cookie, path: "/approvals" },
    );
    expect(response.result).toEqual({
      ok: false,
      message: "Some fields need attention.",
      fieldErrors: { "lines.0.unitPrice": "Enter a price of 0 or more, such as 12.50." },
    });
    expect(await jobs("merchant-decision")).toEqual([]);
  });

  it("queues the merchant's terms for the worker, in minor units and normalised terms", async () => {
    const [approval] = await listApprovals(h.db, h.merchantA.merchantId);
    const response = await callAction(
      h.baseUrl,
      "counterApprovalAction",
      [
        {
          approvalId: approval?.id,
          currency: "USD",
          lines: [{ sku: "EMB-PATCH-LOGO", quantity: "", unitPrice: "0.90" }],
          deliveryDate: "",
          paymentTerms: "net 45",
        },
      ],
      { cookie, path: "/approvals" },
    );
    expect(response.result).toMatchObject({ ok: true });
    expect(await jobs("merchant-decision")).toEqual([
      expect.objectContaining({
        merchantId: h.merchantA.merchantId,
        approvalId: approval?.id,
        userId: h.merchantA.userId,
        action: "counter",
        terms: { lines: [{ sku: "EMB-PATCH-LOGO", unitPrice: 90 }], paymentTerms: "NET45" },
      }),
    ]);
  });
});

describe("attachReplyAction", () => {
  it("ties an unmatched reply to an order and has the worker read it again", async () => {
    const email = await seedUnmatchedReply(h.db, h.merchantA.merchantId);
    const [order] = await listOrders(h.db, h.merchantA.merchantId, { limit: 1 });
    const attach = (poNumber: string) =>
      callAction(h.baseUrl, "attachReplyAction", [{ emailId: email.id, poNumber }], {
        cookie,
        path: "/unmatched",
      });

    expect((await attach("PO-NOPE-404")).result).toEqual({
      ok: false,
      message: "Some fields need attention.",
      fieldErrors: { poNumber: "No order PO-NOPE-404." },
    });
    expect((await attach(` ${order?.poNumber.toLowerCase()} `)).result).toEqual({
      ok: true,
      value: { orderId: order?.id },
    });
    const stored = await getEmail(h.db, h.merchantA.merchantId, email.id);
    expect(stored).toMatchObject({ orderId: order?.id, processingState: "pending" });
    expect(await jobs("process-email")).toContainEqual(
      expect.objectContaining({ merchantId: h.merchantA.merchantId, emailMessageId: email.id }),
    );
    expect((await attach(order?.poNumber ?? "")).result).toEqual({
      ok: false,
      message: "This reply is already attached to an order.",
    });
  });
});

describe("createOrderAction", () => {
  const input = {
    supplierId: "",
    poNumber: "po-http-1",
    currency: "USD",
    paymentTerms: "Net 30",
    requestedDeliveryDate: "2031-01-15",
    lines: [{ sku: "SKU-1", description: "First", quantity: "5", unitPrice: "2.40" }],
  };

  it("saves a draft order and queues its purchase order in the same transaction", async () => {
    const [supplier] = await queryRows<{ supplier_id: string }>(
      h.db,
      sql`select supplier_id from merchant_suppliers where merchant_id = ${h.merchantA.merchantId} order by display_name limit 1`,
    );
    const create = () =>
      callAction(
        h.baseUrl,
        "createOrderAction",
        [{ ...input, supplierId: supplier?.supplier_id }],
        {
          cookie,
          path: "/orders/new",
        },
      );
    const response = await create();
    const order = await getOrderByPoNumber(h.db, h.merchantA.merchantId, "PO-HTTP-1");
    expect(response.result).toEqual({ ok: true, value: { orderId: order?.id } });
    expect(order).toMatchObject({
      status: "draft",
      paymentTerms: "NET30",
      requestedDeliveryDate: "2031-01-15",
    });
    expect(order?.lines).toMatchObject([{ sku: "SKU-1", quantity: 5, unitPriceMinor: 240 }]);
    // The job carries the action's trace, so the worker's span joins it.
    expect(await jobs("send-po")).toContainEqual({
      merchantId: h.merchantA.merchantId,
      orderId: order?.id,
      _sentry: expect.objectContaining({
        "sentry-trace": expect.stringMatching(/^[0-9a-f]{32}-[0-9a-f]{16}-1$/),
      }),
    });
    expect((await create()).result).toEqual({
      ok: false,
      message: "Some fields need attention.",
      fieldErrors: { poNumber: "PO-HTTP-1 is already one of your orders." },
    });
  });
});

describe("GET /api/orders", () => {
  it("pages through every order once with its keyset cursor", async () => {
    const all = await listOrders(h.db, h.merchantA.merchantId, { limit: 500 });
    const seen: string[] = [];
    let next: string | null = null;
    do {
      const response = await fetch(
        `${h.baseUrl}/api/orders?limit=2${next ? `&after=${next}` : ""}`,
        { headers: { cookie } },
      );
      expect(response.status).toBe(200);
      const page = (await response.json()) as { orders: { id: string }[]; next: string | null };
      seen.push(...page.orders.map((order) => order.id));
      next = page.next;
    } while (next !== null);
    expect(seen).toEqual(all.map((order) => order.id));
  });

  it("answers 400 naming each bad parameter", async () => {
    const response = await fetch(`${h.baseUrl}/api/orders?limit=abc&status=shipped`, {
      headers: { cookie },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      error: { code: string; fields: Record<string, string> };
    };
    expect(body.error.code).toBe("invalid_query");
    expect(Object.keys(body.error.fields).sort()).toEqual(["limit", "status.0"]);
  });
});
