import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../client.js";
import type { MerchantId } from "../ids.js";
import { createTestDatabase, type TestDatabase } from "../testing/index.js";
import {
  getGmailConnection,
  markGmailRevoked,
  saveGmailConnection,
  updateGmailSync,
} from "./gmail.js";
import {
  disconnectImapConnection,
  getImapConnection,
  saveImapConnection,
  updateImapSync,
} from "./imap.js";
import { createMerchant } from "./merchants.js";
import { NotFoundError } from "./not-found.js";

let database: TestDatabase;
let db: Database;
let merchant: MerchantId;

const settings = {
  emailAddress: "buyer@northwind.test",
  imapHost: "imap.northwind.test",
  imapPort: 993,
  imapSecure: true,
  smtpHost: "smtp.northwind.test",
  smtpPort: 465,
  smtpSecure: true,
  username: "buyer@northwind.test",
  encryptedPassword: "v1.k1.sealed-1",
};

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  merchant = (
    await createMerchant(db, {
      name: "Northwind",
      slug: "northwind",
      email: "buyer@northwind.test",
      owner: { name: "Maya Chen", email: "maya@northwind.test" },
    })
  ).merchant.id;
});

afterAll(() => database?.close());

describe("IMAP connections", () => {
  it("saves one mailbox per merchant; saving again replaces it and clears the last outcome", async () => {
    expect(await getImapConnection(db, merchant)).toBeUndefined();
    const first = await saveImapConnection(db, merchant, settings);
    expect(first).toMatchObject({ status: "connected", lastError: null, lastSyncedAt: null });
    const synced = await updateImapSync(db, merchant, first.id, {
      status: "needs_reauth",
      lastError: "IMAP login refused",
      lastSyncedAt: new Date("2026-12-01T10:00:00Z"),
    });
    expect(synced).toMatchObject({ status: "needs_reauth", lastError: "IMAP login refused" });
    expect(synced.lastSyncedAt?.toISOString()).toBe("2026-12-01T10:00:00.000Z");

    const replaced = await saveImapConnection(db, merchant, {
      ...settings,
      imapPort: 143,
      imapSecure: false,
      encryptedPassword: "v1.k1.sealed-2",
    });
    expect(replaced.id).toBe(first.id);
    expect(replaced).toMatchObject({
      status: "connected",
      lastError: null,
      lastSyncedAt: null,
      imapPort: 143,
      imapSecure: false,
      encryptedPassword: "v1.k1.sealed-2",
    });
  });

  it("disconnects: revoked, and the stored password is gone", async () => {
    const saved = await saveImapConnection(db, merchant, settings);
    const gone = await disconnectImapConnection(db, merchant, saved.id);
    expect(gone.status).toBe("revoked");
    expect(gone.encryptedPassword).toBe("");
    expect((await getImapConnection(db, merchant))?.status).toBe("revoked");
  });

  it("refuses ports outside 1-65535", async () => {
    await expect(
      saveImapConnection(db, merchant, { ...settings, smtpPort: 70000 }),
    ).rejects.toThrow();
  });

  it("answers NotFoundError for an id that is not the merchant's", async () => {
    const missing = "00000000-0000-4000-8000-000000000000" as never;
    await expect(disconnectImapConnection(db, merchant, missing)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(updateImapSync(db, merchant, missing, {})).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("Gmail connections", () => {
  it("reconnecting another address replaces the old mailbox; a revoke drops the token", async () => {
    const first = await saveGmailConnection(db, merchant, {
      emailAddress: "old@northwind.test",
      encryptedRefreshToken: "v1.k1.old",
      scopes: ["gmail.readonly"],
    });
    await updateGmailSync(db, merchant, first.id, { status: "needs_reauth", lastError: "revoked" });
    const second = await saveGmailConnection(db, merchant, {
      emailAddress: "new@northwind.test",
      encryptedRefreshToken: "v1.k1.new",
      scopes: ["gmail.readonly"],
    });
    const current = await getGmailConnection(db, merchant);
    expect(current?.id).toBe(second.id);
    expect(current).toMatchObject({ emailAddress: "new@northwind.test", status: "connected" });

    const revoked = await markGmailRevoked(db, merchant, second.id);
    expect(revoked).toMatchObject({ status: "revoked", encryptedRefreshToken: "" });

    // Reconnecting the same address makes it connected again, with the new token.
    const again = await saveGmailConnection(db, merchant, {
      emailAddress: "new@northwind.test",
      encryptedRefreshToken: "v1.k1.newer",
      scopes: ["gmail.readonly"],
    });
    expect(again).toMatchObject({ id: second.id, status: "connected", lastError: null });
    expect(again.encryptedRefreshToken).toBe("v1.k1.newer");
  });
});
