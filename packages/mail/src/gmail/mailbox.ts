import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { gmail, type gmail_v1 } from "@googleapis/gmail";
import {
  addDomainBreadcrumb,
  captureCategorized,
  type DomainBreadcrumb,
} from "@po-pro/observability";
import type { OAuth2Client } from "google-auth-library";
import { MailboxError } from "../errors.js";
import { composeMessage, toBase64Url } from "../mime/compose.js";
import type { MimeLimits } from "../mime/limits.js";
import { parseMessage } from "../mime/parse.js";
import {
  IDEMPOTENCY_HEADER,
  type ListResult,
  type Mailbox,
  type MailboxIdentity,
  type MailboxMessage,
  type MessageRef,
  type SentMessage,
} from "../port.js";
import { type GmailFailure, PROVIDER } from "./errors.js";
import { createGmailOAuthClient } from "./oauth.js";
import {
  GMAIL_RETRY_DEFAULTS,
  type GmailRetryOptions,
  retryDelayMs,
  withGmailRetry,
} from "./retry.js";

export interface GmailCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Decrypted from `gmail_connections` with `createTokenCipher`. */
  readonly refreshToken: string;
}

export interface GmailMailboxOptions {
  /** A ready OAuth2 client, or the merchant's credentials to build one. */
  readonly auth: OAuth2Client | GmailCredentials;
  /** Gmail API root (default https://gmail.googleapis.com/); tests use a local server. */
  readonly rootUrl?: string;
  /** OAuth token endpoint, used when `auth` is credentials. */
  readonly tokenUrl?: string;
  readonly userId?: string;
  /** Window of the resync by date when the history id expired, and of the first listing. */
  readonly resyncDays?: number;
  /** At most this many messages from one resync (the newest are kept). */
  readonly resyncMaxMessages?: number;
  /** List recent messages on the first call (no cursor), or only start the cursor. */
  readonly initialSync?: "recent" | "none";
  readonly retry?: Partial<GmailRetryOptions>;
  /** Per HTTP request. */
  readonly timeoutMs?: number;
  /** Display name on outbound mail. */
  readonly fromName?: string;
  readonly mimeLimits?: Partial<MimeLimits>;
  /** Where call breadcrumbs go; default `addDomainBreadcrumb("gmail", …)`, false for none. */
  readonly breadcrumbs?: ((crumb: DomainBreadcrumb) => void) | false;
  /** Reports a revoked refresh token; default `captureCategorized("gmail-token-refresh-failure")`. */
  readonly reportAuthFailure?: (error: MailboxError) => void;
}

export const GMAIL_DEFAULTS = Object.freeze({
  userId: "me",
  resyncDays: 7,
  resyncMaxMessages: 500,
  timeoutMs: 30_000,
  pageSize: 100,
});

// Our own outbound copies and unsent drafts are not new mail for the pipeline.
const SKIP_LABELS = new Set(["DRAFT", "SENT"]);
const HISTORY_ID = /^\d{1,20}$/;

function isOAuth2Client(auth: GmailMailboxOptions["auth"]): auth is OAuth2Client {
  return typeof (auth as OAuth2Client).getAccessToken === "function";
}

/** A stable Message-ID for an idempotency key, so a lookup can use `rfc822msgid:` too. */
function messageIdFor(idempotencyKey: string, address: string): string {
  const domain = address.split("@")[1] || "po-pro.invalid";
  const digest = createHash("sha256").update(idempotencyKey, "utf8").digest("base64url");
  return `<po-pro.${digest.slice(0, 32)}@${domain}>`;
}

function header(message: gmail_v1.Schema$Message, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return message.payload?.headers
    ?.find((item) => item.name?.toLowerCase() === wanted)
    ?.value?.trim();
}

function toRef(message: gmail_v1.Schema$Message | undefined): MessageRef | undefined {
  if (!message?.id) return undefined;
  return { id: message.id, threadId: message.threadId ?? message.id };
}

/**
 * The Gmail adapter: OAuth2 with the merchant's refresh token, incremental sync through
 * `users.history.list`, a bounded resync by date when the history id expired, sends and
 * replies in thread, and an idempotency lookup that verifies the header it searched for.
 */
export function createGmailMailbox(options: GmailMailboxOptions): Mailbox {
  const userId = options.userId ?? GMAIL_DEFAULTS.userId;
  const resyncDays = options.resyncDays ?? GMAIL_DEFAULTS.resyncDays;
  const resyncMax = options.resyncMaxMessages ?? GMAIL_DEFAULTS.resyncMaxMessages;
  const retryOptions: GmailRetryOptions = { ...GMAIL_RETRY_DEFAULTS, ...options.retry };
  for (const [name, value] of Object.entries({ resyncDays, resyncMax, ...retryOptions })) {
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(`createGmailMailbox: ${name} must be a non-negative number`);
    }
  }
  const auth = isOAuth2Client(options.auth)
    ? options.auth
    : (() => {
        const { clientId, clientSecret, refreshToken } = options.auth as GmailCredentials;
        const client = createGmailOAuthClient({
          clientId,
          clientSecret,
          ...(options.tokenUrl !== undefined ? { tokenUrl: options.tokenUrl } : {}),
        });
        client.setCredentials({ refresh_token: refreshToken });
        return client;
      })();
  const api = gmail({
    version: "v1",
    auth,
    // This adapter is the one retry owner: gaxios' own retries would hide Retry-After and
    // retry sends after a 5xx.
    retry: false,
    timeout: options.timeoutMs ?? GMAIL_DEFAULTS.timeoutMs,
    ...(options.rootUrl !== undefined ? { rootUrl: options.rootUrl } : {}),
  });
  const breadcrumb =
    options.breadcrumbs === false
      ? () => {}
      : (options.breadcrumbs ?? ((crumb: DomainBreadcrumb) => addDomainBreadcrumb("gmail", crumb)));
  const reportAuthFailure =
    options.reportAuthFailure ??
    ((error: MailboxError) => {
      captureCategorized("gmail-token-refresh-failure", error);
    });

  /** One API call: retried, classified, and one breadcrumb (operation, outcome, counts only). */
  async function call<T>(
    operation: string,
    run: () => Promise<{ data: T }>,
    {
      retryTransient = true,
      count,
    }: { retryTransient?: boolean; count?: (data: T) => number } = {},
  ): Promise<T> {
    const started = performance.now();
    let attempts = 0;
    try {
      const data = await withGmailRetry(
        operation,
        retryOptions,
        async () => {
          attempts++;
          return (await run()).data;
        },
        {
          onFailure(failure: GmailFailure, attempt, willRetry, delayMs) {
            if (failure.invalidGrant) reportAuthFailure(failure.error);
            if (willRetry) {
              breadcrumb({
                message: `gmail ${operation} retry`,
                level: "warning",
                data: {
                  operation,
                  attempt,
                  kind: failure.error.kind,
                  code: failure.error.code,
                  delayMs: Math.round(delayMs),
                },
              });
            }
          },
        },
        retryTransient,
      );
      breadcrumb({
        message: `gmail ${operation}`,
        data: {
          operation,
          outcome: "ok",
          attempts,
          durationMs: Math.round(performance.now() - started),
          ...(count ? { count: count(data) } : {}),
        },
      });
      return data;
    } catch (error) {
      const mailboxError =
        error instanceof MailboxError
          ? error
          : new MailboxError("invalid_request", PROVIDER, String(error), undefined, undefined, {
              cause: error,
            });
      breadcrumb({
        message: `gmail ${operation} failed`,
        level: "error",
        data: {
          operation,
          outcome: mailboxError.kind,
          code: mailboxError.code,
          attempts,
          durationMs: Math.round(performance.now() - started),
        },
      });
      throw mailboxError;
    }
  }

  // The profile is cached for `identity`; a listing always asks for the current history id.
  let profile: Promise<gmail_v1.Schema$Profile> | undefined;
  function currentProfile(fresh: boolean): Promise<gmail_v1.Schema$Profile> {
    if (!fresh && profile !== undefined) return profile;
    const next = call("users.getProfile", () => api.users.getProfile({ userId }));
    profile = next;
    next.catch(() => {
      if (profile === next) profile = undefined;
    });
    return next;
  }

  async function identity(): Promise<MailboxIdentity> {
    const data = await currentProfile(false);
    if (!data.emailAddress) {
      throw new MailboxError("invalid_request", PROVIDER, "Gmail profile has no email address");
    }
    return {
      provider: "gmail",
      address: data.emailAddress.toLowerCase(),
      ...(options.fromName !== undefined ? { name: options.fromName } : {}),
    };
  }

  async function currentHistoryId(): Promise<string> {
    const data = await currentProfile(true);
    if (!data.historyId) {
      throw new MailboxError("unavailable", PROVIDER, "Gmail profile returned no historyId");
    }
    return data.historyId;
  }

  /** Messages received in the last `resyncDays`, oldest first, at most `resyncMax`. */
  async function recentMessages(): Promise<MessageRef[]> {
    const after = Math.floor(Date.now() / 1000) - Math.round(resyncDays * 86_400);
    const newestFirst: MessageRef[] = [];
    if (resyncMax === 0) return newestFirst;
    let pageToken: string | undefined;
    do {
      const data = await call(
        "users.messages.list",
        () =>
          api.users.messages.list({
            userId,
            q: `after:${after} -in:sent -in:drafts`,
            maxResults: Math.min(GMAIL_DEFAULTS.pageSize, resyncMax - newestFirst.length),
            ...(pageToken ? { pageToken } : {}),
          }),
        { count: (page) => page.messages?.length ?? 0 },
      );
      for (const message of data.messages ?? []) {
        const ref = toRef(message);
        if (ref && newestFirst.length < resyncMax) newestFirst.push(ref);
      }
      pageToken = data.nextPageToken ?? undefined;
    } while (pageToken && newestFirst.length < resyncMax);
    return newestFirst.reverse();
  }

  async function history(startHistoryId: string): Promise<{ refs: MessageRef[]; cursor: string }> {
    const refs: MessageRef[] = [];
    const seen = new Set<string>();
    let cursor = startHistoryId;
    let pageToken: string | undefined;
    do {
      const data = await call(
        "users.history.list",
        () =>
          api.users.history.list({
            userId,
            startHistoryId,
            historyTypes: ["messageAdded"],
            maxResults: GMAIL_DEFAULTS.pageSize,
            ...(pageToken ? { pageToken } : {}),
          }),
        { count: (page) => page.history?.length ?? 0 },
      );
      for (const entry of data.history ?? []) {
        for (const added of entry.messagesAdded ?? []) {
          const ref = toRef(added.message);
          const labels = added.message?.labelIds ?? [];
          if (!ref || seen.has(ref.id) || labels.some((label) => SKIP_LABELS.has(label))) continue;
          seen.add(ref.id);
          refs.push(ref);
        }
      }
      if (data.historyId) cursor = data.historyId;
      pageToken = data.nextPageToken ?? undefined;
    } while (pageToken);
    return { refs, cursor };
  }

  async function resync(): Promise<ListResult> {
    // The history id first: anything arriving during the listing is picked up next time.
    const cursor = await currentHistoryId();
    return { messages: await recentMessages(), cursor, resynced: true };
  }

  async function getMetadata(id: string, names: readonly string[]) {
    return call("users.messages.get", () =>
      api.users.messages.get({ userId, id, format: "metadata", metadataHeaders: [...names] }),
    );
  }

  /**
   * The Message-ID Gmail actually sent (it may set its own), which the supplier's reply will
   * reference. Best effort: the message is out, so a failed read keeps the composed one.
   */
  async function sentMessageId(id: string): Promise<string | undefined> {
    try {
      return header(await getMetadata(id, ["Message-ID"]), "Message-ID");
    } catch {
      return undefined;
    }
  }

  return {
    identity,

    async listNew(cursor) {
      if (cursor === undefined) {
        const start = await currentHistoryId();
        const messages = options.initialSync === "none" ? [] : await recentMessages();
        return { messages, cursor: start, resynced: false };
      }
      if (!HISTORY_ID.test(cursor)) {
        throw new MailboxError(
          "invalid_request",
          PROVIDER,
          "Gmail cursor is not a history id; pass back the cursor a listing returned",
        );
      }
      try {
        const { refs, cursor: next } = await history(cursor);
        return { messages: refs, cursor: next, resynced: false };
      } catch (error) {
        // Gmail keeps history for about a week; an older start id answers 404.
        if (error instanceof MailboxError && error.kind === "not_found") return resync();
        throw error;
      }
    },

    async fetch(id): Promise<MailboxMessage> {
      const data = await call("users.messages.get", () =>
        api.users.messages.get({ userId, id, format: "raw" }),
      );
      if (!data.raw) {
        throw new MailboxError("parse", PROVIDER, "Gmail returned a message without raw content");
      }
      let parsed: Awaited<ReturnType<typeof parseMessage>>;
      try {
        parsed = await parseMessage(Buffer.from(data.raw, "base64url"), options.mimeLimits);
      } catch (error) {
        if (error instanceof MailboxError) throw error;
        throw new MailboxError(
          "parse",
          PROVIDER,
          `Gmail message ${id} could not be parsed`,
          undefined,
          undefined,
          {
            cause: error,
          },
        );
      }
      return { ...parsed, id: data.id ?? id, threadId: data.threadId ?? data.id ?? id };
    },

    async send(message): Promise<SentMessage> {
      const from = await identity();
      const composed = await composeMessage({
        from: { address: from.address, ...(from.name !== undefined ? { name: from.name } : {}) },
        message,
        messageId: messageIdFor(message.idempotencyKey, from.address),
      });
      const sendOnce = () =>
        call(
          "users.messages.send",
          () =>
            api.users.messages.send({
              userId,
              requestBody: {
                raw: toBase64Url(composed.raw),
                ...(message.inReplyTo ? { threadId: message.inReplyTo.threadId } : {}),
              },
            }),
          // Refusals (429, rate-limit 403) are retried inside: Gmail acted on nothing.
          { retryTransient: false },
        );
      let data: gmail_v1.Schema$Message | undefined;
      for (let attempt = 1; data === undefined; attempt++) {
        try {
          data = await sendOnce();
        } catch (error) {
          // A 5xx or a dropped connection may come after Gmail stored the message: send again
          // only once the mailbox shows it is not there, so a retry never makes a second copy.
          if (!(error instanceof MailboxError) || error.kind !== "unavailable") throw error;
          const delayMs = retryDelayMs(retryOptions, attempt, error.retryAfterMs);
          if (attempt > retryOptions.maxRetries || delayMs > retryOptions.maxRetryAfterMs)
            throw error;
          await sleep(delayMs);
          const already = await sentAfterFailure(message.idempotencyKey).catch(() => {
            // Unknown whether it went out: the outbox must ask `findSent` later, not resend now.
            throw error;
          });
          if (already !== undefined) {
            breadcrumb({
              message: "gmail users.messages.send found after failure",
              level: "warning",
              data: { operation: "users.messages.send", attempt, code: error.code },
            });
            return already;
          }
        }
      }
      if (!data.id) {
        throw new MailboxError(
          "unavailable",
          PROVIDER,
          "Gmail accepted the message but returned no id",
        );
      }
      return {
        id: data.id,
        threadId: data.threadId ?? message.inReplyTo?.threadId ?? data.id,
        messageId: (await sentMessageId(data.id)) ?? composed.messageId,
      };
    },

    findSent,
  };

  async function findSent(idempotencyKey: string): Promise<SentMessage | undefined> {
    const from = await identity();
    const messageId = messageIdFor(idempotencyKey, from.address);
    // Search narrows, the header decides: a quoted key in a body must not count as sent.
    const phrase = idempotencyKey.replace(/["\\{}]/g, " ").trim();
    const data = await call(
      "users.messages.list",
      () =>
        api.users.messages.list({
          userId,
          q: `in:sent {rfc822msgid:${messageId} "${phrase}"}`,
          maxResults: 10,
        }),
      { count: (page) => page.messages?.length ?? 0 },
    );
    return firstWithKey(data.messages ?? [], idempotencyKey, messageId);
  }

  /**
   * After an ambiguous send failure: the search of `findSent`, then the newest SENT messages
   * by label, which do not wait for the search index to catch up with a message just stored.
   */
  async function sentAfterFailure(idempotencyKey: string): Promise<SentMessage | undefined> {
    const found = await findSent(idempotencyKey);
    if (found !== undefined) return found;
    const data = await call(
      "users.messages.list",
      () => api.users.messages.list({ userId, labelIds: ["SENT"], maxResults: 10 }),
      { count: (page) => page.messages?.length ?? 0 },
    );
    const from = await identity();
    const messageId = messageIdFor(idempotencyKey, from.address);
    return firstWithKey(data.messages ?? [], idempotencyKey, messageId);
  }

  /** The first candidate whose idempotency header is exactly `idempotencyKey`. */
  async function firstWithKey(
    candidates: readonly gmail_v1.Schema$Message[],
    idempotencyKey: string,
    messageId: string,
  ): Promise<SentMessage | undefined> {
    for (const candidate of candidates) {
      if (!candidate.id) continue;
      const full = await getMetadata(candidate.id, [IDEMPOTENCY_HEADER, "Message-ID"]);
      if (header(full, IDEMPOTENCY_HEADER) !== idempotencyKey) continue;
      return {
        id: full.id ?? candidate.id,
        threadId: full.threadId ?? candidate.threadId ?? candidate.id,
        messageId: header(full, "Message-ID") ?? messageId,
      };
    }
    return undefined;
  }
}
