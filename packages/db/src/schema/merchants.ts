import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  text,
  unique,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import type { GmailConnectionId, ImapConnectionId, MerchantId, UserId } from "../ids.js";
import { createdAt, id, ref, timestamptz, updatedAt } from "./columns.js";
import { gmailConnectionStatus, userRole } from "./enums.js";

export const merchants = pgTable(
  "merchants",
  {
    id: id<MerchantId>(),
    name: text("name").notNull(),
    slug: text("slug").notNull().unique(),
    /** The address the merchant sends POs from; suppliers reply to it. */
    email: text("email").notNull(),
    timezone: text("timezone").notNull().default("UTC"),
    defaultCurrency: text("default_currency").notNull().default("USD"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [check("merchants_default_currency_iso", sql`${t.defaultCurrency} ~ '^[A-Z]{3}$'`)],
);

export const users = pgTable(
  "users",
  {
    id: id<UserId>(),
    merchantId: ref<MerchantId>("merchant_id")
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: userRole("role").notNull().default("member"),
    // better-auth's user fields (the web app maps its `user` model onto this table); passwords
    // live in `auth_accounts`, as better-auth keeps them.
    emailVerified: boolean("email_verified").notNull().default(false),
    image: text("image"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // A login address identifies one user, whatever its case.
    uniqueIndex("users_email_lower_unique").on(sql`lower(${t.email})`),
    unique("users_merchant_id_id_unique").on(t.merchantId, t.id),
  ],
);

export const gmailConnections = pgTable(
  "gmail_connections",
  {
    id: id<GmailConnectionId>(),
    merchantId: ref<MerchantId>("merchant_id")
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    emailAddress: text("email_address").notNull(),
    /** Refresh token encrypted by the mail package (AES-GCM envelope); never stored in clear. */
    encryptedRefreshToken: text("encrypted_refresh_token").notNull(),
    scopes: text("scopes").array().notNull().default(sql`'{}'::text[]`),
    /** Gmail history id up to which the mailbox has been read. */
    historyId: text("history_id"),
    status: gmailConnectionStatus("status").notNull().default("connected"),
    lastError: text("last_error"),
    lastSyncedAt: timestamptz("last_synced_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("gmail_connections_merchant_email_unique").on(t.merchantId, t.emailAddress),
    index("gmail_connections_status_idx").on(t.status),
  ],
);

/**
 * A merchant's own IMAP/SMTP mailbox, the alternative to Gmail: at most one per merchant. The
 * password is encrypted by the mail package's token cipher (bound to the merchant), never stored
 * in clear; `status` is the Gmail connection's vocabulary (`needs_reauth` when the server refuses
 * the login, `revoked` once disconnected).
 */
export const imapConnections = pgTable(
  "imap_connections",
  {
    id: id<ImapConnectionId>(),
    merchantId: ref<MerchantId>("merchant_id")
      .notNull()
      .unique("imap_connections_merchant_unique")
      .references(() => merchants.id, { onDelete: "cascade" }),
    emailAddress: text("email_address").notNull(),
    imapHost: text("imap_host").notNull(),
    imapPort: integer("imap_port").notNull(),
    /** Implicit TLS on connect (993); false means STARTTLS where the server offers it. */
    imapSecure: boolean("imap_secure").notNull().default(true),
    smtpHost: text("smtp_host").notNull(),
    smtpPort: integer("smtp_port").notNull(),
    smtpSecure: boolean("smtp_secure").notNull().default(true),
    username: text("username").notNull(),
    encryptedPassword: text("encrypted_password").notNull(),
    status: gmailConnectionStatus("status").notNull().default("connected"),
    lastError: text("last_error"),
    lastSyncedAt: timestamptz("last_synced_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("imap_connections_imap_port", sql`${t.imapPort} between 1 and 65535`),
    check("imap_connections_smtp_port", sql`${t.smtpPort} between 1 and 65535`),
  ],
);
