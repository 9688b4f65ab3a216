/**
 * A merchant's own IMAP/SMTP mailbox, connected in Settings, read by the worker: against a real
 * Dovecot (the mail package's test server), through `MAILBOX_PROVIDER=connected`'s resolver.
 */
import { getImapConnection, saveImapConnection } from "@po-pro/db";
import { queryRows } from "@po-pro/db/testing";
import { createTokenCipher, imapPasswordContext } from "@po-pro/mail/secrets";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type MailAccount,
  startMailServer,
  type TestMailServer,
} from "../../../packages/mail/test/imap/mail-server.js";
import { connectedMailboxes, imapMailboxes } from "../src/mailboxes.js";
import type { RunningWorker } from "../src/worker.js";
import { createHarness, type Harness, MERCHANT_EMAIL, SUPPLIERS, waitFor } from "./harness.js";

const MERCHANT: MailAccount = { user: MERCHANT_EMAIL, pass: "merchant-imap-secret" };
const tokenKeys = [{ id: "k1", key: Buffer.alloc(32, 9) }];
const cipher = createTokenCipher(tokenKeys);

let server: TestMailServer;
let harness: Harness;
let worker: RunningWorker;

async function connect(password: string): Promise<void> {
  await saveImapConnection(harness.db, harness.merchantId, {
    emailAddress: MERCHANT.user,
    imapHost: server.host,
    imapPort: server.imapPort,
    imapSecure: false,
    smtpHost: server.host,
    smtpPort: server.smtpPort,
    smtpSecure: false,
    username: MERCHANT.user,
    encryptedPassword: cipher.encrypt(password, imapPasswordContext(harness.merchantId)),
  });
}

async function storedFromImap(): Promise<{ subject: string; from_address: string }[]> {
  return queryRows(
    harness.db,
    sql`select subject, from_address from email_messages
        where merchant_id = ${harness.merchantId} and provider = 'imap' and direction = 'inbound'`,
  );
}

beforeAll(async () => {
  server = await startMailServer([MERCHANT]);
  harness = await createHarness();
  worker = await harness.startWorker({
    mailboxes: (db) => connectedMailboxes(undefined, imapMailboxes({ db, tokenKeys })),
  });
});

afterAll(async () => {
  await harness?.close();
  await server?.stop();
});

describe("a merchant's IMAP mailbox", () => {
  it("is polled once connected: the supplier's reply is stored and the sync recorded", async () => {
    expect(await worker.ctx.mailboxes.pollable()).toEqual([]);
    await connect(MERCHANT.pass);
    expect(await worker.ctx.mailboxes.pollable()).toEqual([harness.merchantId]);

    const supplier = SUPPLIERS[0]?.contactEmail as string;
    const client = await server.client(MERCHANT.user);
    await client.append(
      "INBOX",
      [
        `From: ${supplier}`,
        `To: ${MERCHANT.user}`,
        "Subject: Re: PO-7001",
        "Message-ID: <reply-7001@pacificthreads.test>",
        `Date: ${new Date().toUTCString()}`,
        "",
        "Confirmed as ordered.",
      ].join("\r\n"),
    );
    await client.logout();

    await harness.poll(worker);
    await waitFor("the reply to be stored", async () => (await storedFromImap()).length === 1);
    expect(await storedFromImap()).toEqual([{ subject: "Re: PO-7001", from_address: supplier }]);
    await waitFor("the sync to be recorded", async () => {
      const connection = await getImapConnection(harness.db, harness.merchantId);
      return connection?.lastSyncedAt !== null;
    });
    const connection = await getImapConnection(harness.db, harness.merchantId);
    expect(connection).toMatchObject({ status: "connected", lastError: null });
  });

  it("needs re-authorisation when the server refuses the password, and is no longer polled", async () => {
    await connect("a-password-that-was-changed");
    await harness.poll(worker);
    await waitFor("the connection to need re-authorisation", async () => {
      const connection = await getImapConnection(harness.db, harness.merchantId);
      return connection?.status === "needs_reauth";
    });
    const connection = await getImapConnection(harness.db, harness.merchantId);
    expect(connection?.lastError).toBeTruthy();
    expect(connection?.lastError).not.toContain("a-password-that-was-changed");
    expect(await worker.ctx.mailboxes.pollable()).toEqual([]);
  });
});
