import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../client.js";
import { type MerchantId, parseId, type UserId } from "../ids.js";
import { apiTokens } from "../schema/index.js";
import { createTestDatabase, type TestDatabase } from "../testing/index.js";
import {
  API_TOKEN_PREFIX,
  authenticateApiToken,
  createApiToken,
  listApiTokens,
  revokeApiToken,
} from "./api-tokens.js";
import { createMerchant } from "./merchants.js";
import { NotFoundError } from "./not-found.js";

let database: TestDatabase;
let db: Database;
let merchantA: MerchantId;
let ownerA: UserId;
let merchantB: MerchantId;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  const a = await createMerchant(db, {
    name: "Northwind",
    slug: "northwind",
    email: "buyer@northwind.test",
    owner: { name: "Maya Chen", email: "maya@northwind.test" },
  });
  merchantA = a.merchant.id;
  ownerA = a.owner.id;
  const b = await createMerchant(db, {
    name: "Other",
    slug: "other",
    email: "buyer@other.test",
    owner: { name: "Bo", email: "bo@other.test" },
  });
  merchantB = b.merchant.id;
});

afterAll(() => database?.close());

describe("API tokens", () => {
  it("returns the token once and stores only its hash", async () => {
    const { token, summary } = await createApiToken(db, merchantA, {
      name: "ERP sync",
      createdBy: ownerA,
    });
    expect(token.startsWith(API_TOKEN_PREFIX)).toBe(true);
    expect(token.length).toBeGreaterThan(40);
    expect(token.startsWith(summary.prefix)).toBe(true);
    const stored = JSON.stringify(await db.select().from(apiTokens));
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(token.slice(summary.prefix.length));
  });

  it("authenticates a live token as its merchant and records the use", async () => {
    const { token, summary } = await createApiToken(db, merchantA, { name: "live" });
    expect(summary.lastUsedAt).toBeNull();
    expect(await authenticateApiToken(db, token)).toEqual({
      merchantId: merchantA,
      tokenId: summary.id,
    });
    const listed = (await listApiTokens(db, merchantA)).find((t) => t.id === summary.id);
    expect(listed?.lastUsedAt).toBeInstanceOf(Date);
  });

  it("refuses unknown, malformed and revoked tokens", async () => {
    const { token, summary } = await createApiToken(db, merchantA, { name: "to revoke" });
    expect(await authenticateApiToken(db, `${token}x`)).toBeUndefined();
    expect(await authenticateApiToken(db, "Bearer nonsense")).toBeUndefined();
    expect(await authenticateApiToken(db, "")).toBeUndefined();
    const revoked = await revokeApiToken(db, merchantA, summary.id);
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(await authenticateApiToken(db, token)).toBeUndefined();
    // Revoking again keeps the first revocation time.
    expect((await revokeApiToken(db, merchantA, summary.id)).revokedAt).toEqual(revoked.revokedAt);
  });

  it("keeps each merchant's tokens to itself", async () => {
    const { summary } = await createApiToken(db, merchantB, { name: "B's" });
    expect((await listApiTokens(db, merchantA)).map((t) => t.id)).not.toContain(summary.id);
    await expect(revokeApiToken(db, merchantA, summary.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      revokeApiToken(db, merchantA, parseId("api_token", "00000000-0000-4000-8000-000000000000")),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect((await listApiTokens(db, merchantB)).map((t) => t.revokedAt)).toEqual([null]);
  });
});
