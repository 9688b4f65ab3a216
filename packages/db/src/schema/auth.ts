import { bigint, index, integer, pgTable, text, unique } from "drizzle-orm/pg-core";
import type {
  AuthAccountId,
  AuthRateLimitId,
  AuthSessionId,
  AuthVerificationId,
  UserId,
} from "../ids.js";
import { createdAt, id, ref, timestamptz, updatedAt } from "./columns.js";
import { users } from "./merchants.js";

/*
 * better-auth's tables (drizzle adapter, provider "pg"; its `user` model is `users`). better-auth
 * addresses fields by their drizzle property names, so these stay exactly as it names them; ids
 * are UUIDs (`advanced.database.generateId: "uuid"`). Not merchant-scoped: a session belongs to a
 * user, and the user to a merchant (`getUserMerchant`).
 */

export const authSessions = pgTable(
  "auth_sessions",
  {
    id: id<AuthSessionId>(),
    userId: ref<UserId>("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    token: text("token").notNull().unique("auth_sessions_token_unique"),
    expiresAt: timestamptz("expires_at").notNull(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("auth_sessions_user_idx").on(t.userId)],
);

export const authAccounts = pgTable(
  "auth_accounts",
  {
    id: id<AuthAccountId>(),
    userId: ref<UserId>("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The user's id at the provider (the user id itself for the "credential" provider). */
    accountId: text("account_id").notNull(),
    providerId: text("provider_id").notNull(),
    accessToken: text("access_token"),
    refreshToken: text("refresh_token"),
    idToken: text("id_token"),
    accessTokenExpiresAt: timestamptz("access_token_expires_at"),
    refreshTokenExpiresAt: timestamptz("refresh_token_expires_at"),
    scope: text("scope"),
    /** better-auth's password hash (credential accounts only). */
    password: text("password"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("auth_accounts_provider_account_unique").on(t.providerId, t.accountId),
    index("auth_accounts_user_idx").on(t.userId),
  ],
);

export const authVerifications = pgTable(
  "auth_verifications",
  {
    id: id<AuthVerificationId>(),
    identifier: text("identifier").notNull(),
    value: text("value").notNull(),
    expiresAt: timestamptz("expires_at").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("auth_verifications_identifier_idx").on(t.identifier)],
);

export const authRateLimits = pgTable("auth_rate_limits", {
  id: id<AuthRateLimitId>(),
  key: text("key").notNull().unique("auth_rate_limits_key_unique"),
  count: integer("count").notNull(),
  /** Milliseconds since the epoch, as better-auth writes it. */
  lastRequest: bigint("last_request", { mode: "number" }).notNull(),
});
