import { foreignKey, index, pgTable, text } from "drizzle-orm/pg-core";
import type { ApiTokenId, MerchantId, UserId } from "../ids.js";
import { createdAt, id, ref, timestamptz } from "./columns.js";
import { merchants, users } from "./merchants.js";

/**
 * Per-merchant API tokens for the JSON API. Only the SHA-256 of the token is stored (a token is
 * 256 random bits, so a fast hash is enough); `prefix` is its first characters, shown in Settings
 * so a merchant can tell tokens apart. Revoked tokens stay, for the record.
 */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: id<ApiTokenId>(),
    merchantId: ref<MerchantId>("merchant_id")
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull().unique("api_tokens_hash_unique"),
    prefix: text("prefix").notNull(),
    createdBy: ref<UserId>("created_by"),
    createdAt: createdAt(),
    lastUsedAt: timestamptz("last_used_at"),
    revokedAt: timestamptz("revoked_at"),
  },
  (t) => [
    index("api_tokens_merchant_idx").on(t.merchantId, t.createdAt),
    foreignKey({
      name: "api_tokens_created_by_fk",
      columns: [t.merchantId, t.createdBy],
      foreignColumns: [users.merchantId, users.id],
    }),
  ],
);
