import type { DomainBreadcrumb } from "@po-pro/observability";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MailboxAuthError, MailboxError } from "../../src/errors.js";
import {
  createGmailMailbox,
  createOAuthState,
  exchangeCode,
  type GmailMailboxOptions,
  gmailConsentUrl,
  verifyOAuthState,
} from "../../src/gmail/index.js";
import { IDEMPOTENCY_HEADER } from "../../src/port.js";
import { FakeGmailServer, gmailError } from "../../src/testing/fake-gmail-server.js";

const DAY = 86_400_000;
let server: FakeGmailServer;

beforeAll(async () => {
  server = await new FakeGmailServer().start();
});
afterAll(async () => {
  await server.close();
});

function supplierMail(n: number, extra = ""): string {
  return [
    `From: Supplier ${n} <orders@supplier${n}.example>`,
    "To: merchant@shop.example",
    `Subject: Re: PO-${1000 + n}`,
    `Message-ID: <reply-${n}-${Math.random().toString(36).slice(2)}@supplier${n}.example>`,
    "Date: Tue, 01 Dec 2026 10:00:00 +0000",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    ...(extra ? [extra] : []),
    "",
    `We confirm PO-${1000 + n}.`,
    "",
  ].join("\n");
}

function mailbox(overrides: Partial<GmailMailboxOptions> = {}) {
  const crumbs: DomainBreadcrumb[] = [];
  const reported: MailboxError[] = [];
  const box = createGmailMailbox({
    auth: { clientId: "client-1", clientSecret: "secret-1", refreshToken: "1//refresh-ok" },
    rootUrl: server.url,
    tokenUrl: server.tokenUrl,
    retry: { baseDelayMs: 10, maxDelayMs: 50 },
    breadcrumbs: (crumb) => crumbs.push(crumb),
    reportAuthFailure: (error) => reported.push(error),
    ...overrides,
  });
  return { box, crumbs, reported };
}

beforeEach(() => {
  server.requests.length = 0;
  server.historyPageSize = 100;
  server.oldestHistoryId = 1;
});

describe("Gmail mailbox against a local Gmail API", () => {
  it("reads the identity from users.getProfile", async () => {
    const { box } = mailbox();
    await expect(box.identity()).resolves.toEqual({
      provider: "gmail",
      address: "merchant@shop.example",
    });
    await box.identity();
    expect(server.requestsTo("profile")).toHaveLength(1);
  });

  it("syncs incrementally over paginated history, skipping our own sent copies", async () => {
    const { box, crumbs } = mailbox();
    const start = await box.listNew(undefined);
    expect(start.resynced).toBe(false);
    expect(start.cursor).toBe(server.currentHistoryId);

    server.historyPageSize = 2;
    const a = server.deliver(supplierMail(1));
    const b = server.deliver(supplierMail(2), { threadId: "t-order-7" });
    server.deliver(supplierMail(3), { labelIds: ["SENT"] });
    const c = server.deliver(supplierMail(4));
    const d = server.deliver(supplierMail(5));

    const listed = await box.listNew(start.cursor);
    expect(listed.resynced).toBe(false);
    expect(listed.messages).toEqual([
      { id: a.id, threadId: a.threadId },
      { id: b.id, threadId: "t-order-7" },
      { id: c.id, threadId: c.threadId },
      { id: d.id, threadId: d.threadId },
    ]);
    expect(listed.cursor).toBe(server.currentHistoryId);
    const pages = server.requestsTo("history");
    expect(pages).toHaveLength(3);
    expect(pages.every((page) => page.query.get("startHistoryId") === start.cursor)).toBe(true);
    expect(pages[0]?.query.getAll("historyTypes")).toEqual(["messageAdded"]);

    const again = await box.listNew(listed.cursor);
    expect(again.messages).toEqual([]);

    const text = JSON.stringify(crumbs);
    expect(crumbs.some((crumb) => crumb.message === "gmail users.history.list")).toBe(true);
    expect(text).not.toMatch(/@|confirm/);
  });

  it("resyncs by date when the history id is too old (404)", async () => {
    const { box } = mailbox({ resyncDays: 3 });
    const old = server.deliver(supplierMail(10), { at: Date.now() - 10 * DAY });
    const recent1 = server.deliver(supplierMail(11), { at: Date.now() - 2 * DAY });
    const recent2 = server.deliver(supplierMail(12), { at: Date.now() - DAY });
    server.oldestHistoryId = Number(server.currentHistoryId);

    const listed = await box.listNew("17");
    expect(listed.resynced).toBe(true);
    expect(listed.cursor).toBe(server.currentHistoryId);
    const ids = listed.messages.map((message) => message.id);
    expect(ids).not.toContain(old.id);
    // Oldest first; everything since the window start that is still present may be there.
    expect(ids.indexOf(recent1.id)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(recent1.id)).toBeLessThan(ids.indexOf(recent2.id));
    const list = server.requestsTo("messages.list")[0];
    const after = Number(list?.query.get("q")?.match(/after:(\d+)/)?.[1]);
    expect(Math.abs(after * 1000 - (Date.now() - 3 * DAY))).toBeLessThan(60_000);

    // and then carries on incrementally from the new cursor
    const next = server.deliver(supplierMail(13));
    const carried = await box.listNew(listed.cursor);
    expect(carried).toMatchObject({ resynced: false, messages: [{ id: next.id }] });
  });

  it("paginates a resync and keeps it bounded", async () => {
    const { box } = mailbox({ resyncDays: 1, resyncMaxMessages: 3, initialSync: "recent" });
    for (let n = 0; n < 5; n++) server.deliver(supplierMail(20 + n), { at: Date.now() - 1000 * n });
    const listed = await box.listNew(undefined);
    expect(listed.messages).toHaveLength(3);
    expect(server.requestsTo("messages.list")).toHaveLength(1);
  });

  it("maps a revoked refresh token to MailboxAuthError and reports it once", async () => {
    server.revokedRefreshTokens.add("1//revoked");
    const { box, reported, crumbs } = mailbox({
      auth: { clientId: "client-1", clientSecret: "secret-1", refreshToken: "1//revoked" },
    });
    const error = await box.listNew(undefined).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MailboxAuthError);
    expect(error).toMatchObject({ kind: "auth", code: "invalid_grant", provider: "gmail" });
    expect(reported).toHaveLength(1);
    expect(server.requestsTo("token")).toHaveLength(1);
    expect(crumbs.at(-1)).toMatchObject({ level: "error", data: { outcome: "auth" } });
  });

  it("waits out a 429 with Retry-After, then succeeds", async () => {
    const { box, crumbs } = mailbox();
    server.failNext("profile", {
      ...gmailError(429, "rateLimitExceeded"),
      headers: { "Retry-After": "1" },
    });
    const started = Date.now();
    await expect(box.identity()).resolves.toMatchObject({ address: "merchant@shop.example" });
    const calls = server.requestsTo("profile");
    expect(calls).toHaveLength(2);
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(crumbs.find((crumb) => crumb.level === "warning")?.data).toMatchObject({
      kind: "rate_limited",
      delayMs: 1000,
    });
  });

  it("retries a rate-limit 403, and gives up as rate_limited past the cap", async () => {
    const { box } = mailbox({
      retry: { maxRetries: 2, baseDelayMs: 5, maxDelayMs: 10, maxRetryAfterMs: 2000 },
    });
    server.failNext("profile", gmailError(403, "userRateLimitExceeded"));
    await expect(box.identity()).resolves.toBeDefined();

    const fresh = mailbox({ retry: { maxRetryAfterMs: 2000 } }).box;
    server.failNext("profile", {
      ...gmailError(429, "rateLimitExceeded"),
      headers: { "Retry-After": "120" },
    });
    const error = await fresh.identity().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MailboxError);
    expect(error).toMatchObject({ kind: "rate_limited", retryAfterMs: 120_000, retryable: true });
  });

  it("retries a 500, then succeeds; spent retries are `unavailable`", async () => {
    const { box } = mailbox();
    server.failNext("profile", gmailError(500, "backendError"));
    await expect(box.identity()).resolves.toBeDefined();
    expect(server.requestsTo("profile")).toHaveLength(2);

    const other = mailbox({ retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 2 } }).box;
    server.failNext("profile", gmailError(503, "backendError"), gmailError(503, "backendError"));
    await expect(other.identity()).rejects.toMatchObject({
      kind: "unavailable",
      code: "backendError",
    });
  });

  it("maps other failures to typed errors with Gmail's code", async () => {
    const { box } = mailbox();
    server.failNext("messages.get", gmailError(400, "invalidArgument", "Invalid id value"));
    await expect(box.fetch("nope")).rejects.toMatchObject({
      kind: "invalid_request",
      code: "invalidArgument",
    });
    await expect(box.fetch("m-missing")).rejects.toMatchObject({
      kind: "not_found",
      code: "notFound",
    });
    server.failNext("profile", gmailError(403, "insufficientPermissions"));
    await expect(box.identity()).rejects.toBeInstanceOf(MailboxAuthError);
  });

  it("fetches a raw message and parses it", async () => {
    const { box } = mailbox();
    const stored = server.deliver(supplierMail(30), { threadId: "t-order-30" });
    const message = await box.fetch(stored.id);
    expect(message).toMatchObject({
      id: stored.id,
      threadId: "t-order-30",
      subject: "Re: PO-1030",
      from: { address: "orders@supplier30.example" },
    });
    expect(message.text).toContain("We confirm PO-1030.");
    expect(server.requestsTo("messages.get")[0]?.query.get("format")).toBe("raw");
  });

  it("sends a reply in its thread with In-Reply-To, References and the idempotency key", async () => {
    const { box } = mailbox({ fromName: "Shop Buying" });
    const sent = await box.send({
      to: [{ address: "orders@supplier40.example", name: "Supplier 40" }],
      subject: "Re: PO-1040",
      text: "Thanks, confirmed.",
      idempotencyKey: "outbox-40",
      replyTo: [{ address: "buying@shop.example", name: "Buying" }],
      inReplyTo: {
        threadId: "t-order-40",
        messageId: "<reply-40@supplier40.example>",
        references: ["<po-1040@shop.example>", "<reply-40@supplier40.example>"],
      },
    });
    expect(sent.threadId).toBe("t-order-40");
    const request = server.requestsTo("messages.send")[0];
    const body = JSON.parse(request?.body ?? "{}") as { raw: string; threadId: string };
    expect(body.threadId).toBe("t-order-40");
    const parsed = await simpleParser(Buffer.from(body.raw, "base64url"));
    expect(parsed.inReplyTo).toBe("<reply-40@supplier40.example>");
    expect(parsed.references).toEqual(["<po-1040@shop.example>", "<reply-40@supplier40.example>"]);
    expect(parsed.headers.get(IDEMPOTENCY_HEADER.toLowerCase())).toBe("outbox-40");
    expect(parsed.from?.value[0]).toMatchObject({
      address: "merchant@shop.example",
      name: "Shop Buying",
    });
    expect(parsed.messageId).toBe(sent.messageId);
    expect(parsed.replyTo?.value).toEqual([{ address: "buying@shop.example", name: "Buying" }]);
    expect(parsed.text?.trim()).toBe("Thanks, confirmed.");
  });

  it("reports the Message-ID Gmail actually sent, and still finds the message by key", async () => {
    const { box } = mailbox();
    server.rewriteSentMessageId = true;
    try {
      const sent = await box.send({
        to: [{ address: "orders@supplier42.example" }],
        subject: "PO-1042",
        text: "Order attached.",
        idempotencyKey: "outbox-42",
      });
      expect(sent.messageId).toMatch(/^<CA[0-9a-f]+@mail\.gmail\.com>$/);
      await expect(box.findSent("outbox-42")).resolves.toEqual(sent);
    } finally {
      server.rewriteSentMessageId = false;
    }
  });

  describe("send after an ambiguous failure", () => {
    const message = (key: string) => ({
      to: [{ address: "orders@supplier41.example" }],
      subject: "PO-1041",
      text: "Please confirm.",
      idempotencyKey: key,
    });
    // Sent copies carrying this key in their header (nodemailer may re-case the name).
    const copies = (key: string) =>
      [...server.messages.values()].filter(
        (m) =>
          m.labelIds.includes("SENT") &&
          new RegExp(`^${IDEMPOTENCY_HEADER}: ${key}\r$`, "im").test(m.raw.toString("latin1")),
      );

    it("sends again after a 5xx only once findSent shows the message is not there", async () => {
      const { box } = mailbox();
      server.failNext("messages.send", gmailError(500, "backendError"));
      const sent = await box.send(message("outbox-41"));
      expect(server.requestsTo("messages.send")).toHaveLength(2);
      expect(copies("outbox-41").map((m) => m.id)).toEqual([sent.id]);
      // The lookup ran between the two sends.
      const routes = server.requests.map((r) => r.route).filter((r) => r !== "messages.get");
      expect(routes.indexOf("messages.list")).toBeGreaterThan(routes.indexOf("messages.send"));
      expect(routes.lastIndexOf("messages.send")).toBeGreaterThan(routes.indexOf("messages.list"));
    });

    it("returns the stored message when the 5xx came after Gmail stored it: one copy", async () => {
      const { box } = mailbox();
      server.failNext("messages.send", { ...gmailError(500, "backendError"), afterEffect: true });
      const sent = await box.send(message("outbox-43"));
      expect(server.requestsTo("messages.send")).toHaveLength(1);
      expect(copies("outbox-43").map((m) => m.id)).toEqual([sent.id]);
      await expect(box.findSent("outbox-43")).resolves.toEqual(sent);
    });

    it("finds it by the SENT label when search has not indexed it yet", async () => {
      const { box } = mailbox();
      server.staleSearch = true;
      try {
        server.failNext("messages.send", { ...gmailError(503, "backendError"), afterEffect: true });
        const sent = await box.send(message("outbox-44"));
        expect(server.requestsTo("messages.send")).toHaveLength(1);
        expect(copies("outbox-44").map((m) => m.id)).toEqual([sent.id]);
        const byLabel = server.requestsTo("messages.list").at(-1)?.query;
        expect(byLabel?.getAll("labelIds")).toEqual(["SENT"]);
        expect(byLabel?.get("q")).toBeNull();
      } finally {
        server.staleSearch = false;
      }
    });

    it("does not send again when the lookup fails: the outbox asks findSent later", async () => {
      const { box } = mailbox({ retry: { baseDelayMs: 1, maxDelayMs: 2, maxRetries: 1 } });
      server.failNext("messages.send", gmailError(500, "backendError"));
      server.failNext(
        "messages.list",
        gmailError(500, "backendError"),
        gmailError(500, "backendError"),
      );
      await expect(box.send(message("outbox-45"))).rejects.toMatchObject({
        kind: "unavailable",
        retryable: true,
        message: expect.stringContaining("users.messages.send"),
      });
      expect(server.requestsTo("messages.send")).toHaveLength(1);
    });

    it("gives up as unavailable when every attempt fails, and retries a 429 as before", async () => {
      const { box } = mailbox({ retry: { baseDelayMs: 1, maxDelayMs: 2, maxRetries: 2 } });
      const fail = gmailError(500, "backendError");
      server.failNext("messages.send", fail, fail, fail);
      await expect(box.send(message("outbox-46"))).rejects.toMatchObject({ kind: "unavailable" });
      expect(server.requestsTo("messages.send")).toHaveLength(3);
      expect(copies("outbox-46")).toEqual([]);
      server.failNext("messages.send", gmailError(429, "rateLimitExceeded"));
      await expect(box.send(message("outbox-46"))).resolves.toMatchObject({
        id: expect.any(String),
      });
      expect(copies("outbox-46")).toHaveLength(1);
    });
  });

  it("finds a sent message by idempotency key, verifying the header, not the search", async () => {
    const { box } = mailbox();
    // A sent message whose body quotes the key but whose header is another key's.
    server.deliver(
      supplierMail(50, `${IDEMPOTENCY_HEADER}: outbox-other`).replace(
        "We confirm PO-1050.",
        "Quoting outbox-50 in the body.",
      ),
      { labelIds: ["SENT"] },
    );
    await expect(box.findSent("outbox-50")).resolves.toBeUndefined();
    const metadataGets = server.requestsTo("messages.get");
    expect(metadataGets).toHaveLength(1);
    expect(metadataGets[0]?.query.get("format")).toBe("metadata");
    expect(metadataGets[0]?.query.getAll("metadataHeaders")).toContain(IDEMPOTENCY_HEADER);

    const sent = await box.send({
      to: [{ address: "orders@supplier50.example" }],
      subject: "PO-1050",
      text: "Order attached.",
      idempotencyKey: "outbox-50",
    });
    await expect(box.findSent("outbox-50")).resolves.toEqual(sent);
    const q = server.requestsTo("messages.list").at(-1)?.query.get("q") ?? "";
    expect(q).toContain("in:sent");
    expect(q).toContain('"outbox-50"');
  });
});

describe("Gmail OAuth helpers", () => {
  it("builds the consent URL with read + send scopes, offline access and state", () => {
    const state = createOAuthState();
    const url = new URL(
      gmailConsentUrl({ clientId: "client-1", redirectUri: "https://app.example/cb", state }),
    );
    expect(url.searchParams.get("scope")?.split(" ")).toEqual([
      "https://www.googleapis.com/auth/gmail.readonly",
      "https://www.googleapis.com/auth/gmail.send",
    ]);
    expect(url.searchParams.get("access_type")).toBe("offline");
    expect(url.searchParams.get("prompt")).toBe("consent");
    expect(url.searchParams.get("state")).toBe(state);
    expect(url.searchParams.get("redirect_uri")).toBe("https://app.example/cb");
  });

  it("verifies state in constant time and rejects mismatches", () => {
    const state = createOAuthState();
    expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(createOAuthState()).not.toBe(state);
    expect(verifyOAuthState(state, state)).toBe(true);
    expect(verifyOAuthState(state, `${state}x`)).toBe(false);
    expect(verifyOAuthState(state, undefined)).toBe(false);
    expect(verifyOAuthState(undefined, undefined)).toBe(false);
  });

  it("exchanges a code for a refresh token, and maps a reused code to MailboxAuthError", async () => {
    server.validCodes.set("code-1", "1//fresh-refresh");
    const options = {
      code: "code-1",
      clientId: "client-1",
      clientSecret: "secret-1",
      redirectUri: "https://app.example/cb",
      tokenUrl: server.tokenUrl,
    };
    const tokens = await exchangeCode(options);
    expect(tokens.refreshToken).toBe("1//fresh-refresh");
    expect(tokens.scopes).toHaveLength(2);
    const form = new URLSearchParams(server.requestsTo("token").at(-1)?.body);
    expect(form.get("redirect_uri")).toBe("https://app.example/cb");
    await expect(exchangeCode(options)).rejects.toBeInstanceOf(MailboxAuthError);
  });
});
