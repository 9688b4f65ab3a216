/**
 * The IMAP/SMTP adapter against a real Dovecot and a real SMTP server on 127.0.0.1
 * (see `mail-server.ts`); nothing is mocked.
 */
import { createServer, type Server, type Socket } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MailboxAuthError, MailboxError } from "../../src/errors.js";
import { createImapMailbox, type ImapMailboxOptions } from "../../src/imap/index.js";
import type { Mailbox } from "../../src/port.js";
import { freePort, type MailAccount, startMailServer, type TestMailServer } from "./mail-server.js";

const MERCHANT: MailAccount = { user: "merchant@shop.test", pass: "merchant-secret" };
const SUPPLIER: MailAccount = { user: "orders@vendor.test", pass: "vendor-secret" };
const DAY_MS = 86_400_000;

let server: TestMailServer;

beforeAll(async () => {
  server = await startMailServer([MERCHANT, SUPPLIER]);
});

// Every call opens its own connection and must close it, whatever happened.
afterEach(async () => {
  await expect.poll(() => server.openImapConnections(), { timeout: 3_000 }).toBe(0);
});

afterAll(async () => {
  await server?.stop();
});

function optionsFor(account: MailAccount, extra: Partial<ImapMailboxOptions> = {}) {
  return {
    imap: { host: server.host, port: server.imapPort, secure: false, auth: account },
    smtp: { host: server.host, port: server.smtpPort, secure: false, auth: account },
    address: account.user,
    timeouts: { connectMs: 3_000, greetingMs: 3_000, socketMs: 10_000 },
    ...extra,
  } satisfies ImapMailboxOptions;
}

function mailboxFor(account: MailAccount, extra: Partial<ImapMailboxOptions> = {}): Mailbox {
  return createImapMailbox(optionsFor(account, extra));
}

function rawMessage(opts: {
  messageId: string;
  subject: string;
  text: string;
  from?: string;
  to?: string;
  inReplyTo?: string;
  references?: string[];
}): string {
  return [
    `From: ${opts.from ?? SUPPLIER.user}`,
    `To: ${opts.to ?? MERCHANT.user}`,
    `Subject: ${opts.subject}`,
    `Message-ID: ${opts.messageId}`,
    "Date: Thu, 03 Dec 2026 02:00:00 +0000",
    ...(opts.inReplyTo === undefined ? [] : [`In-Reply-To: ${opts.inReplyTo}`]),
    ...(opts.references === undefined ? [] : [`References: ${opts.references.join(" ")}`]),
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    opts.text,
    "",
  ].join("\r\n");
}

async function append(user: string, path: string, raw: string, date?: Date): Promise<void> {
  const client = await server.client(user);
  try {
    await client.append(path, raw, [], date);
  } finally {
    await client.logout();
  }
}

async function uidValidityOf(user: string, path: string): Promise<string> {
  const client = await server.client(user);
  try {
    const status = await client.status(path, { uidValidity: true });
    if (status === false) throw new Error(`no status for ${path}`);
    return String(status.uidValidity);
  } finally {
    await client.logout();
  }
}

async function expectMailboxError(promise: Promise<unknown>): Promise<MailboxError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MailboxError);
  return err as MailboxError;
}

describe("createImapMailbox against Dovecot", () => {
  it("lists the INBOX on the first listing, then only what arrived since the cursor", async () => {
    const mailbox = mailboxFor(MERCHANT, { inbox: "Sync" });
    const client = await server.client(MERCHANT.user);
    await client.mailboxCreate("Sync");
    await client.logout();
    await append(
      MERCHANT.user,
      "Sync",
      rawMessage({ messageId: "<q1@vendor.test>", subject: "Quote", text: "Our quote." }),
    );
    await append(
      MERCHANT.user,
      "Sync",
      rawMessage({
        messageId: "<q2@vendor.test>",
        subject: "Re: Quote",
        text: "Updated quote.",
        inReplyTo: "<q1@vendor.test>",
        references: ["<q1@vendor.test>"],
      }),
    );
    // Outside the first-listing window: not "recent".
    await append(
      MERCHANT.user,
      "Sync",
      rawMessage({ messageId: "<old@vendor.test>", subject: "Old", text: "Ancient." }),
      new Date(Date.now() - 60 * DAY_MS),
    );
    const validity = await uidValidityOf(MERCHANT.user, "Sync");

    const first = await mailbox.listNew(undefined);
    expect(first).toEqual({
      messages: [
        { id: `${validity}:1`, threadId: "<q1@vendor.test>" },
        { id: `${validity}:2`, threadId: "<q1@vendor.test>" },
      ],
      // Past the old message too: it is not "new" on any later listing.
      cursor: `${validity}:3`,
      resynced: false,
    });

    const quiet = await mailbox.listNew(first.cursor);
    expect(quiet).toEqual({ messages: [], cursor: first.cursor, resynced: false });

    await append(
      MERCHANT.user,
      "Sync",
      rawMessage({ messageId: "<q4@vendor.test>", subject: "Invoice", text: "Invoice attached." }),
    );
    const next = await mailbox.listNew(quiet.cursor);
    expect(next).toEqual({
      messages: [{ id: `${validity}:4`, threadId: "<q4@vendor.test>" }],
      cursor: `${validity}:4`,
      resynced: false,
    });

    const fetched = await mailbox.fetch(`${validity}:2`);
    expect(fetched.id).toBe(`${validity}:2`);
    expect(fetched.threadId).toBe("<q1@vendor.test>");
    expect(fetched.messageId).toBe("<q2@vendor.test>");
    expect(fetched.subject).toBe("Re: Quote");
    expect(fetched.text).toContain("Updated quote.");

    const missing = await expectMailboxError(mailbox.fetch(`${validity}:99`));
    expect(missing.kind).toBe("not_found");
    const stale = await expectMailboxError(mailbox.fetch(`1:2`));
    expect(stale.kind).toBe("not_found");
  });

  it("resyncs by date when UIDVALIDITY changed, then carries on incrementally", async () => {
    const mailbox = mailboxFor(MERCHANT, { inbox: "Orders", resyncDays: 7 });
    const client = await server.client(MERCHANT.user);
    await client.mailboxCreate("Orders");
    await client.logout();
    await append(
      MERCHANT.user,
      "Orders",
      rawMessage({ messageId: "<o1@vendor.test>", subject: "One", text: "1" }),
    );
    const before = await mailbox.listNew(undefined);
    expect(before.messages).toHaveLength(1);

    // Deleting and recreating the mailbox renumbers it, as a server migration or restore does.
    const admin = await server.client(MERCHANT.user);
    await admin.mailboxDelete("Orders");
    await admin.mailboxCreate("Orders");
    await admin.logout();
    await append(
      MERCHANT.user,
      "Orders",
      rawMessage({ messageId: "<o-old@vendor.test>", subject: "Old", text: "old" }),
      new Date(Date.now() - 30 * DAY_MS),
    );
    await append(
      MERCHANT.user,
      "Orders",
      rawMessage({ messageId: "<o2@vendor.test>", subject: "Two", text: "2" }),
    );
    const validity = await uidValidityOf(MERCHANT.user, "Orders");
    expect(`${validity}:1`).not.toBe(before.cursor.replace(/:\d+$/, ":1"));

    const resynced = await mailbox.listNew(before.cursor);
    expect(resynced).toEqual({
      messages: [{ id: `${validity}:2`, threadId: "<o2@vendor.test>" }],
      cursor: `${validity}:2`,
      resynced: true,
    });

    await append(
      MERCHANT.user,
      "Orders",
      rawMessage({ messageId: "<o3@vendor.test>", subject: "Three", text: "3" }),
    );
    expect(await mailbox.listNew(resynced.cursor)).toEqual({
      messages: [{ id: `${validity}:3`, threadId: "<o3@vendor.test>" }],
      cursor: `${validity}:3`,
      resynced: false,
    });
  });

  it("sends a PO, reads the supplier's reply in its thread and answers it in the same thread", async () => {
    const merchant = mailboxFor(MERCHANT, { name: "Shop Buyer" });
    const supplier = mailboxFor(SUPPLIER);
    const supplierStart = await supplier.listNew(undefined);
    const merchantStart = await merchant.listNew(undefined);

    const po = await merchant.send({
      to: [{ address: SUPPLIER.user, name: "Vendor Orders" }],
      subject: "PO 1001",
      text: "Please confirm PO 1001: 10 x widget.",
      idempotencyKey: "outbox-1001-po",
    });
    expect(po.threadId).toBe(po.messageId);
    expect(po.id).toMatch(/^sent:\d+:\d+$/);

    // The supplier's own mailbox received it over SMTP.
    const inbound = await supplier.listNew(supplierStart.cursor);
    expect(inbound.messages).toEqual([{ id: expect.any(String), threadId: po.messageId }]);
    const poAsReceived = await supplier.fetch(inbound.messages[0]?.id ?? "");
    expect(poAsReceived.messageId).toBe(po.messageId);
    expect(poAsReceived.from?.address).toBe(MERCHANT.user);
    expect(poAsReceived.idempotencyKey).toBe("outbox-1001-po");

    const supplierReply = await supplier.send({
      to: [{ address: MERCHANT.user }],
      subject: "Re: PO 1001",
      text: "Confirmed, ships Monday.",
      idempotencyKey: "vendor-reply-1",
      inReplyTo: {
        threadId: poAsReceived.threadId,
        messageId: poAsReceived.messageId ?? "",
        references: poAsReceived.references,
      },
    });
    expect(supplierReply.threadId).toBe(po.messageId);

    const replies = await merchant.listNew(merchantStart.cursor);
    expect(replies.messages).toEqual([{ id: expect.any(String), threadId: po.messageId }]);
    const reply = await merchant.fetch(replies.messages[0]?.id ?? "");
    expect(reply.threadId).toBe(po.messageId);
    expect(reply.messageId).toBe(supplierReply.messageId);
    expect(reply.inReplyTo).toBe(po.messageId);
    expect(reply.references).toEqual([po.messageId]);
    expect(reply.newText).toContain("Confirmed, ships Monday.");

    const answer = await merchant.send({
      to: [{ address: SUPPLIER.user }],
      subject: "Re: PO 1001",
      text: "Thanks, noted.",
      idempotencyKey: "outbox-1001-ack",
      inReplyTo: {
        threadId: reply.threadId,
        messageId: reply.messageId ?? "",
        references: reply.references,
      },
    });
    expect(answer.threadId).toBe(po.messageId);

    const answerInbound = await supplier.listNew(inbound.cursor);
    expect(answerInbound.messages).toEqual([{ id: expect.any(String), threadId: po.messageId }]);
    const answerAsReceived = await supplier.fetch(answerInbound.messages[0]?.id ?? "");
    expect(answerAsReceived.inReplyTo).toBe(supplierReply.messageId);
    expect(answerAsReceived.references).toEqual([po.messageId, supplierReply.messageId]);
    expect(answerAsReceived.subject).toBe("Re: PO 1001");

    // Sent copies are readable through their ids too.
    const sentCopy = await merchant.fetch(answer.id);
    expect(sentCopy.messageId).toBe(answer.messageId);
    expect(sentCopy.threadId).toBe(po.messageId);
  });

  it("finds a sent message by its idempotency key in Sent (found by \\Sent), exactly", async () => {
    const merchant = mailboxFor(MERCHANT);
    expect(await merchant.findSent("outbox-77")).toBeUndefined();
    const sent = await merchant.send({
      to: [{ address: "someone@elsewhere.test" }],
      subject: "PO 77",
      text: "PO 77",
      idempotencyKey: "outbox-77",
      replyTo: [{ address: "buying@shop.test", name: "Buying" }],
    });
    // Reply-To is a header, never an envelope recipient.
    expect(server.received.at(-1)?.to).toEqual(["someone@elsewhere.test"]);
    expect(server.received.at(-1)?.raw.toString("latin1")).toMatch(
      /^Reply-To: Buying <buying@shop\.test>\r$/m,
    );
    expect(await merchant.findSent("outbox-77")).toEqual(sent);
    // HEADER search matches substrings; the adapter does not.
    expect(await merchant.findSent("outbox-7")).toBeUndefined();

    // The same answer with the Sent mailbox named explicitly.
    expect(await mailboxFor(MERCHANT, { sentMailbox: "Sent" }).findSent("outbox-77")).toEqual(sent);
  });

  it("reports a wrong password as MailboxAuthError, for IMAP and for SMTP", async () => {
    const wrong = { user: MERCHANT.user, pass: "not-the-password" };
    const mailbox = mailboxFor(wrong);
    const imapErr = await expectMailboxError(mailbox.listNew(undefined));
    expect(imapErr).toBeInstanceOf(MailboxAuthError);
    expect(imapErr.provider).toBe("imap");
    expect(imapErr.message).toContain(MERCHANT.user);
    expect(imapErr.message).not.toContain(wrong.pass);

    const smtpErr = await expectMailboxError(
      mailbox.send({
        to: [{ address: SUPPLIER.user }],
        subject: "x",
        text: "x",
        idempotencyKey: "k",
      }),
    );
    expect(smtpErr).toBeInstanceOf(MailboxAuthError);
    expect(smtpErr.provider).toBe("smtp");
  });
});

describe("createImapMailbox when the Sent copy cannot be kept", () => {
  it("still reports the message as sent and says why the copy is missing", async () => {
    const failures: { kind: string; messageId: string }[] = [];
    const merchant = mailboxFor(MERCHANT, {
      sentMailbox: "No Such Folder",
      onSentCopyFailed: (error, messageId) => failures.push({ kind: error.kind, messageId }),
    });
    const sent = await merchant.send({
      to: [{ address: "buyer@elsewhere.test" }],
      subject: "PO 55",
      text: "PO 55",
      idempotencyKey: "outbox-55",
    });
    expect(sent.id).toBe(`message-id:${sent.messageId}`);
    expect(failures).toEqual([{ kind: "invalid_request", messageId: sent.messageId }]);
    expect(server.received.at(-1)?.to).toEqual(["buyer@elsewhere.test"]);
  });
});

describe("createImapMailbox when SMTP refuses the recipient", () => {
  it("reports a 5xx refusal as invalid_request and keeps no Sent copy", async () => {
    const merchant = mailboxFor(MERCHANT);
    const err = await expectMailboxError(
      merchant.send({
        to: [{ address: "nobody@rejected.test" }],
        subject: "PO 9",
        text: "PO 9",
        idempotencyKey: "outbox-9",
      }),
    );
    expect(err.kind).toBe("invalid_request");
    expect(err.provider).toBe("smtp");
    expect(err.code).toBe(550);
    expect(await merchant.findSent("outbox-9")).toBeUndefined();
  });
});

describe("createImapMailbox when the server is down", () => {
  it("reports a refused connection as unavailable (IMAP and SMTP)", async () => {
    const closed = await freePort();
    const mailbox = createImapMailbox({
      imap: { host: "127.0.0.1", port: closed, secure: false, auth: MERCHANT },
      smtp: { host: "127.0.0.1", port: closed, secure: false, auth: MERCHANT },
      address: MERCHANT.user,
      timeouts: { connectMs: 2_000, greetingMs: 2_000, socketMs: 2_000 },
    });
    const imapErr = await expectMailboxError(mailbox.listNew(undefined));
    expect(imapErr.kind).toBe("unavailable");
    expect(imapErr.retryable).toBe(true);
    expect((await expectMailboxError(mailbox.findSent("k"))).kind).toBe("unavailable");
    const smtpErr = await expectMailboxError(
      mailbox.send({
        to: [{ address: SUPPLIER.user }],
        subject: "x",
        text: "x",
        idempotencyKey: "k",
      }),
    );
    expect(smtpErr.kind).toBe("unavailable");
    expect(smtpErr.provider).toBe("smtp");
  });

  it("gives up on a server that never greets, within the timeout, and closes the socket", async () => {
    const sockets: Socket[] = [];
    const closedSockets: Socket[] = [];
    const silent: Server = createServer((socket) => {
      sockets.push(socket);
      socket.on("close", () => closedSockets.push(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", () => resolve()));
    const address = silent.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    try {
      const mailbox = createImapMailbox({
        imap: { host: "127.0.0.1", port, secure: false, auth: MERCHANT },
        smtp: { host: "127.0.0.1", port, secure: false, auth: MERCHANT },
        address: MERCHANT.user,
        timeouts: { connectMs: 500, greetingMs: 500, socketMs: 500 },
      });
      const started = Date.now();
      const err = await expectMailboxError(mailbox.listNew(undefined));
      expect(err.kind).toBe("unavailable");
      expect(Date.now() - started).toBeLessThan(5_000);
      const smtpErr = await expectMailboxError(
        mailbox.send({
          to: [{ address: SUPPLIER.user }],
          subject: "x",
          text: "x",
          idempotencyKey: "k",
        }),
      );
      expect(smtpErr.kind).toBe("unavailable");
      await expect.poll(() => closedSockets.length).toBe(sockets.length);
      expect(sockets.length).toBe(2);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
