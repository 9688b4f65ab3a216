import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../client.js";
import type { MerchantId, OrderId, UserId } from "../ids.js";
import { createTestDatabase, type TestDatabase } from "../testing/index.js";
import { listAudit } from "./audit.js";
import {
  attachEmailToOrder,
  EmailAlreadyAttachedError,
  getEmail,
  listUnmatchedEmails,
  setEmailState,
  storeEmail,
} from "./emails.js";
import { createMerchant } from "./merchants.js";
import { NotFoundError } from "./not-found.js";
import { createOrder } from "./orders.js";
import { addSupplier } from "./suppliers.js";
import { getLiveStatus } from "./trail.js";

let database: TestDatabase;
let db: Database;

interface Tenant {
  merchantId: MerchantId;
  ownerId: UserId;
  orderId: OrderId;
}

async function tenant(slug: string): Promise<Tenant> {
  const { merchant, owner } = await createMerchant(db, {
    name: slug,
    slug,
    email: `buyer@${slug}.test`,
    owner: { name: `${slug} owner`, email: `owner@${slug}.test` },
  });
  const supplier = await addSupplier(db, merchant.id, {
    name: "Acme",
    contactEmail: "sales@acme.test",
    domain: "acme.test",
  });
  const order = await createOrder(db, merchant.id, {
    supplierId: supplier.supplierId,
    poNumber: "PO-1",
    currency: "USD",
    paymentTerms: "NET30",
    lines: [],
  });
  return { merchantId: merchant.id, ownerId: owner.id, orderId: order.id };
}

let A: Tenant;
let B: Tenant;
let sequence = 0;

async function unmatched(merchantId: MerchantId) {
  sequence += 1;
  const { email } = await storeEmail(db, merchantId, {
    provider: "local",
    providerMessageId: `reply-${sequence}`,
    fromAddress: "sales@acme.test",
    toAddresses: ["buyer@example.test"],
    subject: "Re: your order",
    textBody: "Which PO was this?",
    receivedAt: new Date("2026-02-01T00:00:00Z"),
  });
  // The worker found no order for it.
  return setEmailState(db, merchantId, email.id, {
    state: "escalated",
    error: "no order matches this reply",
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  A = await tenant("alpha");
  B = await tenant("beta");
});

afterAll(() => database?.close());

describe("attachEmailToOrder", () => {
  it("ties the reply to the order, queues it afresh and records who did it", async () => {
    const email = await unmatched(A.merchantId);
    expect(email).toMatchObject({ processingState: "escalated", attempts: 1 });
    const versionBefore = (await getLiveStatus(db, A.merchantId, { orderId: A.orderId })).order
      ?.trailVersion;

    const attached = await db.transaction((tx) =>
      attachEmailToOrder(tx, A.merchantId, {
        emailId: email.id,
        orderId: A.orderId,
        userId: A.ownerId,
      }),
    );
    expect(attached).toMatchObject({
      id: email.id,
      orderId: A.orderId,
      processingState: "pending",
      attempts: 0,
      lastError: null,
      processedAt: null,
    });
    expect(attached.nextAttemptAt?.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    expect((await listUnmatchedEmails(db, A.merchantId)).map((e) => e.id)).not.toContain(email.id);
    const [entry] = await listAudit(db, A.merchantId, { orderId: A.orderId });
    expect(entry).toMatchObject({
      actor: "merchant",
      actorUserId: A.ownerId,
      event: "reply_attached",
      details: { emailId: email.id },
    });
    const versionAfter = (await getLiveStatus(db, A.merchantId, { orderId: A.orderId })).order
      ?.trailVersion;
    expect(versionAfter).not.toBe(versionBefore);
  });

  it("refuses an email that already has an order", async () => {
    const email = await unmatched(A.merchantId);
    await attachEmailToOrder(db, A.merchantId, {
      emailId: email.id,
      orderId: A.orderId,
      userId: A.ownerId,
    });
    const again = attachEmailToOrder(db, A.merchantId, {
      emailId: email.id,
      orderId: A.orderId,
      userId: A.ownerId,
    });
    await expect(again).rejects.toBeInstanceOf(EmailAlreadyAttachedError);
    await expect(again).rejects.toMatchObject({ emailId: email.id, orderId: A.orderId });
  });

  it("does not find another merchant's email or order, and changes nothing", async () => {
    const mine = await unmatched(A.merchantId);
    const theirs = await unmatched(B.merchantId);
    const attempts = [
      { emailId: theirs.id, orderId: A.orderId },
      { emailId: mine.id, orderId: B.orderId },
      { emailId: theirs.id, orderId: B.orderId },
    ];
    for (const ids of attempts) {
      await expect(
        attachEmailToOrder(db, A.merchantId, { ...ids, userId: A.ownerId }),
      ).rejects.toBeInstanceOf(NotFoundError);
    }
    expect(await getEmail(db, B.merchantId, theirs.id)).toEqual(theirs);
    expect(await getEmail(db, A.merchantId, mine.id)).toEqual(mine);
    expect(await listAudit(db, B.merchantId)).toEqual([]);
  });

  it("does not attach what we sent", async () => {
    const { email } = await storeEmail(db, A.merchantId, {
      provider: "local",
      providerMessageId: "sent-1",
      direction: "outbound",
      fromAddress: "buyer@alpha.test",
      toAddresses: ["sales@acme.test"],
      subject: "Purchase order",
      textBody: "PO",
      receivedAt: new Date(),
    });
    await expect(
      attachEmailToOrder(db, A.merchantId, {
        emailId: email.id,
        orderId: A.orderId,
        userId: A.ownerId,
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});
