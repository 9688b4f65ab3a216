/**
 * Which mailbox a merchant's mail goes through. The worker only sees the `Mailbox` port; this is
 * the one place that knows about providers.
 */
import {
  type Database,
  getGmailConnection,
  getImapConnection,
  getMerchant,
  type MerchantId,
  NotFoundError,
  scans,
  updateGmailSync,
  updateImapSync,
} from "@po-pro/db";
import type { Mailbox, MailboxIdentity } from "@po-pro/mail";
import { createGmailMailbox } from "@po-pro/mail/gmail";
import { createImapMailbox } from "@po-pro/mail/imap";
import { createLocalMailbox } from "@po-pro/mail/local";
import {
  createTokenCipher,
  gmailTokenContext,
  imapPasswordContext,
  type TokenKey,
} from "@po-pro/mail/secrets";

export interface MerchantMailbox {
  readonly mailbox: Mailbox;
  readonly identity: MailboxIdentity;
}

/**
 * The receiving server whose Authentication-Results header is trusted, by provider: Gmail's own
 * (`mx.google.com`); elsewhere the top-most one, which the receiving server adds above any the
 * sender wrote.
 */
export function trustedAuthserv(provider: string): { trustedAuthservId?: string } {
  return provider === "gmail" ? { trustedAuthservId: "mx.google.com" } : {};
}

export interface MailboxResolver {
  /** The merchant's mailbox; undefined when it has none that can be used now. */
  forMerchant(merchantId: MerchantId): Promise<MerchantMailbox | undefined>;
  /** Merchants whose mailbox the email poller should read. */
  pollable(): Promise<MerchantId[]>;
  /** The merchant must reconnect: the connection stops being polled until they do. */
  markNeedsReauth(merchantId: MerchantId, reason: string): Promise<void>;
  /** A poll of the merchant's mailbox ended: when, and the error if it failed (Settings shows it). */
  recordSync(merchantId: MerchantId, outcome: { error?: string }): Promise<void>;
}

/** Every merchant has a database-backed mailbox at its own address (`pnpm start`, tests). */
export function localMailboxes(db: Database, clock?: () => Date): MailboxResolver {
  const cache = new Map<MerchantId, MerchantMailbox>();
  return {
    async forMerchant(merchantId) {
      const cached = cache.get(merchantId);
      if (cached !== undefined) return cached;
      const merchant = await getMerchant(db, merchantId);
      if (merchant === undefined) return undefined;
      const mailbox = createLocalMailbox({
        db,
        merchantId,
        address: merchant.email,
        name: merchant.name,
        ...(clock !== undefined ? { clock } : {}),
      });
      const resolved = { mailbox, identity: await mailbox.identity() };
      cache.set(merchantId, resolved);
      return resolved;
    },
    async pollable() {
      return (await scans.allMerchants(db)).map((row) => row.merchantId);
    },
    async markNeedsReauth() {
      // A local mailbox has no credentials to lose.
    },
    async recordSync() {
      // Nor a connection to report on.
    },
  };
}

export interface GmailResolverOptions {
  readonly db: Database;
  readonly tokenKeys: readonly TokenKey[];
  readonly clientId: string;
  readonly clientSecret: string;
  readonly rootUrl?: string;
  readonly tokenUrl?: string;
}

/** Each merchant's connected Gmail account. */
export function gmailMailboxes(options: GmailResolverOptions): MailboxResolver {
  const { db } = options;
  const cipher = createTokenCipher(options.tokenKeys);
  // One Gmail client per merchant and refresh token, so its access token is reused across jobs
  // instead of being refreshed for each; a reconnect (new token) builds a new one.
  const clients = new Map<MerchantId, { token: string; mailbox: Mailbox }>();
  return {
    async forMerchant(merchantId) {
      const connection = await getGmailConnection(db, merchantId);
      if (connection === undefined || connection.status !== "connected") {
        clients.delete(merchantId);
        return undefined;
      }
      const identity = {
        provider: "gmail" as const,
        address: connection.emailAddress.toLowerCase(),
      };
      const cached = clients.get(merchantId);
      if (cached?.token === connection.encryptedRefreshToken) {
        return { mailbox: cached.mailbox, identity };
      }
      const mailbox = createGmailMailbox({
        auth: {
          clientId: options.clientId,
          clientSecret: options.clientSecret,
          refreshToken: cipher.decrypt(
            connection.encryptedRefreshToken,
            gmailTokenContext(merchantId),
          ),
        },
        ...(options.rootUrl !== undefined ? { rootUrl: options.rootUrl } : {}),
        ...(options.tokenUrl !== undefined ? { tokenUrl: options.tokenUrl } : {}),
        // The worker reports a revoked grant once, when it marks the connection (see agent).
        reportAuthFailure: () => {},
      });
      clients.set(merchantId, { token: connection.encryptedRefreshToken, mailbox });
      return { mailbox, identity };
    },
    async pollable() {
      return (await scans.connectedGmailMerchants(db)).map((row) => row.merchantId);
    },
    async markNeedsReauth(merchantId, reason) {
      clients.delete(merchantId);
      const connection = await getGmailConnection(db, merchantId);
      if (connection === undefined)
        throw new NotFoundError("gmail connection", merchantId, merchantId);
      await updateGmailSync(db, merchantId, connection.id, {
        status: "needs_reauth",
        lastError: reason,
      });
    },
    async recordSync(merchantId, outcome) {
      const connection = await getGmailConnection(db, merchantId);
      if (connection === undefined) return;
      await updateGmailSync(db, merchantId, connection.id, {
        lastSyncedAt: new Date(),
        lastError: outcome.error ?? null,
      });
    },
  };
}

export interface ImapResolverOptions {
  readonly db: Database;
  readonly tokenKeys: readonly TokenKey[];
}

/** Each merchant's own IMAP/SMTP mailbox, connected in Settings. */
export function imapMailboxes(options: ImapResolverOptions): MailboxResolver {
  const { db } = options;
  const cipher = createTokenCipher(options.tokenKeys);
  // One mailbox per merchant and stored settings row version; saving new settings builds a new one.
  const clients = new Map<MerchantId, { version: number; mailbox: Mailbox }>();
  return {
    async forMerchant(merchantId) {
      const connection = await getImapConnection(db, merchantId);
      if (connection === undefined || connection.status !== "connected") {
        clients.delete(merchantId);
        return undefined;
      }
      const address = connection.emailAddress.toLowerCase();
      const identity = { provider: "imap" as const, address };
      const version = connection.updatedAt.getTime();
      const cached = clients.get(merchantId);
      if (cached?.version === version) return { mailbox: cached.mailbox, identity };
      const auth = {
        user: connection.username,
        pass: cipher.decrypt(connection.encryptedPassword, imapPasswordContext(merchantId)),
      };
      const mailbox = createImapMailbox({
        imap: {
          host: connection.imapHost,
          port: connection.imapPort,
          secure: connection.imapSecure,
          auth,
        },
        smtp: {
          host: connection.smtpHost,
          port: connection.smtpPort,
          secure: connection.smtpSecure,
          auth,
        },
        address,
      });
      clients.set(merchantId, { version, mailbox });
      return { mailbox, identity };
    },
    async pollable() {
      return (await scans.connectedImapMerchants(db)).map((row) => row.merchantId);
    },
    async markNeedsReauth(merchantId, reason) {
      clients.delete(merchantId);
      const connection = await getImapConnection(db, merchantId);
      if (connection === undefined)
        throw new NotFoundError("imap connection", merchantId, merchantId);
      await updateImapSync(db, merchantId, connection.id, {
        status: "needs_reauth",
        lastError: reason,
      });
    },
    async recordSync(merchantId, outcome) {
      const connection = await getImapConnection(db, merchantId);
      if (connection === undefined) return;
      await updateImapSync(db, merchantId, connection.id, {
        lastSyncedAt: new Date(),
        lastError: outcome.error ?? null,
      });
    },
  };
}

/**
 * Each merchant's connected mailbox, whichever kind they connected in Settings: their Gmail when
 * it is connected, else their IMAP/SMTP mailbox. Without a Gmail OAuth client, IMAP only.
 */
export function connectedMailboxes(
  gmail: MailboxResolver | undefined,
  imap: MailboxResolver,
): MailboxResolver {
  /** The resolver that serves this merchant now (Gmail first), if any. */
  async function serving(merchantId: MerchantId): Promise<MailboxResolver | undefined> {
    if (gmail !== undefined && (await gmail.forMerchant(merchantId)) !== undefined) return gmail;
    return (await imap.forMerchant(merchantId)) !== undefined ? imap : undefined;
  }
  return {
    async forMerchant(merchantId) {
      return (
        (gmail !== undefined ? await gmail.forMerchant(merchantId) : undefined) ??
        (await imap.forMerchant(merchantId))
      );
    },
    async pollable() {
      const all = await Promise.all([gmail?.pollable() ?? [], imap.pollable()]);
      return [...new Set(all.flat())];
    },
    async markNeedsReauth(merchantId, reason) {
      await (await serving(merchantId))?.markNeedsReauth(merchantId, reason);
    },
    async recordSync(merchantId, outcome) {
      await (await serving(merchantId))?.recordSync(merchantId, outcome);
    },
  };
}
