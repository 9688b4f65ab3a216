/**
 * The agent keeps chasing, on the worker's clock: approval reminders to the merchant (after a
 * delay, at most once per interval, up to a maximum), one hold message to the supplier after 48 h,
 * supplier follow-ups until the maximum and then an escalation — and the merchant's own answers
 * (approve, reject, counter) become the matching emails in the PO's thread.
 */
import {
  enqueueEmail,
  getApproval,
  getEmail,
  getOrder,
  getPendingApproval,
  listLocalMail,
  listOrderOutbox,
  listUsers,
  type OrderDetail,
  storeEmail,
} from "@po-pro/db";
import { enqueue, type JobName } from "@po-pro/jobs";
import { SUPPLIER_REPLIES } from "@po-pro/mail/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningWorker } from "../src/worker.js";
import { createHarness, type Harness, MERCHANT_EMAIL, TEST_SETTINGS, waitFor } from "./harness.js";

const HOUR = 3_600_000;
const byId = (id: string) =>
  SUPPLIER_REPLIES.find((t) => t.id === id) as (typeof SUPPLIER_REPLIES)[number];

let harness: Harness;
let worker: RunningWorker;
let now = Date.now();
const clock = () => new Date(now);
/** PO number → the reply the simulated supplier writes. */
const replies = new Map<string, (typeof SUPPLIER_REPLIES)[number]>();

beforeAll(async () => {
  harness = await createHarness();
  worker = await harness.startWorker({ clock });
});

afterAll(() => harness?.close());

async function runJob(name: JobName, payload: Record<string, unknown> = {}): Promise<void> {
  // biome-ignore lint/suspicious/noExplicitAny: the payloads here are the contract's
  const id = await enqueue(worker.ctx.boss, name, payload as any);
  await waitFor(`${name} to finish`, async () => {
    const job = await worker.ctx.boss.getJobById(name, id as string);
    if (job?.state === "failed") throw new Error(`${name} failed: ${JSON.stringify(job.output)}`);
    return job?.state === "completed";
  });
}

async function outboxSent(orderId: OrderDetail["id"], kinds: number) {
  return waitFor(`${kinds} sent emails on the order`, async () => {
    const rows = await listOrderOutbox(harness.db, harness.merchantId, orderId);
    return rows.length === kinds && rows.every((r) => r.status === "sent") ? rows : undefined;
  });
}

async function pending(order: OrderDetail) {
  const approval = await getPendingApproval(harness.db, harness.merchantId, order.id);
  if (approval === undefined) throw new Error(`${order.poNumber} has no pending approval`);
  return approval;
}

/** An order whose supplier answered with `replyId`, decided by the worker. */
async function answered(n: number, replyId: string): Promise<OrderDetail> {
  replies.set(`PO-${1000 + n}`, byId(replyId));
  const simulator = harness.simulator(
    (context) => replies.get(context.poNumber) ?? byId("confirm-short"),
  );
  const order = await harness.placeOrder(n, worker);
  await outboxSent(order.id, 1);
  await simulator.tick();
  simulator.stop();
  await waitFor("the reply to be decided", async () => {
    await harness.poll(worker);
    const current = await getOrder(harness.db, harness.merchantId, order.id);
    return current?.status !== "awaiting_supplier" ? current : undefined;
  });
  return (await getOrder(harness.db, harness.merchantId, order.id)) as OrderDetail;
}

describe("an approval the merchant has not answered", () => {
  let order: OrderDetail;
  beforeAll(async () => {
    order = await answered(0, "question-spec");
    expect(order.status).toBe("needs_approval");
    await outboxSent(order.id, 2); // the PO, then the approval request to the merchant
  });

  it("reminds the merchant after the delay, once per interval, up to the maximum", async () => {
    const approval = await pending(order);
    const start = approval.createdAt.getTime();
    now = start + 1 * HOUR; // too early
    await runJob("approval-reminders");
    expect((await getApproval(harness.db, harness.merchantId, approval.id))?.reminderCount).toBe(0);

    now = start + 5 * HOUR;
    await runJob("approval-reminders");
    now = start + 6 * HOUR; // within the interval: nothing more
    await runJob("approval-reminders");
    const rows = await outboxSent(order.id, 3);
    expect(rows[2]?.kind).toBe("approval_reminder");
    expect(rows[2]?.toAddresses).toEqual([MERCHANT_EMAIL]);
    expect(rows[2]?.subject).toContain(order.poNumber);

    for (let day = 1; day <= TEST_SETTINGS.maxReminders + 1; day++) {
      now = start + 5 * HOUR + day * TEST_SETTINGS.reminderIntervalMs;
      await runJob("approval-reminders");
    }
    const after = await getApproval(harness.db, harness.merchantId, approval.id);
    expect(after?.reminderCount).toBe(TEST_SETTINGS.maxReminders);
  });

  it("sends the supplier one hold message in the PO's thread after 48 h", async () => {
    const start = (await pending(order)).createdAt.getTime();
    now = start + 49 * HOUR;
    await runJob("hold-messages");
    await runJob("hold-messages");
    const holds = await waitFor("the hold message to be sent", async () => {
      const rows = (await listOrderOutbox(harness.db, harness.merchantId, order.id)).filter(
        (r) => r.kind === "hold_message",
      );
      return rows.length === 1 && rows[0]?.status === "sent" ? rows : undefined;
    });
    expect(holds[0]?.toAddresses).toEqual([order.supplierEmail]);
    const sent = await listLocalMail(harness.db, harness.merchantId, {
      mailboxAddress: MERCHANT_EMAIL,
      folder: "sent",
    });
    const copy = sent.find((m) => m.idempotencyKey === holds[0]?.idempotencyKey);
    expect(copy?.threadId).toBe(order.threadId);
  });

  it("carries out the merchant's counter-offer in the supplier's thread", async () => {
    const approval = await getPendingApproval(harness.db, harness.merchantId, order.id);
    const users = await listUsers(harness.db, harness.merchantId);
    const payload = {
      merchantId: harness.merchantId,
      approvalId: approval?.id,
      userId: users[0]?.id,
      action: "counter",
      terms: { lines: [{ sku: "TEE-BLK-M", unitPrice: 430 }], paymentTerms: "NET45" },
    };
    await runJob("merchant-decision", payload);
    await runJob("merchant-decision", payload); // a doubled click acts once
    const current = (await getOrder(harness.db, harness.merchantId, order.id)) as OrderDetail;
    expect(current.status).toBe("negotiating");
    expect(current.negotiationRound).toBe(1);
    const counters = await waitFor("the counter-offer to be sent", async () => {
      const rows = (await listOrderOutbox(harness.db, harness.merchantId, order.id)).filter(
        (r) => r.kind === "counter_offer",
      );
      return rows.length === 1 && rows[0]?.status === "sent" ? rows : undefined;
    });
    expect(counters[0]?.textBody).toContain("$4.30");
    expect(counters[0]?.textBody).toContain("NET45");
    expect(counters[0]?.toAddresses).toEqual([order.supplierEmail]);
  });
});

describe("the merchant approves and rejects", () => {
  it("confirms on approve and cancels on reject, each with its email", async () => {
    const approve = await answered(1, "refusal-capacity");
    const reject = await answered(2, "bank-details-change");
    const [user] = await listUsers(harness.db, harness.merchantId);
    for (const [order, action] of [
      [approve, "approve"],
      [reject, "reject"],
    ] as const) {
      const approval = await getPendingApproval(harness.db, harness.merchantId, order.id);
      await runJob("merchant-decision", {
        merchantId: harness.merchantId,
        approvalId: approval?.id,
        userId: user?.id,
        action,
      });
    }
    expect((await getOrder(harness.db, harness.merchantId, approve.id))?.status).toBe("confirmed");
    expect((await getOrder(harness.db, harness.merchantId, reject.id))?.status).toBe("cancelled");
    const kinds = async (order: OrderDetail) =>
      (await outboxSent(order.id, 3)).map((row) => row.kind);
    expect(await kinds(approve)).toEqual(["purchase_order", "approval_request", "confirmation"]);
    expect(await kinds(reject)).toEqual([
      "purchase_order",
      "approval_request",
      "order_cancellation",
    ]);
  });
});

describe("a supplier who does not answer", () => {
  it("gets follow-ups in the PO's thread, up to the maximum, then the order goes to the merchant", async () => {
    const order = await harness.placeOrder(3, worker);
    await outboxSent(order.id, 1);
    const first = ((await getOrder(harness.db, harness.merchantId, order.id)) as OrderDetail)
      .nextFollowUpAt as Date;
    expect(first.getTime()).toBeGreaterThan(now);
    for (let round = 1; round <= TEST_SETTINGS.maxFollowUps; round++) {
      now = first.getTime() + (round - 1) * TEST_SETTINGS.followUpAfterMs + HOUR;
      await runJob("supplier-follow-ups");
      await runJob("supplier-follow-ups"); // a second run in the same hour does nothing more
    }
    const followUps = (await outboxSent(order.id, 1 + TEST_SETTINGS.maxFollowUps)).slice(1);
    expect(followUps.map((r) => r.kind)).toEqual(
      Array(TEST_SETTINGS.maxFollowUps).fill("supplier_follow_up"),
    );
    now += TEST_SETTINGS.followUpAfterMs;
    await runJob("supplier-follow-ups");
    const escalated = await waitFor("the order to be escalated", async () => {
      const current = await getOrder(harness.db, harness.merchantId, order.id);
      return current?.status === "needs_approval" ? current : undefined;
    });
    expect(escalated.nextFollowUpAt).toBeNull();
    const approval = await getPendingApproval(harness.db, harness.merchantId, order.id);
    expect(approval?.reason).toContain("has not answered");
  });
});

describe("work whose job is gone", () => {
  it("is queued again by requeue-stalled: an unsent outbox row is sent, a stored reply decided", async () => {
    const order = await harness.placeOrder(4, worker);
    await outboxSent(order.id, 1);
    // As after a queue reset: rows in the database with no job in pg-boss.
    const { message } = await enqueueEmail(harness.db, harness.merchantId, {
      kind: "supplier_follow_up",
      orderId: order.id,
      idempotencyKey: `lost-job:${order.id}`,
      toAddresses: [order.supplierEmail],
      subject: `Re: Purchase order ${order.poNumber}`,
      textBody: "Following up.",
    });
    const current = (await getOrder(harness.db, harness.merchantId, order.id)) as OrderDetail;
    const { email } = await storeEmail(harness.db, harness.merchantId, {
      provider: "local",
      providerMessageId: `lost-job-reply:${order.id}`,
      providerThreadId: current.threadId as string,
      fromAddress: order.supplierEmail,
      toAddresses: [MERCHANT_EMAIL],
      subject: `Re: Purchase order ${order.poNumber}`,
      textBody: `All confirmed for ${order.poNumber}, thanks very much.`,
      receivedAt: new Date(),
    });
    now = Date.now() + 11 * 60_000;
    await runJob("requeue-stalled");
    await waitFor("the stalled email to be sent", async () => {
      const row = (await listOrderOutbox(harness.db, harness.merchantId, order.id)).find(
        (r) => r.id === message.id,
      );
      return row?.status === "sent";
    });
    await waitFor("the stalled reply to be decided", async () => {
      const stored = await getEmail(harness.db, harness.merchantId, email.id);
      return stored?.processingState === "processed";
    });
    expect((await getOrder(harness.db, harness.merchantId, order.id))?.status).toBe("confirmed");
  });
});
