/**
 * The dashboard's defences over HTTP: sign-in answers and its rate limit, cookie flags, CSRF on
 * actions, the Content-Security-Policy nonce, sign-out, and no server secret in anything served.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { listApprovals } from "@po-pro/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callAction } from "./actions";
import {
  AUTH_SECRET,
  PASSWORD,
  queuedJobs,
  SERVER,
  signIn,
  startWebHarness,
  type WebHarness,
} from "./harness";

let h: WebHarness;

beforeAll(async () => {
  h = await startWebHarness();
});

afterAll(async () => {
  await h?.close();
});

const attempt = (password: string, ip: string) =>
  fetch(`${h.baseUrl}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: h.baseUrl, "x-forwarded-for": ip },
    body: JSON.stringify({ email: h.merchantA.email, password }),
  });

describe("sign-in", () => {
  it("refuses a wrong password with 401 and no cookie", async () => {
    const response = await attempt("not the password", "198.51.100.1");
    expect(response.status).toBe(401);
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it("rate-limits attempts per client address: the sixth in a minute gets 429", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await attempt("wrong password 123", "198.51.100.2")).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
    // Even the right password waits out the window from that address; another address is not blocked.
    expect((await attempt(PASSWORD, "198.51.100.2")).status).toBe(429);
    expect((await attempt(PASSWORD, "198.51.100.3")).status).toBe(200);
  });

  it("sets the session cookie httpOnly and SameSite=Lax", async () => {
    const response = await attempt(PASSWORD, "198.51.100.4");
    const cookie = response.headers.getSetCookie().find((c) => c.includes("session_token"));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
  });
});

describe("pages", () => {
  it("carry a Content-Security-Policy whose fresh nonce is on every script", async () => {
    const cookie = await signIn(h.baseUrl, h.merchantA.email);
    const nonces = new Set<string>();
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`${h.baseUrl}/orders`, { headers: { cookie } });
      const csp = response.headers.get("content-security-policy") ?? "";
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce).toBeDefined();
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      nonces.add(nonce as string);
      const html = await response.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    }
    expect(nonces.size).toBe(2);
  });
});

describe("alert webhooks", () => {
  it("are off without their secrets: 404 JSON naming the variable, never a sign-in redirect", async () => {
    for (const [path, variable] of [
      ["/api/alerts/sentry", "SENTRY_WEBHOOK_SECRET"],
      ["/api/alerts/alertmanager", "ALERTMANAGER_WEBHOOK_TOKEN"],
    ] as const) {
      const response = await fetch(`${h.baseUrl}${path}`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/json" },
        body: "{}",
      });
      expect(response.status).toBe(404);
      const { error } = (await response.json()) as { error: { code: string; message: string } };
      expect(error.message).toContain(variable);
    }
  });
});

describe("actions", () => {
  it("refuse a request from another origin (CSRF) and queue nothing", async () => {
    const cookie = await signIn(h.baseUrl, h.merchantA.email);
    const [approval] = await listApprovals(h.db, h.merchantA.merchantId);
    const count = async () => (await queuedJobs(h.db, "merchant-decision")).length;
    const before = await count();
    const response = await callAction(
      h.baseUrl,
      "decideApprovalAction",
      [{ approvalId: approval?.id, action: "approve" }],
      { cookie, origin: "https://evil.example" },
    );
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.result).toBeUndefined();
    expect(await count()).toBe(before);
  });
});

describe("sign-out", () => {
  it("ends the session: the old cookie no longer opens a page", async () => {
    const cookie = await signIn(h.baseUrl, h.merchantA.email);
    expect((await fetch(`${h.baseUrl}/api/live`, { headers: { cookie } })).status).toBe(200);
    const out = await fetch(`${h.baseUrl}/api/auth/sign-out`, {
      method: "POST",
      headers: { cookie, origin: h.baseUrl, "content-type": "application/json" },
      body: "{}",
    });
    expect(out.status).toBe(200);
    expect((await fetch(`${h.baseUrl}/api/live`, { headers: { cookie } })).status).toBe(401);
  });
});

describe("secrets", () => {
  it("appear in no page and no client chunk", async () => {
    const secrets = [AUTH_SECRET, new URL(h.databaseUrl).host + new URL(h.databaseUrl).pathname];
    const cookie = await signIn(h.baseUrl, h.merchantA.email);
    const served: string[] = [];
    for (const path of ["/sign-in", "/orders", "/approvals", "/unmatched", "/orders/new"]) {
      served.push(await (await fetch(`${h.baseUrl}${path}`, { headers: { cookie } })).text());
    }
    const chunks = join(SERVER, "../.next/static");
    const files = readdirSync(chunks, { recursive: true, withFileTypes: true }).filter((f) =>
      f.isFile(),
    );
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) served.push(readFileSync(join(file.parentPath, file.name), "utf8"));
    for (const text of served)
      for (const secret of secrets) expect(text.includes(secret)).toBe(false);
  });
});
