/**
 * Settings in Chromium against the built app: connect Gmail through a fake Google consent page,
 * disconnect it (the token revoked at Google), save an IMAP/SMTP mailbox against a real Dovecot,
 * and create, use and revoke an API token. Screenshots of each state in test-results/screenshots.
 */
import { randomBytes } from "node:crypto";
import { getGmailConnection, updateGmailSync } from "@po-pro/db";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type MailAccount,
  startMailServer,
  type TestMailServer,
} from "../../../packages/mail/test/imap/mail-server";
import { FakeGoogle } from "../test/fake-google";
import { PASSWORD, type WebHarness } from "../test/harness";
import { registerDashboardSession, screenshot, seriousViolations } from "./browser";

const ACCOUNT: MailAccount = { user: "orders@northwind.test", pass: "imap-secret-7" };

let h: WebHarness;
let google: FakeGoogle;
let mail: TestMailServer;
let page: Page;

beforeAll(async () => {
  google = await new FakeGoogle().start();
  mail = await startMailServer([ACCOUNT]);
});
afterAll(async () => {
  await google?.close();
  await mail?.stop();
});
registerDashboardSession({
  env: () => ({
    ...google.env(),
    MAIL_TOKEN_KEYS: `k1:${randomBytes(32).toString("base64")}`,
    MAILBOX_PRIVATE_HOSTS: "127.0.0.1",
  }),
  ready: (session) => {
    ({ h, page } = session);
  },
});

const bearer = (token: string) =>
  fetch(`${h.baseUrl}/api/orders`, { headers: { authorization: `Bearer ${token}` } });

describe("Settings", () => {
  it("shows an empty Settings page", async () => {
    await page.goto(`${h.baseUrl}/sign-in`);
    await page.getByLabel("Email").fill(h.merchantA.email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(/\/orders$/);
    await page.getByRole("link", { name: "Settings" }).click();
    await page.getByRole("heading", { name: "Settings", level: 1 }).waitFor();
    await page.getByRole("link", { name: "Connect Gmail" }).waitFor();
    await screenshot(page, "settings-empty");
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("connects Gmail through Google's consent page and comes back connected", async () => {
    await page.getByRole("link", { name: "Connect Gmail" }).click();
    await page
      .getByRole("heading", { name: "PO Pro wants to access your Google Account" })
      .waitFor();
    expect(google.consents.at(-1)).toMatchObject({
      redirectUri: `${h.baseUrl}/api/gmail/callback`,
      accessType: "offline",
      prompt: "consent",
    });
    await page.getByRole("link", { name: "Allow" }).click();
    await page.waitForURL(/\/settings\?gmail=connected$/);
    await page.getByText("Gmail is connected.").waitFor();
    const gmail = page.getByRole("region", { name: "Gmail" });
    await gmail.getByText("Connected", { exact: true }).waitFor();
    await gmail.getByText(google.gmail.emailAddress).waitFor();
    await screenshot(page, "settings-gmail-connected");
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("shows a connection that needs re-authorisation, with the last sync's error", async () => {
    const connection = await getGmailConnection(h.db, h.merchantA.merchantId);
    if (connection === undefined) throw new Error("not connected");
    await updateGmailSync(h.db, h.merchantA.merchantId, connection.id, {
      status: "needs_reauth",
      lastError: "Gmail refused the stored token: Token has been expired or revoked.",
      lastSyncedAt: new Date(Date.now() - 20 * 60_000),
    });
    await page.goto(`${h.baseUrl}/settings`);
    const gmail = page.getByRole("region", { name: "Gmail" });
    await gmail.getByText("Needs re-authorisation").waitFor();
    await gmail.getByRole("link", { name: "Reconnect Gmail" }).waitFor();
    await screenshot(page, "settings-gmail-needs-reauth");
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("disconnects Gmail: revoked at Google, shown as revoked", async () => {
    const token = google.issuedRefreshTokens.at(-1);
    const gmail = page.getByRole("region", { name: "Gmail" });
    await gmail.getByRole("button", { name: "Disconnect" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText("revoked at Google").waitFor();
    await screenshot(page, "settings-gmail-disconnect-confirm");
    await dialog.getByRole("button", { name: "Disconnect" }).click();
    await gmail.getByText("Revoked", { exact: true }).waitFor();
    expect(google.revoked).toEqual([token]);
    await gmail.getByRole("link", { name: "Reconnect Gmail" }).waitFor();
    await screenshot(page, "settings-gmail-revoked");
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("refuses an IMAP mailbox with a wrong password, then saves it with the right one", async () => {
    const imap = page.getByRole("region", { name: "IMAP and SMTP" });
    await imap.getByLabel("Email address").fill(ACCOUNT.user);
    await imap.getByLabel("User name").fill(ACCOUNT.user);
    await imap.getByLabel("IMAP server").fill(mail.host);
    await imap.getByLabel("IMAP port").fill(String(mail.imapPort));
    await imap.getByLabel("IMAP with TLS").uncheck();
    await imap.getByLabel("SMTP server").fill(mail.host);
    await imap.getByLabel("SMTP port").fill(String(mail.smtpPort));
    await imap.getByLabel("SMTP with TLS").uncheck();
    await imap.getByLabel("Password").fill("wrong password");
    await imap.getByRole("button", { name: "Test and save" }).click();
    await imap.getByText("The IMAP server refused this user name and password.").waitFor();
    expect(await imap.getByLabel("Password").getAttribute("aria-invalid")).toBe("true");
    await screenshot(page, "settings-imap-refused");
    expect(await seriousViolations(page)).toEqual([]);

    await imap.getByLabel("Password").fill(ACCOUNT.pass);
    await imap.getByRole("button", { name: "Test and save" }).click();
    await imap.getByText("Connected", { exact: true }).waitFor({ timeout: 20_000 });
    await imap.getByText(`${ACCOUNT.user} · 127.0.0.1:${mail.imapPort}`).waitFor();
    await screenshot(page, "settings-imap-connected");
  });

  it("creates an API token, which works until it is revoked in the page", async () => {
    const tokens = page.getByRole("region", { name: "API tokens" });
    await tokens.getByRole("button", { name: "Create token" }).click();
    await tokens.getByText("Name the token after what will use it, such as ERP sync.").waitFor();
    await tokens.getByLabel("Token name").fill("ERP sync");
    await tokens.getByRole("button", { name: "Create token" }).click();
    const field = tokens.getByLabel("New API token");
    await field.waitFor();
    const token = await field.inputValue();
    expect(token).toMatch(/^popro_[A-Za-z0-9_-]{43}$/);
    await tokens.getByRole("table", { name: "API tokens" }).getByText("ERP sync").waitFor();
    await screenshot(page, "settings-api-token-created");
    expect(await seriousViolations(page)).toEqual([]);

    const ok = await bearer(token);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { orders: unknown[] }).orders.length).toBeGreaterThan(0);

    await tokens.getByRole("button", { name: "Done" }).click();
    await tokens.getByRole("button", { name: "Revoke ERP sync" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Revoke token" }).click();
    await tokens.getByText(/^Revoked/).waitFor();
    expect((await bearer(token)).status).toBe(401);
    await page.reload();
    await page
      .getByRole("region", { name: "API tokens" })
      .getByText(/^Revoked/)
      .waitFor();
    await screenshot(page, "settings-api-token-revoked");
    expect(await seriousViolations(page)).toEqual([]);
  });
});
