/**
 * A local HTTP server that speaks the slice of the Gmail API and the OAuth token endpoint the
 * adapter uses, so the real `@googleapis/gmail` and `google-auth-library` clients are driven
 * end to end. Failures are scripted per route.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Route =
  | "token"
  | "profile"
  | "history"
  | "messages.list"
  | "messages.get"
  | "messages.send";

export interface StoredMessage {
  id: string;
  threadId: string;
  labelIds: string[];
  raw: Buffer;
  /** Epoch ms. */
  internalDate: number;
}

export interface ScriptedFailure {
  status: number;
  /** The request takes effect before the failure is answered (a 5xx after Gmail stored a sent
   * message); only `messages.send` honours it. */
  afterEffect?: boolean;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface RecordedRequest {
  route: Route;
  method: string;
  path: string;
  query: URLSearchParams;
  body: string;
  at: number;
}

interface HistoryRecord {
  id: number;
  message: { id: string; threadId: string; labelIds: string[] };
}

export function gmailError(status: number, reason: string, message = reason): ScriptedFailure {
  return {
    status,
    body: {
      error: { code: status, message, errors: [{ message, domain: "global", reason }] },
    },
  };
}

/** Header lines of a raw RFC 5322 message, unfolded, in order. */
function rawHeaders(raw: Buffer): { name: string; value: string }[] {
  const text = raw.toString("latin1");
  const end = text.search(/\r?\n\r?\n/);
  const head = (end === -1 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, " ");
  return head
    .split(/\r?\n/)
    .filter((line) => line.includes(":"))
    .map((line) => {
      const colon = line.indexOf(":");
      return { name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() };
    });
}

export class FakeGmailServer {
  readonly emailAddress = "merchant@shop.example";
  readonly messages = new Map<string, StoredMessage>();
  readonly requests: RecordedRequest[] = [];
  readonly revokedRefreshTokens = new Set<string>();
  readonly validCodes = new Map<string, string>();
  historyPageSize = 100;
  /** Replace the Message-ID of sent mail with Gmail's own, as Gmail may. */
  rewriteSentMessageId = false;
  /** Search (`q`) does not see sent mail yet, as when Gmail's index lags behind a send. */
  staleSearch = false;
  /** A start id below this answers 404, as Gmail does for an expired history id. */
  oldestHistoryId = 1;
  private historyId = 1000;
  private readonly history: HistoryRecord[] = [];
  private readonly accessTokens = new Set<string>();
  private readonly failures = new Map<Route, ScriptedFailure[]>();
  private nextId = 1;
  private readonly server = createServer((request, response) => {
    this.handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: { code: 500, message: String(error) } }));
    });
  });
  url = "";

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}/`;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      this.server.close((error) => (error ? reject(error) : resolve())),
    );
  }

  get tokenUrl(): string {
    return `${this.url}token`;
  }

  get currentHistoryId(): string {
    return String(this.historyId);
  }

  failNext(route: Route, ...failures: ScriptedFailure[]): void {
    this.failures.set(route, [...(this.failures.get(route) ?? []), ...failures]);
  }

  requestsTo(route: Route): RecordedRequest[] {
    return this.requests.filter((request) => request.route === route);
  }

  /** Stores a message as delivered (or sent, with the SENT label) and records the history. */
  deliver(
    raw: string | Buffer,
    {
      threadId,
      labelIds = ["INBOX"],
      at = Date.now(),
    }: {
      threadId?: string;
      labelIds?: string[];
      at?: number;
    } = {},
  ): StoredMessage {
    const id = `m${(this.nextId++).toString(16).padStart(6, "0")}`;
    const message: StoredMessage = {
      id,
      threadId: threadId ?? `t${id.slice(1)}`,
      labelIds,
      raw: Buffer.isBuffer(raw) ? raw : Buffer.from(raw.replace(/\r?\n/g, "\r\n"), "utf8"),
      internalDate: at,
    };
    this.messages.set(id, message);
    this.historyId += 7;
    this.history.push({
      id: this.historyId,
      message: { id, threadId: message.threadId, labelIds },
    });
    return message;
  }

  private json(response: ServerResponse, status: number, body: unknown, headers = {}): void {
    response.writeHead(status, { "content-type": "application/json", ...headers });
    response.end(JSON.stringify(body));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", this.url);
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const base = "/gmail/v1/users/me/";
    const path = url.pathname;
    const route: Route | undefined =
      path === "/token"
        ? "token"
        : path === `${base}profile`
          ? "profile"
          : path === `${base}history`
            ? "history"
            : path === `${base}messages`
              ? "messages.list"
              : path === `${base}messages/send`
                ? "messages.send"
                : path.startsWith(`${base}messages/`)
                  ? "messages.get"
                  : undefined;
    if (route === undefined) return this.json(response, 404, { error: { code: 404 } });
    this.requests.push({
      route,
      method: request.method ?? "GET",
      path,
      query: url.searchParams,
      body,
      at: Date.now(),
    });

    const failure = this.failures.get(route)?.shift();
    if (failure?.afterEffect && route === "messages.send") {
      this.storeSent(JSON.parse(body) as { raw?: string; threadId?: string });
    }
    if (failure) return this.json(response, failure.status, failure.body ?? {}, failure.headers);

    if (route === "token") return this.token(response, new URLSearchParams(body));

    const bearer = request.headers.authorization?.replace(/^Bearer /, "");
    if (!bearer || !this.accessTokens.has(bearer)) {
      return this.json(response, 401, gmailError(401, "authError", "Invalid Credentials").body);
    }

    switch (route) {
      case "profile":
        return this.json(response, 200, {
          emailAddress: this.emailAddress,
          messagesTotal: this.messages.size,
          threadsTotal: this.messages.size,
          historyId: this.currentHistoryId,
        });
      case "history":
        return this.listHistory(response, url.searchParams);
      case "messages.list":
        return this.listMessages(response, url.searchParams);
      case "messages.get":
        return this.getMessage(response, decodeURIComponent(path.slice(base.length + 9)), url);
      case "messages.send":
        return this.send(response, JSON.parse(body) as { raw?: string; threadId?: string });
    }
  }

  private token(response: ServerResponse, form: URLSearchParams) {
    const issue = (extra: Record<string, unknown> = {}) => {
      const accessToken = `ya29.${randomBytes(12).toString("hex")}`;
      this.accessTokens.add(accessToken);
      this.json(response, 200, {
        access_token: accessToken,
        expires_in: 3599,
        token_type: "Bearer",
        ...extra,
      });
    };
    const revoked = {
      error: "invalid_grant",
      error_description: "Token has been expired or revoked.",
    };
    if (form.get("grant_type") === "refresh_token") {
      const refreshToken = form.get("refresh_token") ?? "";
      if (this.revokedRefreshTokens.has(refreshToken)) return this.json(response, 400, revoked);
      return issue();
    }
    if (form.get("grant_type") === "authorization_code") {
      const refreshToken = this.validCodes.get(form.get("code") ?? "");
      if (refreshToken === undefined) {
        return this.json(response, 400, {
          error: "invalid_grant",
          error_description: "Bad Request",
        });
      }
      this.validCodes.delete(form.get("code") ?? "");
      return issue({
        refresh_token: refreshToken,
        scope:
          "https://www.googleapis.com/auth/gmail.readonly https://www.googleapis.com/auth/gmail.send",
      });
    }
    this.json(response, 400, { error: "unsupported_grant_type" });
  }

  private listHistory(response: ServerResponse, query: URLSearchParams) {
    const start = Number(query.get("startHistoryId"));
    if (!Number.isFinite(start) || start < this.oldestHistoryId) {
      return this.json(
        response,
        404,
        gmailError(404, "notFound", "Requested entity was not found.").body,
      );
    }
    const types = query.getAll("historyTypes");
    const all = this.history.filter((record) => record.id > start);
    const offset = Number(query.get("pageToken") ?? 0);
    const size = Math.min(this.historyPageSize, Number(query.get("maxResults") ?? 100));
    const page = all.slice(offset, offset + size);
    this.json(response, 200, {
      history: page.map((record) => ({
        id: String(record.id),
        messages: [record.message],
        ...(types.length === 0 || types.includes("messageAdded")
          ? { messagesAdded: [{ message: record.message }] }
          : {}),
      })),
      historyId: this.currentHistoryId,
      ...(offset + size < all.length ? { nextPageToken: String(offset + size) } : {}),
    });
  }

  /** Enough of Gmail search: in:sent, -in:sent, -in:drafts, after:<epoch>, `{a b}` of terms. */
  private matches(message: StoredMessage, q: string): boolean {
    let rest = q;
    const take = (pattern: RegExp) => {
      const found = rest.match(pattern);
      if (found) rest = rest.replace(pattern, " ");
      return found;
    };
    if (take(/-in:sent\b/) && message.labelIds.includes("SENT")) return false;
    if (take(/-in:drafts\b/) && message.labelIds.includes("DRAFT")) return false;
    if (take(/\bin:sent\b/) && !message.labelIds.includes("SENT")) return false;
    const after = take(/\bafter:(\d+)/);
    if (after && message.internalDate <= Number(after[1]) * 1000) return false;
    const termMatches = (term: string) => {
      const raw = message.raw.toString("utf8");
      const id = term.match(/^rfc822msgid:(.+)$/);
      if (id)
        return rawHeaders(message.raw).some(
          (h) => /^message-id$/i.test(h.name) && h.value === id[1],
        );
      return raw.includes(term.replace(/^"|"$/g, ""));
    };
    const terms = (text: string) => text.match(/"[^"]*"|\S+/g) ?? [];
    const group = take(/\{([^}]*)\}/);
    if (group && !terms(group[1] ?? "").some(termMatches)) return false;
    return terms(rest).every(termMatches);
  }

  private listMessages(response: ServerResponse, query: URLSearchParams) {
    const q = query.get("q") ?? "";
    const labels = query.getAll("labelIds");
    const all = [...this.messages.values()]
      .filter((message) => labels.every((label) => message.labelIds.includes(label)))
      .filter((message) => !(q && this.staleSearch && message.labelIds.includes("SENT")))
      .filter((message) => this.matches(message, q))
      .sort((a, b) => b.internalDate - a.internalDate);
    const offset = Number(query.get("pageToken") ?? 0);
    const size = Number(query.get("maxResults") ?? 100);
    const page = all.slice(offset, offset + size);
    this.json(response, 200, {
      messages: page.map(({ id, threadId }) => ({ id, threadId })),
      resultSizeEstimate: all.length,
      ...(offset + size < all.length ? { nextPageToken: String(offset + size) } : {}),
    });
  }

  private getMessage(response: ServerResponse, id: string, url: URL) {
    const message = this.messages.get(id);
    if (!message) return this.json(response, 404, gmailError(404, "notFound").body);
    const common = {
      id: message.id,
      threadId: message.threadId,
      labelIds: message.labelIds,
      internalDate: String(message.internalDate),
      historyId: this.currentHistoryId,
      sizeEstimate: message.raw.length,
    };
    const format = url.searchParams.get("format");
    if (format === "raw")
      return this.json(response, 200, { ...common, raw: message.raw.toString("base64url") });
    const wanted = url.searchParams.getAll("metadataHeaders").map((name) => name.toLowerCase());
    const headers = rawHeaders(message.raw).filter(
      (h) => wanted.length === 0 || wanted.includes(h.name.toLowerCase()),
    );
    this.json(response, 200, { ...common, payload: { mimeType: "text/plain", headers } });
  }

  private send(response: ServerResponse, body: { raw?: string; threadId?: string }) {
    const message = this.storeSent(body);
    if (!message) return this.json(response, 400, gmailError(400, "invalidArgument").body);
    this.json(response, 200, { id: message.id, threadId: message.threadId, labelIds: ["SENT"] });
  }

  private storeSent(body: { raw?: string; threadId?: string }): StoredMessage | undefined {
    if (!body.raw) return undefined;
    let raw = Buffer.from(body.raw, "base64url");
    if (this.rewriteSentMessageId) {
      const own = `<CA${randomBytes(8).toString("hex")}@mail.gmail.com>`;
      raw = Buffer.from(
        raw.toString("latin1").replace(/^Message-ID:.*$/im, `Message-ID: ${own}`),
        "latin1",
      );
    }
    return this.deliver(raw, {
      labelIds: ["SENT"],
      ...(body.threadId ? { threadId: body.threadId } : {}),
    });
  }
}
