/**
 * The IMAP/SMTP adapter: reads the merchant's INBOX over IMAP (imapflow), sends over SMTP
 * (nodemailer) and keeps a copy of every sent message in the Sent mailbox, where `findSent`
 * looks for the idempotency header. Every call opens its own connection and closes it before
 * returning, so nothing is left open between worker ticks.
 *
 * Ids: `<uidvalidity>:<uid>` for INBOX messages, `sent:<uidvalidity>:<uid>` for Sent copies,
 * `message-id:<Message-ID>` for a sent message whose copy was not kept (not fetchable).
 * Cursor: `<uidvalidity>:<last uid seen>`. Thread ids: the conversation's root Message-ID
 * (see `threadIdOf`).
 */
import { ImapFlow } from "imapflow";
import { createTransport } from "nodemailer";
import { MailboxError } from "../errors.js";
import { composeMessage } from "../mime/compose.js";
import { parseMessage } from "../mime/parse.js";
import {
  IDEMPOTENCY_HEADER,
  type ListResult,
  type Mailbox,
  type MailboxIdentity,
  type MailboxMessage,
  type MailCursor,
  type MessageRef,
  type OutboundMessage,
  type SentMessage,
} from "../port.js";
import { mapImapError, mapSmtpError } from "./errors.js";
import { messageIdsIn, threadIdOf } from "./thread.js";

export interface ImapServerOptions {
  readonly host: string;
  readonly port: number;
  /** TLS from the first byte (993); false means plain or STARTTLS (143). */
  readonly secure: boolean;
  readonly auth: { readonly user: string; readonly pass: string };
}

export interface SmtpServerOptions {
  readonly host: string;
  readonly port: number;
  readonly secure: boolean;
  readonly auth?: { readonly user: string; readonly pass: string };
}

export interface ImapTimeouts {
  /** TCP (and TLS) connect. */
  readonly connectMs: number;
  /** From connect to the server's greeting. */
  readonly greetingMs: number;
  /** Silence on an open connection. */
  readonly socketMs: number;
}

export interface ImapMailboxOptions {
  readonly imap: ImapServerOptions;
  readonly smtp: SmtpServerOptions;
  /** The merchant's address: the From of everything sent. */
  readonly address: string;
  readonly name?: string;
  /** Where sent copies are kept; found by the \Sent special-use flag when absent. */
  readonly sentMailbox?: string;
  readonly inbox?: string;
  /** How far back the first listing, and a resync after a UIDVALIDITY change, look. */
  readonly resyncDays?: number;
  /** At most this many messages per listing; the cursor then stops at the last one returned. */
  readonly maxMessagesPerListing?: number;
  readonly timeouts?: Partial<ImapTimeouts>;
  /** Append a copy to Sent after SMTP accepted the message (most servers do not keep one). */
  readonly appendToSent?: boolean;
  /**
   * Called when SMTP accepted a message but its Sent copy could not be kept: `send` still
   * succeeds (the message left), and `findSent` will not see it; report it from here.
   */
  readonly onSentCopyFailed?: (error: MailboxError, messageId: string) => void;
  /** The clock, for tests. */
  readonly now?: () => Date;
}

const DEFAULT_TIMEOUTS: ImapTimeouts = { connectMs: 15_000, greetingMs: 15_000, socketMs: 60_000 };
const DAY_MS = 86_400_000;
const THREAD_HEADERS = ["message-id", "in-reply-to", "references"];

interface ParsedCursor {
  readonly uidValidity: string;
  readonly lastUid: number;
}

function parseCursor(cursor: MailCursor): ParsedCursor {
  const match = /^(\d+):(\d+)$/.exec(cursor);
  if (match === null) {
    throw new MailboxError(
      "invalid_request",
      "imap",
      `IMAP cursor "${cursor}" is not "<uidvalidity>:<uid>"`,
    );
  }
  return { uidValidity: match[1] as string, lastUid: Number(match[2]) };
}

function parseId(id: string): { sent: boolean; uidValidity: string; uid: number } {
  const match = /^(sent:)?(\d+):(\d+)$/.exec(id);
  if (match === null) {
    throw new MailboxError(
      "invalid_request",
      "imap",
      `IMAP message id "${id}" is not "<uidvalidity>:<uid>"`,
    );
  }
  return { sent: match[1] !== undefined, uidValidity: match[2] as string, uid: Number(match[3]) };
}

/** Header values from a raw header block (names lower-cased, folded lines joined). */
export function headerValues(block: Buffer | string | undefined, name: string): string[] {
  if (block === undefined) return [];
  const text = typeof block === "string" ? block : block.toString("latin1");
  const unfolded = text.replace(/\r?\n[ \t]+/g, " ");
  const wanted = name.toLowerCase();
  const values: string[] = [];
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === wanted) {
      values.push(line.slice(colon + 1).trim());
    }
  }
  return values;
}

function threadOfHeaders(block: Buffer | undefined, fallback: string): string {
  return threadIdOf(
    {
      messageId: headerValues(block, "message-id")[0],
      inReplyTo: headerValues(block, "in-reply-to")[0],
      references: headerValues(block, "references"),
    },
    fallback,
  );
}

/**
 * Logs in to an SMTP server and quits, sending nothing (nodemailer's `verify`): the check before a
 * merchant's settings are saved. Throws the port's typed errors — `MailboxAuthError` for a refused
 * login, `MailboxError("unavailable")` otherwise, the cause kept (TLS and DNS codes included).
 */
export async function verifySmtp(
  smtp: SmtpServerOptions,
  timeouts: Partial<ImapTimeouts> = {},
): Promise<void> {
  const { connectMs, greetingMs, socketMs } = { ...DEFAULT_TIMEOUTS, ...timeouts };
  const transport = createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.auth === undefined ? {} : { auth: { user: smtp.auth.user, pass: smtp.auth.pass } }),
    connectionTimeout: connectMs,
    greetingTimeout: greetingMs,
    socketTimeout: socketMs,
  });
  try {
    await transport.verify();
  } catch (err) {
    throw mapSmtpError(err, `${smtp.host}:${smtp.port}`);
  } finally {
    transport.close();
  }
}

export function createImapMailbox(options: ImapMailboxOptions): Mailbox {
  const inbox = options.inbox ?? "INBOX";
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const resyncDays = options.resyncDays ?? 14;
  const maxMessages = options.maxMessagesPerListing ?? 500;
  const now = options.now ?? (() => new Date());
  const imapWhere = `${options.imap.host}:${options.imap.port} (user ${options.imap.auth.user})`;
  const smtpWhere = `${options.smtp.host}:${options.smtp.port}`;
  let sentPath: string | undefined = options.sentMailbox;

  /** Runs `work` on a fresh logged-in connection and always closes it. */
  async function withClient<T>(work: (client: ImapFlow) => Promise<T>): Promise<T> {
    const client = new ImapFlow({
      host: options.imap.host,
      port: options.imap.port,
      secure: options.imap.secure,
      auth: { user: options.imap.auth.user, pass: options.imap.auth.pass },
      logger: false,
      disableAutoIdle: true,
      connectionTimeout: timeouts.connectMs,
      greetingTimeout: timeouts.greetingMs,
      socketTimeout: timeouts.socketMs,
    });
    // A socket error after a command settled is reported as an event; without a listener it
    // would crash the worker.
    client.on("error", () => {});
    try {
      await client.connect();
      return await work(client);
    } catch (err) {
      throw mapImapError(err, imapWhere);
    } finally {
      if (client.usable) {
        await client.logout().catch(() => client.close());
      } else {
        client.close();
      }
    }
  }

  async function withMailbox<T>(
    client: ImapFlow,
    path: string,
    work: (uidValidity: string, uidNext: number) => Promise<T>,
  ): Promise<T> {
    const lock = await client.getMailboxLock(path, { acquireTimeout: timeouts.socketMs });
    try {
      const mailbox = client.mailbox;
      if (mailbox === false) {
        throw new MailboxError("unavailable", "imap", `IMAP mailbox ${path} could not be opened`);
      }
      return await work(String(mailbox.uidValidity), mailbox.uidNext);
    } finally {
      lock.release();
    }
  }

  async function resolveSent(client: ImapFlow): Promise<string> {
    if (sentPath !== undefined) return sentPath;
    const mailboxes = await client.list();
    const found =
      mailboxes.find((m) => m.specialUse === "\\Sent") ??
      mailboxes.find((m) => m.path.toLowerCase() === "sent");
    if (found === undefined) {
      throw new MailboxError(
        "not_found",
        "imap",
        `IMAP account at ${imapWhere} has no \\Sent mailbox: set sentMailbox`,
      );
    }
    sentPath = found.path;
    return sentPath;
  }

  async function refsFor(client: ImapFlow, uids: number[], uidValidity: string) {
    if (uids.length === 0) return [];
    const fetched = await client.fetchAll(
      uids,
      { uid: true, headers: THREAD_HEADERS },
      { uid: true },
    );
    return fetched
      .sort((a, b) => a.uid - b.uid)
      .map((msg): MessageRef => {
        const id = `${uidValidity}:${msg.uid}`;
        return { id, threadId: threadOfHeaders(msg.headers, id) };
      });
  }

  async function searchUids(client: ImapFlow, query: Parameters<ImapFlow["search"]>[0]) {
    const found = await client.search(query, { uid: true });
    return Array.isArray(found) ? [...found].sort((a, b) => a - b) : [];
  }

  const mailbox: Mailbox = {
    async identity(): Promise<MailboxIdentity> {
      return {
        provider: "imap",
        address: options.address.toLowerCase(),
        ...(options.name === undefined ? {} : { name: options.name }),
      };
    },

    async listNew(cursor: MailCursor | undefined): Promise<ListResult> {
      const previous = cursor === undefined ? undefined : parseCursor(cursor);
      return withClient((client) =>
        withMailbox(client, inbox, async (uidValidity, uidNext) => {
          const incremental = previous !== undefined && previous.uidValidity === uidValidity;
          let uids: number[];
          if (incremental) {
            // `n:*` always matches the highest UID, even below n: keep only the new ones.
            const from = previous.lastUid + 1;
            uids = (await searchUids(client, { uid: `${from}:*` })).filter((u) => u >= from);
          } else {
            // First listing, or the UIDs were renumbered: everything received in the window.
            uids = await searchUids(client, {
              since: new Date(now().getTime() - resyncDays * DAY_MS),
            });
          }
          // Oldest first and bounded: the cursor stops at the last one returned.
          const page = uids.slice(0, maxMessages);
          const lastListed = page[page.length - 1];
          let lastUid: number;
          if (page.length < uids.length && lastListed !== undefined) {
            lastUid = lastListed;
          } else if (incremental) {
            lastUid = lastListed ?? previous.lastUid;
          } else {
            // A date-bounded listing also passes over the older mail with higher UIDs (moved
            // or restored messages): the next listing starts after everything here now.
            lastUid = Math.max(lastListed ?? 0, uidNext - 1);
          }
          const messages = await refsFor(client, page, uidValidity);
          return {
            messages,
            cursor: `${uidValidity}:${lastUid}`,
            resynced: previous !== undefined && !incremental,
          };
        }),
      );
    },

    async fetch(id: string): Promise<MailboxMessage> {
      const ref = parseId(id);
      const source = await withClient(async (client) => {
        const path = ref.sent ? await resolveSent(client) : inbox;
        return withMailbox(client, path, async (uidValidity) => {
          if (uidValidity !== ref.uidValidity) {
            throw new MailboxError(
              "not_found",
              "imap",
              `IMAP message ${id}: ${path} was renumbered (UIDVALIDITY is now ${uidValidity})`,
            );
          }
          const msg = await client.fetchOne(String(ref.uid), { source: true }, { uid: true });
          if (msg === false || msg.source === undefined) {
            throw new MailboxError("not_found", "imap", `IMAP message ${id} is not in ${path}`);
          }
          return msg.source;
        });
      });
      const parsed = await parseMessage(source);
      return { ...parsed, id, threadId: threadIdOf(parsed, id) };
    },

    async send(message: OutboundMessage): Promise<SentMessage> {
      const from = {
        address: options.address.toLowerCase(),
        ...(options.name === undefined ? {} : { name: options.name }),
      };
      const composed = await composeMessage({ from, message, date: now() });
      const recipients = [...message.to, ...(message.cc ?? [])].map((a) => a.address);
      const transport = createTransport({
        host: options.smtp.host,
        port: options.smtp.port,
        secure: options.smtp.secure,
        ...(options.smtp.auth === undefined
          ? {}
          : { auth: { user: options.smtp.auth.user, pass: options.smtp.auth.pass } }),
        connectionTimeout: timeouts.connectMs,
        greetingTimeout: timeouts.greetingMs,
        socketTimeout: timeouts.socketMs,
      });
      try {
        await transport.sendMail({
          envelope: { from: from.address, to: recipients },
          raw: composed.raw,
        });
      } catch (err) {
        throw mapSmtpError(err, smtpWhere);
      } finally {
        transport.close();
      }
      const threadId = message.inReplyTo?.threadId ?? threadIdOf(composed, composed.messageId);
      if (options.appendToSent === false) {
        return { id: `message-id:${composed.messageId}`, threadId, messageId: composed.messageId };
      }
      // The message has left: a failure to keep the copy must not make the worker send it again.
      try {
        const id = await withClient(async (client) => {
          const path = await resolveSent(client);
          const appended = await client.append(path, composed.raw, ["\\Seen"], now());
          if (
            appended === false ||
            appended.uid === undefined ||
            appended.uidValidity === undefined
          ) {
            return `message-id:${composed.messageId}`;
          }
          return `sent:${appended.uidValidity}:${appended.uid}`;
        });
        return { id, threadId, messageId: composed.messageId };
      } catch (err) {
        options.onSentCopyFailed?.(mapImapError(err, imapWhere), composed.messageId);
        return { id: `message-id:${composed.messageId}`, threadId, messageId: composed.messageId };
      }
    },

    async findSent(idempotencyKey: string): Promise<SentMessage | undefined> {
      return withClient(async (client) => {
        const path = await resolveSent(client);
        return withMailbox(client, path, async (uidValidity) => {
          // HEADER search is a substring match: confirm the exact key on what comes back.
          const uids = await searchUids(client, {
            header: { [IDEMPOTENCY_HEADER]: idempotencyKey },
          });
          if (uids.length === 0) return undefined;
          const fetched = await client.fetchAll(
            uids,
            { uid: true, headers: [...THREAD_HEADERS, IDEMPOTENCY_HEADER.toLowerCase()] },
            { uid: true },
          );
          for (const msg of fetched) {
            if (!headerValues(msg.headers, IDEMPOTENCY_HEADER).includes(idempotencyKey)) continue;
            const id = `sent:${uidValidity}:${msg.uid}`;
            const messageId = messageIdsIn(headerValues(msg.headers, "message-id")[0])[0] ?? id;
            return { id, threadId: threadOfHeaders(msg.headers, messageId), messageId };
          }
          return undefined;
        });
      });
    },
  };
  return mailbox;
}
