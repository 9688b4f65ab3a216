/**
 * The dashboard in Chromium against the built app on a seeded database: what a merchant does,
 * what they see, and what reaches Sentry. Screenshots of each main page go to
 * test-results/screenshots.
 */
import {
  appendAudit,
  createApproval,
  getOrderByPoNumber,
  listApprovals,
  recordDecision,
  updateOrder,
} from "@po-pro/db";
import { queryRows } from "@po-pro/db/testing";
import { sql } from "drizzle-orm";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { PASSWORD, queuedJobs, seedUnmatchedReply, type WebHarness } from "../test/harness";
import { registerDashboardSession, screenshot, seriousViolations } from "./browser";

let h: WebHarness;
let page: Page;
let pageErrors: string[];
let consoleLines: string[];
registerDashboardSession({
  ready: async (session) => {
    ({ h, page, pageErrors, consoleLines } = session);
    await seedUnmatchedReply(h.db, h.merchantA.merchantId, "Question about your order");
  },
});

const jobs = (name: string) => queuedJobs(h.db, name);

describe("a merchant in the dashboard", () => {
  it("signs in: a wrong password gets one plain sentence, the right one opens the orders", async () => {
    await page.goto(`${h.baseUrl}/orders`);
    await page.waitForURL(/\/sign-in/);
    await page.getByLabel("Email").fill(h.merchantA.email);
    await page.getByLabel("Password").fill("not my password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("That email and password do not match.").waitFor();
    await screenshot(page, "sign-in-error");
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/orders$/);
    await page.getByRole("heading", { name: "Orders" }).waitFor();
  });

  it("filters the orders by status and searches them, in the URL", async () => {
    await page.getByRole("link", { name: /^Needs approval/ }).click();
    await page.waitForURL(/status=needs_approval/);
    const rows = page.locator("tbody tr");
    // The URL changes first; the server's filtered page follows.
    const column = (n: number) => rows.locator(`td:nth-child(${n})`).allTextContents();
    await expect.poll(async () => new Set(await column(3))).toEqual(new Set(["Needs approval"]));
    await screenshot(page, "orders-needs-approval");
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole("link", { name: /^All/ }).click();
    await page.getByRole("searchbox", { name: "Search by PO number or supplier" }).fill("atlas");
    await page.waitForURL(/q=atlas/);
    await expect
      .poll(async () => {
        const suppliers = await column(2);
        return suppliers.length > 0 && suppliers.every((name) => name.includes("Atlas"));
      })
      .toBe(true);
  });

  it("opens an order and reads its decision trail", async () => {
    const [approval] = await listApprovals(h.db, h.merchantA.merchantId);
    await page.goto(`${h.baseUrl}/orders/${approval?.orderId}`);
    await page.getByRole("heading", { name: approval?.poNumber, level: 1 }).waitFor();
    const trail = page.getByRole("list", { name: "Decision trail" });
    await trail.waitFor();
    const text = await trail.textContent();
    expect(text).toMatch(/Supplier replied/);
    expect(text).toMatch(/Read by/);
    expect(text).toMatch(/Escalated to you/);
    await screenshot(page, "order-detail");
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("counters with an invalid value and sees the field error; nothing is queued", async () => {
    const before = (await jobs("merchant-decision")).length;
    await page.goto(`${h.baseUrl}/approvals`);
    await page.getByRole("heading", { name: "Approvals" }).waitFor();
    await screenshot(page, "approvals");
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Counter…" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog
      .getByLabel(/^Unit price/)
      .first()
      .fill("12.345.6");
    await dialog.getByRole("button", { name: "Send counter-offer" }).click();
    await expect(
      dialog.getByText("Enter a price of 0 or more, such as 12.50.").textContent(),
    ).resolves.toBeTruthy();
    await screenshot(page, "approvals-counter-error");
    expect((await jobs("merchant-decision")).length).toBe(before);
    await page.keyboard.press("Escape");
  });

  it("approves a pending escalation and sees the job it queued", async () => {
    const [approval] = await listApprovals(h.db, h.merchantA.merchantId);
    const card = page.getByRole("article", { name: approval?.poNumber });
    await card.getByRole("button", { name: "Approve" }).click();
    // Optimistic: the card leaves the inbox at once; the toast confirms what was queued.
    await card.waitFor({ state: "detached" });
    await page.getByText(/Approved\. The agent/).waitFor();
    await expect
      .poll(async () => jobs("merchant-decision"))
      .toContainEqual(
        expect.objectContaining({
          approvalId: approval?.id,
          action: "approve",
          merchantId: h.merchantA.merchantId,
        }),
      );
  });

  it("sees a new escalation arrive in the navigation and on the open order without a reload", async () => {
    const order = await getOrderByPoNumber(h.db, h.merchantA.merchantId, "PO-B-1").catch(
      () => undefined,
    );
    expect(order).toBeUndefined();
    const [target] = await queryRows<{
      id: string;
      po_number: string;
      policy_id: string;
      policy_version: number;
    }>(
      h.db,
      sql`select o.id, o.po_number, p.id as policy_id, p.version as policy_version from orders o
          join policies p on p.merchant_id = o.merchant_id and p.active
          where o.merchant_id = ${h.merchantA.merchantId} and o.status = 'awaiting_supplier' limit 1`,
    );
    if (target === undefined) throw new Error("no order awaiting the supplier in the demo data");
    await page.goto(`${h.baseUrl}/orders/${target.id}`);
    await page.getByRole("heading", { name: target.po_number, level: 1 }).waitFor();
    const badge = page.getByTestId("pending-approvals");
    const before = Number(
      (await badge.count())
        ? await badge
            .first()
            .textContent()
            .then((t) => Number.parseInt(t ?? "0", 10))
        : 0,
    );

    // What the worker writes when a reply escalates.
    await h.db.transaction(async (tx) => {
      const decision = await recordDecision(tx, h.merchantA.merchantId, {
        orderId: target.id as never,
        policyId: target.policy_id as never,
        policyVersion: target.policy_version,
        complianceStatus: "needs_review",
        recommendedAction: "escalate",
        matchedRules: [],
        explanation: "Decision: escalate (needs review). The supplier asked a question.",
      });
      await createApproval(tx, h.merchantA.merchantId, {
        orderId: target.id as never,
        decisionId: decision.id,
        reason: "The supplier asked a question.",
      });
      await updateOrder(tx, h.merchantA.merchantId, target.id as never, {
        status: "needs_approval",
      });
      await appendAudit(tx, h.merchantA.merchantId, {
        orderId: target.id as never,
        actor: "agent",
        event: "escalated",
        details: { reason: "The supplier asked a question." },
      });
    });
    await expect
      .poll(async () => Number.parseInt((await badge.first().textContent()) ?? "0", 10), {
        timeout: 20_000,
      })
      .toBe(before + 1);
    // The open order refreshed itself: its status and its trail show the escalation.
    await page
      .getByRole("list", { name: "Decision trail" })
      .getByText("Escalated to you")
      .waitFor({ timeout: 20_000 });
    await page.getByText("Needs approval").first().waitFor();
  });

  it("creates an order: field errors first, then it is saved and its PO queued", async () => {
    await page.goto(`${h.baseUrl}/orders/new`);
    await page.getByRole("heading", { name: "New order" }).waitFor();
    await page.getByRole("button", { name: "Save and send PO" }).click();
    await page.getByText("Choose a supplier.").waitFor();
    await page.getByText("Enter a PO number.").waitFor();
    await screenshot(page, "new-order-errors");
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole("combobox", { name: "Supplier" }).click();
    await page.getByRole("option").first().click();
    await page.getByLabel("PO number").fill("PO-E2E-1");
    await page.getByLabel("SKU").fill("TEE-E2E");
    await page.getByLabel("Description").fill("End-to-end tee");
    await page.getByLabel("Quantity").fill("12");
    await page.getByLabel("Unit price").fill("7.50");
    await page.getByRole("button", { name: "Save and send PO" }).click();
    await page.getByRole("heading", { name: "PO-E2E-1", level: 1 }).waitFor();
    const order = await getOrderByPoNumber(h.db, h.merchantA.merchantId, "PO-E2E-1");
    expect(order?.lines).toMatchObject([{ sku: "TEE-E2E", quantity: 12, unitPriceMinor: 750 }]);
    expect(await jobs("send-po")).toContainEqual(
      expect.objectContaining({ orderId: order?.id, merchantId: h.merchantA.merchantId }),
    );
  });

  it("shows unmatched replies", async () => {
    await page.goto(`${h.baseUrl}/unmatched`);
    await page.getByRole("heading", { name: "Question about your order" }).waitFor();
    await screenshot(page, "unmatched");
    expect(await seriousViolations(page)).toEqual([]);
  });
});

describe("errors reach Sentry", () => {
  it("a browser error goes through the tunnel with the merchant id and no personal data", async () => {
    const tunnelled: string[] = [];
    page.on("request", (request) => {
      if (request.method() === "POST") tunnelled.push(new URL(request.url()).pathname);
    });
    await page.goto(`${h.baseUrl}/orders`);
    // The merchant is set on the browser's scope once the page has hydrated.
    await page.waitForLoadState("networkidle");
    await page.evaluate(() => {
      setTimeout(() => {
        throw new Error("e2e: a client-side error");
      });
    });
    const event = await h.receiver.waitForEvent(
      (e) => e.exception?.values?.some((v) => v.value === "e2e: a client-side error") ?? false,
      15_000,
    );
    expect(event.user?.id).toBe(h.merchantA.merchantId);
    expect(event.tags?.merchant_id).toBe(h.merchantA.merchantId);
    expect(tunnelled).toContain("/monitoring");
    for (const body of h.receiver.rawBodies()) {
      expect(body).not.toContain(h.merchantA.email);
      expect(body).not.toContain("Maya Chen");
    }
  });

  it("a route handler's error arrives with onRequestError's request context", async () => {
    const response = await fetch(`${h.baseUrl}/api/sentry-example`);
    expect(response.status).toBe(500);
    const event = await h.receiver.waitForEvent(
      (e) => e.exception?.values?.some((v) => v.type === "SentryExampleError") ?? false,
      15_000,
    );
    expect(event.contexts?.nextjs).toMatchObject({
      request_path: "/api/sentry-example",
      router_kind: "App Router",
      route_type: "route",
    });
  });

  it("threw no uncaught error in any page along the way (besides the one thrown on purpose)", () => {
    expect(pageErrors.filter((m) => !m.includes("e2e: a client-side error"))).toEqual([]);
  });

  it("broke no Content-Security-Policy rule: scripts, styles, the tunnel and replay all allowed", () => {
    expect(consoleLines.filter((line) => /Content Security Policy|Refused to/i.test(line))).toEqual(
      [],
    );
  });
});
