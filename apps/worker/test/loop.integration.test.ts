/**
 * The whole loop, for real: a PO goes out through the local mailbox, the simulated supplier
 * answers in its thread with each kind of reply, the worker polls, extracts (keyless), decides
 * with the merchant's policy and acts — and the decision, the order, the approval and the email
 * that went out match what the reply called for.
 */
import {
  getMailboxCursor,
  getOrder,
  getPendingApproval,
  listLocalMail,
  listOrderDecisions,
  listOrderOutbox,
  type OrderDetail,
  saveMailboxCursor,
  storeLocalMail,
} from "@po-pro/db";
import { queryRows } from "@po-pro/db/testing";
import { SUPPLIER_REPLIES } from "@po-pro/mail/local";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningWorker } from "../src/worker.js";
import { createHarness, type Harness, MERCHANT_EMAIL, waitFor } from "./harness.js";

interface Expected {
  action: "accept" | "counter_offer" | "escalate" | "none";
  status: string;
  orderStatus: string;
  /** Who gets the email the decision causes. */
  emailTo: "supplier" | "merchant";
  emailKind: string;
}

const accept: Expected = {
  action: "accept",
  status: "compliant",
  orderStatus: "confirmed",
  emailTo: "supplier",
  emailKind: "confirmation",
};
const review: Expected = {
  action: "escalate",
  status: "needs_review",
  orderStatus: "needs_approval",
  emailTo: "merchant",
  emailKind: "approval_request",
};

const counter: Expected = {
  action: "counter_offer",
  status: "negotiable",
  orderStatus: "negotiating",
  emailTo: "supplier",
  emailKind: "counter_offer",
};

// What the default policy (+5 % accepted, up to +15 % countered, 7 days' delay, 90 % fill) makes of
// each reply the simulator can write.
const CASES: Record<string, Expected> = {
  "confirm-short": accept,
  "confirm-restated": accept,
  "price-up-one-line": counter, // +8 %: over 5, within 15
  // "+5 %" of $4.50 is $4.725, invoiced in whole cents as $4.73: +5.1 %, so a counter at $4.50.
  "price-up-all-lines": counter,
  // The keyless extractor is not sure of these two (30 %) and says so: they go to the merchant.
  "delay-days": review,
  "partial-one-line": review,
  "question-spec": review,
  "refusal-capacity": review,
  "bank-details-change": review, // a risk signal escalates whatever the policy says
  "injected-instructions": review,
};

const templates = Object.keys(CASES).map((id) => {
  const template = SUPPLIER_REPLIES.find((t) => t.id === id);
  if (template === undefined) throw new Error(`no simulator template ${id}`);
  return template;
});

let harness: Harness;
let worker: RunningWorker;
const orders = new Map<string, OrderDetail>();

beforeAll(async () => {
  harness = await createHarness();
  worker = await harness.startWorker();
  const byPo = new Map(templates.map((template, n) => [`PO-${1000 + n}`, template]));
  const simulator = harness.simulator((context) => {
    const template = byPo.get(context.poNumber);
    if (template === undefined) throw new Error(`unexpected PO ${context.poNumber}`);
    return template;
  });
  for (const [n, template] of templates.entries()) {
    orders.set(template.id, await harness.placeOrder(n, worker));
  }
  // Every PO sent, then every reply written, then every reply decided.
  await waitFor("every PO to be sent", async () => {
    const sent = await listLocalMail(harness.db, harness.merchantId, {
      mailboxAddress: MERCHANT_EMAIL,
      folder: "sent",
    });
    return sent.length >= templates.length;
  });
  await simulator.tick();
  await waitFor(
    "every reply to be decided",
    async () => {
      await harness.poll(worker);
      for (const order of orders.values()) {
        if ((await listOrderDecisions(harness.db, harness.merchantId, order.id)).length === 0) {
          return false;
        }
      }
      return true;
    },
    60_000,
  );
}, 120_000);

afterAll(() => harness?.close());

describe.each(Object.entries(CASES))("a %s reply", (templateId, expected) => {
  it(`is decided ${expected.action} (${expected.status}) and acted on`, async () => {
    const placed = orders.get(templateId) as OrderDetail;
    const decisions = await listOrderDecisions(harness.db, harness.merchantId, placed.id);
    expect(decisions).toHaveLength(1);
    const [decision] = decisions;
    expect(decision?.recommendedAction, decision?.explanation).toBe(expected.action);
    expect(decision?.complianceStatus, decision?.explanation).toBe(expected.status);
    expect(decision?.explanation).toMatch(/^Decision: /);

    const order = (await getOrder(harness.db, harness.merchantId, placed.id)) as OrderDetail;
    expect(order.status).toBe(expected.orderStatus);
    expect(order.threadId).not.toBeNull();

    const approval = await getPendingApproval(harness.db, harness.merchantId, placed.id);
    if (expected.action === "escalate") expect(approval?.decisionId).toBe(decision?.id);
    else expect(approval).toBeUndefined();
    if (expected.action === "counter_offer") expect(order.negotiationRound).toBe(1);

    // The PO and the decision's email, each sent exactly once, the reply in the PO's thread.
    const outbox = await waitFor("the decision's email to be sent", async () => {
      const rows = await listOrderOutbox(harness.db, harness.merchantId, placed.id);
      return rows.length === 2 && rows.every((row) => row.status === "sent") ? rows : undefined;
    });
    expect(outbox.map((row) => row.kind)).toEqual(["purchase_order", expected.emailKind]);
    const reply = outbox[1];
    const to = expected.emailTo === "supplier" ? order.supplierEmail : MERCHANT_EMAIL;
    expect(reply?.toAddresses).toEqual([to]);
    const sent = await listLocalMail(harness.db, harness.merchantId, {
      mailboxAddress: MERCHANT_EMAIL,
      folder: "sent",
    });
    const copies = sent.filter((mail) => mail.idempotencyKey === reply?.idempotencyKey);
    expect(copies).toHaveLength(1);
    if (expected.emailTo === "supplier") {
      expect(copies[0]?.threadId).toBe(order.threadId);
      expect(copies[0]?.inReplyTo).not.toBeNull();
    }
  });
});

describe("the decision trail", () => {
  it("logs one readable line per decision: PO, supplier, action, reason", () => {
    const lines = harness.logs.filter((record) => record.event === "decision");
    expect(lines).toHaveLength(templates.length);
    for (const line of lines) {
      expect(String(line.msg)).toMatch(
        /^PO-\d+ · [A-Z][\w ]+ · (accept|counter_offer|escalate|none) · .+/,
      );
    }
  });

  it("stores a message seen twice once, and decides it once", async () => {
    const count = async () =>
      (
        await queryRows<{ n: number }>(
          harness.db,
          sql`select count(*)::int as n from email_messages where direction = 'inbound'`,
        )
      )[0]?.n;
    const before = await count();
    // Read the whole mailbox again from the start, as after a lost cursor.
    await saveMailboxCursor(
      harness.db,
      harness.merchantId,
      { provider: "local", address: MERCHANT_EMAIL },
      "0",
    );
    await harness.poll(worker);
    await waitFor("the re-read to finish", async () => {
      const key = { provider: "local", address: MERCHANT_EMAIL };
      return (await getMailboxCursor(harness.db, harness.merchantId, key)) !== "0";
    });
    expect(await count()).toBe(before);
    const decisions = await queryRows<{ n: number }>(
      harness.db,
      sql`select count(*)::int as n from decisions`,
    );
    expect(decisions[0]?.n).toBe(templates.length);
  });

  it("leaves a settled order settled when the supplier writes again", async () => {
    const placed = orders.get("confirm-short") as OrderDetail;
    const order = (await getOrder(harness.db, harness.merchantId, placed.id)) as OrderDetail;
    expect(order.status).toBe("confirmed");
    const [po] = (await listOrderOutbox(harness.db, harness.merchantId, order.id)).filter(
      (row) => row.kind === "purchase_order",
    );
    const [poMail] = (
      await listLocalMail(harness.db, harness.merchantId, {
        mailboxAddress: MERCHANT_EMAIL,
        folder: "sent",
      })
    ).filter((mail) => mail.idempotencyKey === po?.idempotencyKey);
    const messageId = `<thanks-${order.id}@supplier.test>`;
    const raw = [
      `From: ${order.supplierEmail}`,
      `To: ${MERCHANT_EMAIL}`,
      `Subject: Re: Purchase order ${order.poNumber}`,
      `Message-ID: ${messageId}`,
      `In-Reply-To: ${poMail?.messageId}`,
      `Date: ${new Date().toUTCString()}`,
      "Content-Type: text/plain; charset=utf-8",
      "",
      `Thanks, all confirmed for ${order.poNumber}.`,
      "",
    ].join("\r\n");
    await storeLocalMail(harness.db, harness.merchantId, {
      mailboxAddress: MERCHANT_EMAIL,
      folder: "inbox",
      threadId: order.threadId as string,
      messageId,
      inReplyTo: poMail?.messageId ?? null,
      fromAddress: order.supplierEmail,
      toAddresses: [MERCHANT_EMAIL],
      subject: `Re: Purchase order ${order.poNumber}`,
      raw: new TextEncoder().encode(raw),
      createdAt: new Date(),
    });
    await waitFor("the second reply to be decided", async () => {
      await harness.poll(worker);
      return (await listOrderDecisions(harness.db, harness.merchantId, order.id)).length === 2;
    });
    expect((await getOrder(harness.db, harness.merchantId, order.id))?.status).toBe("confirmed");
    // No second confirmation: the reply is on the trail, and nothing more went out.
    const outbox = await listOrderOutbox(harness.db, harness.merchantId, order.id);
    expect(outbox.map((row) => row.kind)).toEqual(["purchase_order", "confirmation"]);
  });
});
