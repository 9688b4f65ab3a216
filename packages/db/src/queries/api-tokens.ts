import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import type { ApiTokenId, MerchantId, UserId } from "../ids.js";
import { apiTokens } from "../schema/index.js";
import { found } from "./not-found.js";

/** What a merchant sees of a token: never the token or its hash. */
export interface ApiTokenSummary {
  id: ApiTokenId;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Every token starts with this, so secret scanners (and people) recognise a leaked one. */
export const API_TOKEN_PREFIX = "popro_";
const SHOWN_CHARS = API_TOKEN_PREFIX.length + 6;
/** `last_used_at` is written at most this often per token, so reads do not become writes. */
const LAST_USED_RESOLUTION_MS = 60_000;

const summary = {
  id: apiTokens.id,
  name: apiTokens.name,
  prefix: apiTokens.prefix,
  createdAt: apiTokens.createdAt,
  lastUsedAt: apiTokens.lastUsedAt,
  revokedAt: apiTokens.revokedAt,
};

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

/**
 * A new token for the merchant: 256 random bits. The token itself is returned once, here, and
 * only its SHA-256 is stored.
 */
export async function createApiToken(
  db: Database,
  merchantId: MerchantId,
  input: { name: string; createdBy?: UserId },
): Promise<{ token: string; summary: ApiTokenSummary }> {
  const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const [row] = await db
    .insert(apiTokens)
    .values({
      merchantId,
      name: input.name,
      tokenHash: hashToken(token),
      prefix: token.slice(0, SHOWN_CHARS),
      createdBy: input.createdBy ?? null,
    })
    .returning(summary);
  if (row === undefined) throw new Error("api token insert returned no row");
  return { token, summary: row };
}

/** The merchant's tokens, newest first, revoked ones included. */
export async function listApiTokens(
  db: Database,
  merchantId: MerchantId,
): Promise<ApiTokenSummary[]> {
  return db
    .select(summary)
    .from(apiTokens)
    .where(eq(apiTokens.merchantId, merchantId))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
}

/** Revokes one of the merchant's tokens (idempotent); another merchant's id is `NotFoundError`. */
export async function revokeApiToken(
  db: Database,
  merchantId: MerchantId,
  tokenId: ApiTokenId,
): Promise<ApiTokenSummary> {
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: sql`coalesce(${apiTokens.revokedAt}, now())` })
    .where(and(eq(apiTokens.merchantId, merchantId), eq(apiTokens.id, tokenId)))
    .returning(summary);
  return found(row, "api token", tokenId, merchantId);
}

/**
 * The merchant a bearer token belongs to, or undefined for an unknown or revoked one. Looked up
 * by hash (a unique index), so the comparison is not a string compare of secrets; records the
 * use at most once a minute.
 */
export async function authenticateApiToken(
  db: Database,
  token: string,
): Promise<{ merchantId: MerchantId; tokenId: ApiTokenId } | undefined> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return undefined;
  const [row] = await db
    .select({ merchantId: apiTokens.merchantId, tokenId: apiTokens.id })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt)));
  if (row === undefined) return undefined;
  await db
    .update(apiTokens)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(
        eq(apiTokens.id, row.tokenId),
        or(
          isNull(apiTokens.lastUsedAt),
          lt(
            apiTokens.lastUsedAt,
            sql`now() - make_interval(secs => ${LAST_USED_RESOLUTION_MS / 1000})`,
          ),
        ),
      ),
    );
  return row;
}
