import {
  addSupplier,
  createMerchant,
  createOrder,
  getLocalMail,
  type MerchantId,
  parseId,
  type SupplierId,
  updateOrder,
} from "@po-pro/db";
import { createTestDatabase, type TestDatabase } from "@po-pro/db/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { supplierDomain } from "../../src/addresses/index.js";
import {
  createLocalMailbox,
  createSupplierSimulator,
  cycleReplies,
  REPLY_KINDS,
  SUPPLIER_REPLIES,
  seededReplies,
} from "../../src/local/index.js";
import { parseMessage } from "../../src/mime/parse.js";
import { IDEMPOTENCY_HEADER } from "../../src/port.js";

const BUYER = "buyer@shop.test";
const SUPPLIER = { address: "orders@mill.test", name: "Mill & Sons" };
let database: TestDatabase;
const suppliers = new Map<string, SupplierId>();

/** A clock the test moves by hand; the mailbox and the simulator share it. */
function fakeClock(start = "2027-03-01T09:00:00Z") {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

async function merchant(slug: string): Promise<MerchantId> {
  const { merchant } = await createMerchant(database.db, {
    name: slug,
    slug,
    email: BUYER,
    owner: { name: "Oona Brady", email: `owner@${slug}.test` },
  });
  return merchant.id;
}

/** Creates the order and sends its PO the way the worker does (thread id stored on the order). */
async function sendPo(
  merchantId: MerchantId,
  clock: { now: () => Date },
  poNumber: string,
  supplierEmail = SUPPLIER.address,
) {
  const key = `${merchantId}:${supplierEmail}`;
  let supplierId = suppliers.get(key);
  if (supplierId === undefined) {
    const supplier = await addSupplier(database.db, merchantId, {
      name: SUPPLIER.name,
      contactEmail: supplierEmail,
      domain: supplierDomain(supplierEmail),
    });
    supplierId = supplier.supplierId;
    suppliers.set(key, supplierId);
  }
  const order = await createOrder(database.db, merchantId, {
    supplierId,
    poNumber,
    currency: "EUR",
    paymentTerms: "NET30",
    requestedDeliveryDate: "2027-03-20",
    lines: [
      { sku: "OAT-1K", description: "Rolled oats, 1 kg", quantity: 240, unitPriceMinor: 310 },
      { sku: "OAT-STL", description: "Steel-cut oats, 1 kg", quantity: 120, unitPriceMinor: 365 },
    ],
  });
  const mailbox = createLocalMailbox({
    db: database.db,
    merchantId,
    address: BUYER,
    name: "Oona Brady",
    clock: clock.now,
  });
  const sent = await mailbox.send({
    to: [{ address: supplierEmail }],
    subject: `Purchase order ${poNumber} from Fernhill Pantry`,
    text: `Hello,\n\nFernhill Pantry sends purchase order ${poNumber}.\n\nOAT-1K  240 x 3.10 EUR\nOAT-STL 120 x 3.65 EUR\n\nOona Brady`,
    idempotencyKey: `po:${poNumber}`,
  });
  await updateOrder(database.db, merchantId, order.id, { threadId: sent.threadId });
  return { mailbox, sent };
}

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(() => database?.close());

describe("supplier simulator", () => {
  it("answers a PO in its thread after the delay, and the reply parses back to its text", async () => {
    const merchantId = await merchant("delay");
    const clock = fakeClock();
    const { mailbox, sent } = await sendPo(merchantId, clock, "FP-7710");
    const simulator = createSupplierSimulator({
      db: database.db,
      merchantId,
      suppliers: [SUPPLIER],
      delayMs: 30_000,
      pickReply: cycleReplies(),
      clock: clock.now,
    });

    clock.advance(29_999);
    expect(await simulator.tick()).toEqual([]);
    expect((await mailbox.listNew(undefined)).messages).toEqual([]);

    clock.advance(1);
    const [reply, ...rest] = await simulator.tick();
    expect(rest).toEqual([]);
    expect(reply).toMatchObject({
      threadId: sent.threadId,
      inReplyTo: sent.messageId,
      kind: "confirmation",
      supplierAddress: SUPPLIER.address,
    });
    const listed = await mailbox.listNew(undefined);
    expect(listed.messages).toEqual([{ id: reply?.id, threadId: sent.threadId }]);

    const message = await mailbox.fetch(reply?.id ?? "");
    expect(message.from).toEqual({ address: SUPPLIER.address, name: SUPPLIER.name });
    expect(message.to.map((to) => to.address)).toEqual([BUYER]);
    expect(message.subject).toBe("Re: Purchase order FP-7710 from Fernhill Pantry");
    expect(message.inReplyTo).toBe(sent.messageId);
    expect(message.references).toContain(sent.messageId);
    expect(message.threadId).toBe(sent.threadId);
    expect(message.date).toBe("2027-03-01T09:00:30.000Z");
    // The PO is quoted below; what the supplier wrote this time is the scenario's text.
    expect(message.text).toContain("> Fernhill Pantry sends purchase order FP-7710.");
    expect(message.newText.trim()).toBe(reply?.text);
    expect(reply?.text).toContain("FP-7710");
    // The stored bytes, through the MIME reader directly.
    const row = await getLocalMail(
      database.db,
      merchantId,
      parseId("local_mail_message", reply?.id ?? ""),
    );
    const parsed = await parseMessage(row?.raw ?? "");
    expect(parsed.newText.trim()).toBe(reply?.text);
    expect(parsed.inReplyTo).toBe(sent.messageId);
    // A supplier's mail does not carry our idempotency header.
    expect(message.idempotencyKey).toBeUndefined();
    expect(message.headers[IDEMPOTENCY_HEADER.toLowerCase()]).toBeUndefined();

    // Answered once: later ticks leave it alone.
    clock.advance(60_000);
    expect(await simulator.tick()).toEqual([]);
  });

  it("answers only POs to the suppliers it plays, and not the agent's own replies", async () => {
    const merchantId = await merchant("scope");
    const clock = fakeClock();
    const { mailbox } = await sendPo(merchantId, clock, "SC-1", "someone@else.test");
    await mailbox.send({
      to: [{ address: SUPPLIER.address }],
      subject: "Re: Purchase order SC-0",
      text: "Following up.",
      idempotencyKey: "follow-up",
      inReplyTo: { threadId: "t", messageId: "<old@mill.test>", references: [] },
    });
    const simulator = createSupplierSimulator({
      db: database.db,
      merchantId,
      suppliers: [SUPPLIER],
      delayMs: 0,
      clock: clock.now,
    });
    expect(await simulator.tick()).toEqual([]);
  });

  it("answers nothing of another merchant's", async () => {
    const sender = await merchant("sender");
    const other = await merchant("other");
    const clock = fakeClock();
    await sendPo(sender, clock, "ISO-1");
    const simulator = createSupplierSimulator({
      db: database.db,
      merchantId: other,
      suppliers: [SUPPLIER],
      delayMs: 0,
      clock: clock.now,
    });
    expect(await simulator.tick()).toEqual([]);
  });

  it("fills in the order's SKUs and prices", async () => {
    const merchantId = await merchant("prices");
    const clock = fakeClock();
    await sendPo(merchantId, clock, "PR-1");
    const priceChange = SUPPLIER_REPLIES.find((t) => t.id === "price-up-one-line");
    if (priceChange === undefined) throw new Error("template missing");
    const simulator = createSupplierSimulator({
      db: database.db,
      merchantId,
      suppliers: [SUPPLIER],
      delayMs: 0,
      pickReply: () => priceChange,
      clock: clock.now,
    });
    const [reply] = await simulator.tick();
    // 3.10 EUR + 8 % = 3.35 EUR (rounded to the cent).
    expect(reply?.text).toContain("OAT-1K is now 3.35 EUR per unit instead of 3.10 EUR");
  });

  it("draws every kind of reply over enough POs, deterministically for a seed, each parsing back", async () => {
    const merchantId = await merchant("kinds");
    const clock = fakeClock();
    const mailboxes = [];
    for (let i = 1; i <= 40; i++) mailboxes.push(await sendPo(merchantId, clock, `KD-${100 + i}`));
    const simulator = createSupplierSimulator({
      db: database.db,
      merchantId,
      suppliers: [SUPPLIER],
      delayMs: 1000,
      pickReply: seededReplies(7),
      clock: clock.now,
    });
    clock.advance(1000);
    const replies = await simulator.tick();
    expect(replies).toHaveLength(40);
    expect(new Set(replies.map((r) => r.kind))).toEqual(new Set(REPLY_KINDS));

    // The same seed picks the same reply for the same PO, whatever the order of answering.
    const pick = (po: string) =>
      seededReplies(7)({
        poNumber: po,
        supplierName: "S",
        currency: "EUR",
        today: "2027-01-01",
        lines: [],
      }).id;
    for (const reply of replies) {
      const poNumber = /KD-\d+/.exec(reply.text)?.[0];
      expect(poNumber, reply.templateId).toBeDefined();
      expect(reply.templateId).toBe(pick(poNumber ?? ""));
    }

    const mailbox = mailboxes[0]?.mailbox;
    if (mailbox === undefined) throw new Error("no mailbox");
    for (const reply of replies) {
      const message = await mailbox.fetch(reply.id);
      expect(message.newText.trim(), reply.templateId).toBe(reply.text);
    }
  });

  it("writes each template's text so the MIME reader returns it unchanged", async () => {
    const merchantId = await merchant("templates");
    const clock = fakeClock();
    for (let i = 0; i < SUPPLIER_REPLIES.length; i++) await sendPo(merchantId, clock, `TP-${i}`);
    const simulator = createSupplierSimulator({
      db: database.db,
      merchantId,
      suppliers: [SUPPLIER],
      delayMs: 0,
      pickReply: cycleReplies(),
      clock: clock.now,
    });
    const replies = await simulator.tick();
    expect(replies.map((r) => r.templateId)).toEqual(SUPPLIER_REPLIES.map((t) => t.id));
    const mailbox = createLocalMailbox({ db: database.db, merchantId, address: BUYER });
    for (const reply of replies) {
      const message = await mailbox.fetch(reply.id);
      expect(message.newText.trim(), reply.templateId).toBe(reply.text);
    }
  });

  it("ticks on a timer between start and stop", async () => {
    const merchantId = await merchant("timer");
    const clock = fakeClock();
    const { mailbox } = await sendPo(merchantId, clock, "TM-1");
    const errors: unknown[] = [];
    const simulator = createSupplierSimulator({
      db: database.db,
      merchantId,
      suppliers: [SUPPLIER],
      delayMs: 0,
      clock: clock.now,
      intervalMs: 20,
      onError: (error) => errors.push(error),
    });
    simulator.start();
    simulator.start(); // a second start does not add a timer
    await vi.waitFor(async () => {
      expect((await mailbox.listNew(undefined)).messages).toHaveLength(1);
    });
    simulator.stop();
    await sendPo(merchantId, clock, "TM-2");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await mailbox.listNew(undefined)).messages).toHaveLength(1);
    expect(errors).toEqual([]);
  });
});
