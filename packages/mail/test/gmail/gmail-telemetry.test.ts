/**
 * The adapter's Sentry side with a real @sentry/core client: a revoked refresh token becomes
 * one `gmail-token-refresh-failure` issue, and every call leaves a `gmail` breadcrumb without
 * addresses or bodies. Events are taken in `beforeSend`; nothing leaves the process.
 */

import { CoreTestClient } from "@po-pro/observability/testing";
import { createTransport, type ErrorEvent, initAndBind } from "@sentry/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MailboxAuthError } from "../../src/errors.js";
import { createGmailMailbox } from "../../src/gmail/index.js";
import { FakeGmailServer } from "../../src/testing/fake-gmail-server.js";

const events: ErrorEvent[] = [];
let server: FakeGmailServer;

beforeAll(async () => {
  initAndBind(CoreTestClient, {
    dsn: "https://public@sentry.invalid/1",
    integrations: [],
    stackParser: () => [],
    transport: () =>
      createTransport({ recordDroppedEvent: () => {} }, async () => ({ statusCode: 200 })),
    beforeSend: (event) => {
      events.push(event);
      return null;
    },
  });
  server = await new FakeGmailServer().start();
});
afterAll(async () => {
  await server.close();
});

describe("Gmail telemetry", () => {
  it("groups revoked tokens under one fingerprint with gmail breadcrumbs", async () => {
    server.deliver(
      "From: orders@supplier.example\nTo: merchant@shop.example\nSubject: PO-1\n\nConfirmed.\n",
    );
    const working = createGmailMailbox({
      auth: { clientId: "c", clientSecret: "s", refreshToken: "1//ok" },
      rootUrl: server.url,
      tokenUrl: server.tokenUrl,
    });
    const listed = await working.listNew(undefined);
    expect(listed.messages.length).toBeGreaterThan(0);

    server.revokedRefreshTokens.add("1//revoked");
    for (const attempt of [1, 2]) {
      const revoked = createGmailMailbox({
        auth: { clientId: "c", clientSecret: "s", refreshToken: "1//revoked" },
        rootUrl: server.url,
        tokenUrl: server.tokenUrl,
      });
      await expect(revoked.identity(), `attempt ${attempt}`).rejects.toBeInstanceOf(
        MailboxAuthError,
      );
    }

    expect(events).toHaveLength(2);
    for (const event of events) {
      expect(event.fingerprint).toEqual(["gmail-token-refresh-failure"]);
      expect(event.tags?.category).toBe("gmail-token-refresh-failure");
    }
    const crumbs = events[1]?.breadcrumbs ?? [];
    const gmail = crumbs.filter((crumb) => crumb.category === "gmail");
    expect(gmail.map((crumb) => crumb.message)).toEqual(
      expect.arrayContaining(["gmail users.getProfile", "gmail users.messages.list"]),
    );
    expect(JSON.stringify(gmail)).not.toMatch(/@|Confirmed|PO-1/);
  });
});
