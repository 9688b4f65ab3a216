import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MerchantId } from "../ids.js";
import { createTestDatabase, type TestDatabase } from "../testing/index.js";
import { listAudit } from "./audit.js";
import { getEmail, storeEmail } from "./emails.js";
import { createMerchant } from "./merchants.js";
import {
  claimOutboxMessage,
  enqueueEmail,
  getOutboxMessage,
  markOutboxFailed,
  markOutboxSent,
  recordOutboxDelivery,
} from "./outbox.js";

let database: TestDatabase;
let merchantId: MerchantId;

beforeAll(async () => {
  database = await createTestDatabase();
  merchantId = (
    await createMerchant(database.db, {
      name: "Alpha",
      slug: "alpha",
      email: "buyer@alpha.test",
      owner: { name: "Owner", email: "owner@alpha.test" },
    })
  ).merchant.id;
});

afterAll(() => database?.close());

async function queued(key: string) {
  const { message } = await enqueueEmail(database.db, merchantId, {
    kind: "approval_request",
    idempotencyKey: key,
    toAddresses: ["buyer@alpha.test"],
    subject: "Approval needed",
    textBody: "Please look.",
  });
  return message;
}

describe("claimOutboxMessage", () => {
  it("lets one worker at a time send a row, until its lease runs out", async () => {
    const row = await queued("claim-1");
    const first = await claimOutboxMessage(database.db, merchantId, row.id, 60_000);
    expect(first?.id).toBe(row.id);
    expect(await claimOutboxMessage(database.db, merchantId, row.id, 60_000)).toBeUndefined();

    const short = await queued("claim-2");
    expect(await claimOutboxMessage(database.db, merchantId, short.id, 1)).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The first claimant crashed: its lease is over, so the row can be claimed (and retried).
    expect(await claimOutboxMessage(database.db, merchantId, short.id, 60_000)).toBeDefined();
  });

  it("never hands out a sent row, and a failed send frees the row for the retry", async () => {
    const row = await queued("claim-3");
    await claimOutboxMessage(database.db, merchantId, row.id, 60_000);
    await markOutboxFailed(database.db, merchantId, row.id, {
      error: "503 from the provider",
      nextAttemptAt: new Date(),
    });
    const again = await claimOutboxMessage(database.db, merchantId, row.id, 60_000);
    expect(again?.attempts).toBe(1);
    await markOutboxSent(database.db, merchantId, row.id, "provider-1");
    expect(await claimOutboxMessage(database.db, merchantId, row.id, 1)).toBeUndefined();
  });
});

describe("storeEmail", () => {
  it("stores what we sent as processed, so no worker takes it for a reply", async () => {
    const { email } = await storeEmail(database.db, merchantId, {
      provider: "local",
      providerMessageId: "sent-1",
      direction: "outbound",
      fromAddress: "buyer@alpha.test",
      toAddresses: ["sales@acme.test"],
      subject: "Purchase order PO-1",
      textBody: "Please confirm.",
      receivedAt: new Date(),
    });
    expect((await getEmail(database.db, merchantId, email.id))?.processingState).toBe("processed");
  });
});

describe("recordOutboxDelivery", () => {
  it("marks the row sent, stores the sent mail and the audit entry, in one statement", async () => {
    const row = await queued("delivery-1");
    await claimOutboxMessage(database.db, merchantId, row.id, 60_000);
    await recordOutboxDelivery(database.db, merchantId, {
      messageId: row.id,
      providerMessageId: "provider-delivery-1",
      sent: {
        provider: "local",
        providerMessageId: "provider-delivery-1",
        direction: "outbound",
        fromAddress: "buyer@alpha.test",
        toAddresses: ["buyer@alpha.test"],
        subject: row.subject,
        textBody: row.textBody,
        receivedAt: new Date(),
      },
      audit: { actor: "agent", event: "email_sent", details: { outboxId: row.id } },
    });
    const sent = await getOutboxMessage(database.db, merchantId, row.id);
    expect(sent?.status).toBe("sent");
    expect(sent?.sentProviderMessageId).toBe("provider-delivery-1");
    expect(sent?.claimedUntil).toBeNull();
    const audit = await listAudit(database.db, merchantId);
    expect(audit.some((entry) => entry.details.outboxId === row.id)).toBe(true);
  });
});
