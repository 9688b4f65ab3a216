/**
 * Settings over HTTP against the built app: the Gmail connect flow (against a fake Google),
 * IMAP/SMTP test-and-save (against a real Dovecot and SMTP server), API tokens, and tenant
 * isolation for each. Nothing of ours is mocked.
 */
import { randomBytes } from "node:crypto";
import {
  getGmailConnection,
  getImapConnection,
  listOrders,
  type MerchantId,
  updateGmailSync,
} from "@po-pro/db";
import { queryRows } from "@po-pro/db/testing";
import { createTokenCipher, parseMailTokenEnv } from "@po-pro/mail/secrets";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  freePort,
  type MailAccount,
  startMailServer,
  type TestMailServer,
} from "../../../packages/mail/test/imap/mail-server";
import { callAction } from "./actions";
import { FakeGoogle } from "./fake-google";
import { signIn, startWebHarness, type WebHarness } from "./harness";

const MAIL_TOKEN_KEYS = `k1:${randomBytes(32).toString("base64")}`;
const ACCOUNT: MailAccount = { user: "orders@northwind.test", pass: "imap-secret-7" };

let h: WebHarness;
let google: FakeGoogle;
let mail: TestMailServer;
let cookieA: string;
let cookieB: string;

function cipher() {
  const parsed = parseMailTokenEnv({ MAIL_TOKEN_KEYS });
  if (!parsed.ok) throw new Error("bad test keys");
  return createTokenCipher(parsed.value.MAIL_TOKEN_KEYS);
}

beforeAll(async () => {
  google = await new FakeGoogle().start();
  mail = await startMailServer([ACCOUNT]);
  h = await startWebHarness({
    env: { ...google.env(), MAIL_TOKEN_KEYS, MAILBOX_PRIVATE_HOSTS: "127.0.0.1" },
  });
  cookieA = await signIn(h.baseUrl, h.merchantA.email);
  cookieB = await signIn(h.baseUrl, h.merchantB.email);
});

afterAll(async () => {
  await h?.close();
  await google?.close();
  await mail?.stop();
});

const get = (path: string, cookie?: string) =>
  fetch(new URL(path, h.baseUrl), { redirect: "manual", headers: cookie ? { cookie } : {} });

/** GET /api/gmail/connect: Google's consent URL and the state cookie the browser keeps. */
async function startConnect(cookie: string) {
  const response = await get("/api/gmail/connect", cookie);
  expect(response.status).toBe(303);
  const setCookie = response.headers.get("set-cookie") ?? "";
  return {
    consentUrl: response.headers.get("location") ?? "",
    setCookie,
    stateCookie: setCookie.split(";")[0] ?? "",
  };
}

/** Follows Google's redirect back to the callback with `cookie`; answers where it sent us. */
async function finish(callbackUrl: string, cookie: string) {
  const url = new URL(callbackUrl);
  const response = await get(`${url.pathname}${url.search}`, cookie);
  expect(response.status).toBe(303);
  return {
    location: response.headers.get("location") ?? "",
    setCookie: response.headers.get("set-cookie") ?? "",
  };
}

async function gmailRows(merchantId: MerchantId) {
  return queryRows<Record<string, unknown>>(
    h.db,
    sql`select * from gmail_connections where merchant_id = ${merchantId}`,
  );
}

describe("Connect Gmail", () => {
  it("sends the merchant to Google's consent page with a state kept in an HttpOnly cookie", async () => {
    const { consentUrl, setCookie } = await startConnect(cookieA);
    const consent = new URL(consentUrl);
    expect(`${consent.origin}${consent.pathname}`).toBe(google.env().GOOGLE_AUTH_URL);
    expect(consent.searchParams.get("client_id")).toBe(google.env().GOOGLE_CLIENT_ID);
    expect(consent.searchParams.get("redirect_uri")).toBe(`${h.baseUrl}/api/gmail/callback`);
    expect(consent.searchParams.get("access_type")).toBe("offline");
    expect(consent.searchParams.get("scope")).toContain("gmail.send");
    expect(consent.searchParams.get("state")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\/api\/gmail\/callback/);
    // Without a session there is no flow to start.
    expect((await get("/api/gmail/connect")).headers.get("location")).toMatch(/\/sign-in$/);
  });

  it("stores nothing when the state is missing, wrong, or the cookie is absent", async () => {
    const { consentUrl, stateCookie } = await startConnect(cookieA);
    const approved = new URL(google.approve(consentUrl));
    const wrong = new URL(approved);
    wrong.searchParams.set("state", "x".repeat(43));
    const missing = new URL(approved);
    missing.searchParams.delete("state");
    for (const [url, cookie] of [
      [wrong, `${cookieA}; ${stateCookie}`],
      [missing, `${cookieA}; ${stateCookie}`],
      [approved, cookieA],
    ] as const) {
      const { location, setCookie } = await finish(url.href, cookie);
      expect(location).toBe(`${h.baseUrl}/settings?gmail=state`);
      // The state is used once: the cookie is cleared whatever happened.
      expect(setCookie).toMatch(/Max-Age=0/);
    }
    expect(await gmailRows(h.merchantA.merchantId)).toEqual([]);
    // The token endpoint was never asked to exchange a code.
    expect(google.gmail.requestsTo("token")).toEqual([]);
  });

  it("stores nothing when the merchant cancels on Google's page", async () => {
    const { consentUrl, stateCookie } = await startConnect(cookieA);
    const { location } = await finish(google.deny(consentUrl), `${cookieA}; ${stateCookie}`);
    expect(location).toBe(`${h.baseUrl}/settings?gmail=denied`);
    expect(await gmailRows(h.merchantA.merchantId)).toEqual([]);
    const page = await (await get("/settings?gmail=denied", cookieA)).text();
    expect(page).toContain("access was not allowed on Google");
  });

  it("stores nothing when Google's token endpoint fails the exchange", async () => {
    const { consentUrl, stateCookie } = await startConnect(cookieA);
    // Google refuses the client (a wrong secret): not retried, nothing to store.
    google.gmail.failNext("token", { status: 401, body: { error: "invalid_client" } });
    const { location } = await finish(google.approve(consentUrl), `${cookieA}; ${stateCookie}`);
    expect(location).toBe(`${h.baseUrl}/settings?gmail=failed`);
    expect(await gmailRows(h.merchantA.merchantId)).toEqual([]);
    const page = await (await get("/settings?gmail=failed", cookieA)).text();
    expect(page).toContain("Google did not complete the sign-in");
  });

  it("a flow started by merchant A cannot be completed by merchant B's session", async () => {
    const { consentUrl, stateCookie } = await startConnect(cookieA);
    const { location } = await finish(google.approve(consentUrl), `${cookieB}; ${stateCookie}`);
    expect(location).toBe(`${h.baseUrl}/settings?gmail=state`);
    expect(await gmailRows(h.merchantA.merchantId)).toEqual([]);
    expect(await gmailRows(h.merchantB.merchantId)).toEqual([]);
  });

  it("with the right state: stores the connection, the refresh token encrypted only", async () => {
    const { consentUrl, stateCookie } = await startConnect(cookieA);
    const { location } = await finish(google.approve(consentUrl), `${cookieA}; ${stateCookie}`);
    expect(location).toBe(`${h.baseUrl}/settings?gmail=connected`);
    const refreshToken = google.issuedRefreshTokens.at(-1) ?? "";
    const rows = await gmailRows(h.merchantA.merchantId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      email_address: google.gmail.emailAddress,
      status: "connected",
    });
    expect(JSON.stringify(rows[0])).not.toContain(refreshToken);
    expect(JSON.stringify(rows[0])).not.toContain(refreshToken.slice(4, 20));
    // What the worker reads: the ciphertext decrypts under the merchant's context only.
    const stored = String(rows[0]?.encrypted_refresh_token);
    expect(cipher().decrypt(stored, `gmail:${h.merchantA.merchantId}`)).toBe(refreshToken);
    expect(() => cipher().decrypt(stored, `gmail:${h.merchantB.merchantId}`)).toThrow();

    const page = await (await get("/settings?gmail=connected", cookieA)).text();
    expect(page).toContain("Gmail is connected.");
    expect(page).toContain(google.gmail.emailAddress);
    expect(page).toContain("Connected");
    expect(page).not.toContain(stored);
    // B sees none of it.
    const pageB = await (await get("/settings", cookieB)).text();
    expect(pageB).not.toContain(google.gmail.emailAddress);
    expect(pageB).toContain("Connect Gmail");
  });

  it("shows a connection Google stopped accepting as needing re-authorisation, with Reconnect", async () => {
    const connection = await getGmailConnection(h.db, h.merchantA.merchantId);
    if (connection === undefined) throw new Error("no connection");
    await updateGmailSync(h.db, h.merchantA.merchantId, connection.id, {
      status: "needs_reauth",
      lastError: "Token has been expired or revoked.",
      lastSyncedAt: new Date(Date.now() - 3_600_000),
    });
    const page = await (await get("/settings", cookieA)).text();
    expect(page).toContain("Needs re-authorisation");
    expect(page).toContain("Reconnect Gmail");
    expect(page).toContain("Token has been expired or revoked.");
    await updateGmailSync(h.db, h.merchantA.merchantId, connection.id, {
      status: "connected",
      lastError: null,
    });
  });

  it("merchant B cannot disconnect A's Gmail: Not found, nothing revoked", async () => {
    const connection = await getGmailConnection(h.db, h.merchantA.merchantId);
    const { result } = await callAction(
      h.baseUrl,
      "disconnectGmailAction",
      [{ id: connection?.id }],
      {
        cookie: cookieB,
        path: "/settings",
      },
    );
    expect(result).toEqual({ ok: false, message: "Not found." });
    expect(google.revoked).toEqual([]);
    expect((await getGmailConnection(h.db, h.merchantA.merchantId))?.status).toBe("connected");
  });

  it("disconnect revokes the token at Google, then marks the connection revoked", async () => {
    const connection = await getGmailConnection(h.db, h.merchantA.merchantId);
    const { result } = await callAction(
      h.baseUrl,
      "disconnectGmailAction",
      [{ id: connection?.id }],
      {
        cookie: cookieA,
        path: "/settings",
      },
    );
    expect(result).toEqual({ ok: true, value: { revokedAtGoogle: true } });
    expect(google.revoked).toEqual([google.issuedRefreshTokens.at(-1)]);
    const after = await getGmailConnection(h.db, h.merchantA.merchantId);
    expect(after).toMatchObject({ status: "revoked", encryptedRefreshToken: "" });
    const page = await (await get("/settings", cookieA)).text();
    expect(page).toContain("Revoked");
    expect(page).toContain("Reconnect Gmail");
  });

  it("reconnects in one click: Google preselects the account, and it is connected again", async () => {
    const { consentUrl, stateCookie } = await startConnect(cookieA);
    expect(new URL(consentUrl).searchParams.get("login_hint")).toBe(google.gmail.emailAddress);
    const { location } = await finish(google.approve(consentUrl), `${cookieA}; ${stateCookie}`);
    expect(location).toBe(`${h.baseUrl}/settings?gmail=connected`);
    const after = await getGmailConnection(h.db, h.merchantA.merchantId);
    expect(after?.status).toBe("connected");
    expect(
      cipher().decrypt(after?.encryptedRefreshToken ?? "", `gmail:${h.merchantA.merchantId}`),
    ).toBe(google.issuedRefreshTokens.at(-1));
    expect(await gmailRows(h.merchantA.merchantId)).toHaveLength(1);
  });
});

describe("API tokens", () => {
  it("a created token reads A's orders only; B cannot revoke it; once revoked it is refused", async () => {
    const created = await callAction(h.baseUrl, "createApiTokenAction", [{ name: "ERP sync" }], {
      cookie: cookieA,
      path: "/settings",
    });
    const value = (
      created.result as { ok: true; value: { token: string; summary: { id: string } } }
    ).value;
    expect(value.token).toMatch(/^popro_/);
    const bearer = (token: string) =>
      fetch(`${h.baseUrl}/api/orders?limit=200`, { headers: { authorization: `Bearer ${token}` } });

    const response = await bearer(value.token);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { orders: { poNumber: string }[] };
    const own = await listOrders(h.db, h.merchantA.merchantId, { limit: 200 });
    expect(body.orders.map((o) => o.poNumber).sort()).toEqual(own.map((o) => o.poNumber).sort());
    expect(body.orders.map((o) => o.poNumber)).not.toContain(h.merchantB.poNumber);

    const stored = await queryRows<Record<string, unknown>>(
      h.db,
      sql`select * from api_tokens where id = ${value.summary.id}`,
    );
    expect(JSON.stringify(stored)).not.toContain(value.token);
    const page = await (await get("/settings", cookieA)).text();
    expect(page).toContain("ERP sync");
    expect(page).not.toContain(value.token);

    const byB = await callAction(h.baseUrl, "revokeApiTokenAction", [{ id: value.summary.id }], {
      cookie: cookieB,
      path: "/settings",
    });
    expect(byB.result).toEqual({ ok: false, message: "Not found." });
    expect((await bearer(value.token)).status).toBe(200);

    const byA = await callAction(h.baseUrl, "revokeApiTokenAction", [{ id: value.summary.id }], {
      cookie: cookieA,
      path: "/settings",
    });
    expect(byA.result).toEqual({ ok: true, value: null });
    expect((await bearer(value.token)).status).toBe(401);
  });

  it("a token without a name is refused at the field", async () => {
    const { result } = await callAction(h.baseUrl, "createApiTokenAction", [{ name: " " }], {
      cookie: cookieA,
      path: "/settings",
    });
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { name: "Name the token after what will use it, such as ERP sync." },
    });
  });
});

describe("IMAP/SMTP test and save", () => {
  const form = () => ({
    emailAddress: ACCOUNT.user,
    imapHost: mail.host,
    imapPort: String(mail.imapPort),
    imapSecure: false,
    smtpHost: mail.host,
    smtpPort: String(mail.smtpPort),
    smtpSecure: false,
    username: ACCOUNT.user,
    password: ACCOUNT.pass,
  });
  const save = (input: unknown, cookie = cookieA) =>
    callAction(h.baseUrl, "saveImapAction", [input], { cookie, path: "/settings" });

  it("refuses a wrong password, an unreachable host and a TLS mismatch, saving nothing", async () => {
    const wrong = await save({ ...form(), password: "not-the-password" });
    expect(wrong.result).toMatchObject({
      ok: false,
      message: "The IMAP server refused this user name and password.",
      fieldErrors: { password: "The IMAP server refused this user name and password." },
    });
    const closed = await freePort();
    const unreachable = await save({ ...form(), imapPort: String(closed) });
    expect(unreachable.result).toMatchObject({
      ok: false,
      message: `Could not reach 127.0.0.1 on port ${closed}. Check the host and port.`,
    });
    const tls = await save({ ...form(), imapSecure: true });
    expect((tls.result as { message: string }).message).toMatch(
      /^A secure \(TLS\) connection to 127\.0\.0\.1:\d+ failed/,
    );
    const smtpWrong = await save({ ...form(), smtpPort: String(closed) });
    expect((smtpWrong.result as { message: string }).message).toBe(
      `Could not reach 127.0.0.1 on port ${closed}. Check the host and port.`,
    );
    expect(await getImapConnection(h.db, h.merchantA.merchantId)).toBeUndefined();
  });

  it("refuses hosts on the dashboard's own network that MAILBOX_PRIVATE_HOSTS does not list", async () => {
    for (const [field, host] of [
      ["imapHost", "169.254.169.254"],
      ["imapHost", "10.0.0.7"],
      ["smtpHost", "192.168.0.10"],
    ] as const) {
      const { result } = await save({ ...form(), [field]: host });
      const message = (result as { fieldErrors?: Record<string, string> }).fieldErrors?.[field];
      expect(message, host).toMatch(
        new RegExp(`^${host.replace(/\./g, "\\.")} is on a private network`),
      );
    }
    expect(await getImapConnection(h.db, h.merchantA.merchantId)).toBeUndefined();
  });

  it("saves a mailbox whose login works, the password encrypted for this merchant", async () => {
    const saved = await save(form());
    expect(saved.result).toEqual({ ok: true, value: { emailAddress: ACCOUNT.user } });
    const row = await getImapConnection(h.db, h.merchantA.merchantId);
    expect(row).toMatchObject({
      status: "connected",
      imapPort: mail.imapPort,
      username: ACCOUNT.user,
    });
    expect(JSON.stringify(row)).not.toContain(ACCOUNT.pass);
    expect(cipher().decrypt(row?.encryptedPassword ?? "", `imap:${h.merchantA.merchantId}`)).toBe(
      ACCOUNT.pass,
    );
    const page = await (await get("/settings", cookieA)).text();
    expect(page).toContain(`${ACCOUNT.user} · 127.0.0.1:${mail.imapPort}`);
    expect(page).not.toContain(ACCOUNT.pass);
  });

  it("merchant B cannot disconnect A's mailbox; A can", async () => {
    const row = await getImapConnection(h.db, h.merchantA.merchantId);
    const byB = await callAction(h.baseUrl, "disconnectImapAction", [{ id: row?.id }], {
      cookie: cookieB,
      path: "/settings",
    });
    expect(byB.result).toEqual({ ok: false, message: "Not found." });
    expect((await getImapConnection(h.db, h.merchantA.merchantId))?.status).toBe("connected");
    const byA = await callAction(h.baseUrl, "disconnectImapAction", [{ id: row?.id }], {
      cookie: cookieA,
      path: "/settings",
    });
    expect(byA.result).toEqual({ ok: true, value: null });
    expect(await getImapConnection(h.db, h.merchantA.merchantId)).toMatchObject({
      status: "revoked",
      encryptedPassword: "",
    });
  });
});

describe("a server without Google or MAIL_TOKEN_KEYS", () => {
  let bare: WebHarness;
  beforeAll(async () => {
    bare = await startWebHarness();
  });
  afterAll(async () => {
    await bare?.close();
  });

  it("says what is missing in one sentence, and Connect goes nowhere", async () => {
    const cookie = await signIn(bare.baseUrl, bare.merchantA.email);
    const response = await fetch(`${bare.baseUrl}/settings`, { headers: { cookie } });
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain("Gmail is not configured on this server.");
    expect(page).toContain("The server needs MAIL_TOKEN_KEYS to store mailbox credentials.");
    expect(page).not.toContain("Test and save");
    const connect = await fetch(`${bare.baseUrl}/api/gmail/connect`, {
      redirect: "manual",
      headers: { cookie },
    });
    expect(connect.headers.get("location")).toBe(`${bare.baseUrl}/settings?gmail=not_configured`);
    const save = await callAction(
      bare.baseUrl,
      "saveImapAction",
      [{ ...IMAP_ANY, password: "x" }],
      { cookie, path: "/settings" },
    );
    expect(save.result).toEqual({
      ok: false,
      message: "The server needs MAIL_TOKEN_KEYS to store mailbox credentials.",
    });
  });
});

const IMAP_ANY = {
  emailAddress: "a@b.test",
  imapHost: "imap.b.test",
  imapPort: "993",
  imapSecure: true,
  smtpHost: "smtp.b.test",
  smtpPort: "465",
  smtpSecure: true,
  username: "a@b.test",
};

describe("a server with Google but without MAIL_TOKEN_KEYS", () => {
  let keyless: WebHarness;
  beforeAll(async () => {
    keyless = await startWebHarness({ env: google.env() });
  });
  afterAll(async () => {
    await keyless?.close();
  });

  it("says on both mailbox cards that it needs MAIL_TOKEN_KEYS, and does not start a flow", async () => {
    const cookie = await signIn(keyless.baseUrl, keyless.merchantA.email);
    const page = await (await fetch(`${keyless.baseUrl}/settings`, { headers: { cookie } })).text();
    const sentence = "The server needs MAIL_TOKEN_KEYS to store mailbox credentials.";
    expect(page).toContain(sentence);
    // Neither card offers a way to store credentials.
    expect(page).not.toContain("Connect Gmail");
    expect(page).not.toContain("Test and save");
    const connect = await fetch(`${keyless.baseUrl}/api/gmail/connect`, {
      redirect: "manual",
      headers: { cookie },
    });
    expect(connect.headers.get("location")).toBe(`${keyless.baseUrl}/settings?gmail=no_keys`);
  });
});
