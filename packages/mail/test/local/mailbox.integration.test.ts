import { createMerchant, type MerchantId, storeLocalMail } from "@po-pro/db";
import { createTestDatabase, type TestDatabase } from "@po-pro/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MailboxError } from "../../src/errors.js";
import { createLocalMailbox } from "../../src/local/index.js";
import { composeMessage } from "../../src/mime/compose.js";
import type { Mailbox, OutboundMessage } from "../../src/port.js";

const ADDRESS = "buyer@shop.test";
let database: TestDatabase;
let alpha: MerchantId;
let beta: MerchantId;

async function merchant(slug: string): Promise<MerchantId> {
  const { merchant } = await createMerchant(database.db, {
    name: slug,
    slug,
    email: ADDRESS,
    owner: { name: `${slug} owner`, email: `owner@${slug}.test` },
  });
  return merchant.id;
}

beforeAll(async () => {
  database = await createTestDatabase();
  alpha = await merchant("alpha");
  beta = await merchant("beta");
});

afterAll(() => database?.close());

const po = (key: string, overrides: Partial<OutboundMessage> = {}): OutboundMessage => ({
  to: [{ address: "Orders@Supplier.test", name: "Supplier" }],
  subject: "Purchase order PO-1 from Shop",
  text: "Please confirm purchase order PO-1.",
  idempotencyKey: key,
  ...overrides,
});

/** A supplier's message delivered to `address` at `merchantId` (what the simulator does). */
async function deliver(merchantId: MerchantId, text: string, address = ADDRESS) {
  const composed = await composeMessage({
    from: { address: "orders@supplier.test" },
    message: { to: [{ address }], subject: "Re: PO-1", text, idempotencyKey: `in-${text}` },
  });
  const { message } = await storeLocalMail(database.db, merchantId, {
    mailboxAddress: address,
    folder: "inbox",
    threadId: `thread-${text}`,
    messageId: composed.messageId,
    fromAddress: "orders@supplier.test",
    raw: composed.raw,
  });
  return message;
}

describe("local mailbox", () => {
  it("says who it belongs to", async () => {
    const mailbox = createLocalMailbox({
      db: database.db,
      merchantId: alpha,
      address: "Buyer@Shop.test",
      name: "Shop",
    });
    expect(await mailbox.identity()).toEqual({
      provider: "local",
      address: ADDRESS,
      name: "Shop",
    });
  });

  it("sends once per idempotency key and finds the message sent with it", async () => {
    const mailbox = createLocalMailbox({ db: database.db, merchantId: alpha, address: ADDRESS });
    expect(await mailbox.findSent("po-1")).toBeUndefined();
    const first = await mailbox.send(po("po-1"));
    const again = await mailbox.send(po("po-1", { text: "A different body" }));
    expect(again).toEqual(first);
    expect(await mailbox.findSent("po-1")).toEqual(first);
    expect(first.messageId).toMatch(/^<.+@.+>$/);
    // Racing sends with one key both get the first message.
    const racing = await Promise.all([mailbox.send(po("po-2")), mailbox.send(po("po-2"))]);
    expect(racing[1]).toEqual(racing[0]);
  });

  it("sends a reply in the thread it answers", async () => {
    const mailbox = createLocalMailbox({ db: database.db, merchantId: alpha, address: ADDRESS });
    const reply = await mailbox.send(
      po("reply-1", {
        subject: "Re: PO-1",
        inReplyTo: {
          threadId: "thread-x",
          messageId: "<a@supplier.test>",
          references: ["<po@shop.test>", "<a@supplier.test>"],
        },
      }),
    );
    expect(reply.threadId).toBe("thread-x");
  });

  it("lists the inbox oldest first from a cursor, and the sent folder never", async () => {
    const mailbox = createLocalMailbox({
      db: database.db,
      merchantId: alpha,
      address: "cursor@shop.test",
      pageSize: 2,
    });
    await mailbox.send(po("cursor-sent"));
    const empty = await mailbox.listNew(undefined);
    expect(empty).toEqual({ messages: [], cursor: "0", resynced: false });

    const one = await deliver(alpha, "one", "cursor@shop.test");
    const two = await deliver(alpha, "two", "cursor@shop.test");
    const three = await deliver(alpha, "three", "cursor@shop.test");
    const page1 = await mailbox.listNew(empty.cursor);
    expect(page1.messages).toEqual([
      { id: one.id, threadId: one.threadId },
      { id: two.id, threadId: two.threadId },
    ]);
    const page2 = await mailbox.listNew(page1.cursor);
    expect(page2.messages.map((m) => m.id)).toEqual([three.id]);
    const page3 = await mailbox.listNew(page2.cursor);
    expect(page3).toEqual({ messages: [], cursor: page2.cursor, resynced: false });

    // A cursor it never issued starts over, and says so.
    const resync = await mailbox.listNew("not-a-cursor");
    expect(resync.resynced).toBe(true);
    expect(resync.messages.map((m) => m.id)).toEqual([one.id, two.id]);
  });

  it("fetches a message parsed from the stored bytes", async () => {
    const mailbox = createLocalMailbox({ db: database.db, merchantId: alpha, address: ADDRESS });
    const stored = await deliver(alpha, "Confirmed, thanks.");
    const message = await mailbox.fetch(stored.id);
    expect(message).toMatchObject({
      id: stored.id,
      threadId: stored.threadId,
      messageId: stored.messageId,
      subject: "Re: PO-1",
      from: { address: "orders@supplier.test" },
    });
    expect(message.text.trim()).toBe("Confirmed, thanks.");

    const sent = await mailbox.send(po("fetch-sent"));
    const own = await mailbox.fetch(sent.id);
    expect(own.idempotencyKey).toBe("fetch-sent");
    expect(own.to).toEqual([{ address: "orders@supplier.test", name: "Supplier" }]);
  });

  it("sends Reply-To without making it a recipient", async () => {
    const mailbox = createLocalMailbox({ db: database.db, merchantId: alpha, address: ADDRESS });
    const replyTo = [{ address: "purchasing@shop.test", name: "Purchasing" }];
    const sent = await mailbox.send(po("reply-to", { replyTo }));
    const own = await mailbox.fetch(sent.id);
    expect(own.replyTo).toEqual(replyTo);
    expect(own.headers["reply-to"]).toEqual(["Purchasing <purchasing@shop.test>"]);
    expect([...own.to, ...own.cc].map((a) => a.address)).toEqual(["orders@supplier.test"]);
  });

  it("fails fetch with a typed not_found for an unknown or malformed id", async () => {
    const mailbox = createLocalMailbox({ db: database.db, merchantId: alpha, address: ADDRESS });
    for (const id of ["00000000-0000-4000-8000-000000000000", "nope"]) {
      const error = await mailbox.fetch(id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MailboxError);
      expect((error as MailboxError).kind).toBe("not_found");
    }
  });

  it("keeps each merchant's mailbox to itself, even at the same address with the same keys", async () => {
    const a: Mailbox = createLocalMailbox({ db: database.db, merchantId: alpha, address: ADDRESS });
    const b: Mailbox = createLocalMailbox({ db: database.db, merchantId: beta, address: ADDRESS });
    const sentByA = await a.send(po("tenant-key"));
    const inboxOfA = await deliver(alpha, "for alpha only");

    expect(await b.findSent("tenant-key")).toBeUndefined();
    expect((await b.listNew(undefined)).messages).toEqual([]);
    for (const id of [sentByA.id, inboxOfA.id]) {
      await expect(b.fetch(id)).rejects.toMatchObject({ kind: "not_found" });
    }
    // B's send with A's key is B's own message.
    const sentByB = await b.send(po("tenant-key"));
    expect(sentByB.id).not.toBe(sentByA.id);
    expect(await a.findSent("tenant-key")).toEqual(sentByA);
  });
});
