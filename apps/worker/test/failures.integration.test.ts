/**
 * The loop when the world outside fails: the LLM providers (the real Anthropic and OpenAI SDKs
 * against local servers speaking their wire formats), a revoked Gmail grant (the real Gmail
 * client against a local Gmail API), and the database dropping every connection mid-run. Errors
 * go through the real Sentry SDK to a local envelope receiver.
 */
import {
  getEmail,
  getGmailConnection,
  getOrder,
  getPendingApproval,
  listLocalMail,
  listOrderDecisions,
  listOrderEmails,
  listOrderExtractions,
  type OrderDetail,
  saveGmailConnection,
} from "@po-pro/db";
import { queryRows } from "@po-pro/db/testing";
import { createAnthropicProvider, createLlm, createOpenAIProvider, type Llm } from "@po-pro/llm";
import { anthropic, openai, startWireServer, type WireServer } from "@po-pro/llm/testing";
import { cycleReplies, SUPPLIER_REPLIES } from "@po-pro/mail/local";
import { createTokenCipher, gmailTokenContext } from "@po-pro/mail/secrets";
import { FakeGmailServer } from "@po-pro/mail/testing";
import { init, type ObservabilityHandle } from "@po-pro/observability/node";
import { type EnvelopeReceiver, startEnvelopeReceiver } from "@po-pro/observability/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gmailMailboxes } from "../src/mailboxes.js";
import { COULD_NOT_READ } from "../src/processors/agent/process-email.js";
import type { RunningWorker } from "../src/worker.js";
import { createHarness, type Harness, MERCHANT_EMAIL, waitFor } from "./harness.js";

const CONFIRMATION = { kind: "confirmation", lines: [], riskSignals: [], confidence: 0.95 };
const confirmShort = SUPPLIER_REPLIES.find((t) => t.id === "confirm-short");

let receiver: EnvelopeReceiver;
let observability: ObservabilityHandle;
let primary: WireServer;
let fallback: WireServer;

beforeAll(async () => {
  receiver = await startEnvelopeReceiver();
  observability = init({ service: "worker", dsn: receiver.dsn, environment: "test", env: {} });
  primary = await startWireServer(anthropic.error(500, "api_error", "Internal server error"));
  fallback = await startWireServer(openai.toolCall(CONFIRMATION));
});

afterAll(async () => {
  await primary?.close();
  await fallback?.close();
  await observability?.close(2000);
  await receiver?.close();
});

function remoteLlm(): Llm {
  return createLlm({
    providers: [
      createAnthropicProvider({ apiKey: "test-key", model: "claude-test", baseURL: primary.url }),
      createOpenAIProvider({
        apiKey: "test-key",
        model: "gpt-test",
        baseURL: `${fallback.url}/v1`,
      }),
    ],
    retry: { maxRetries: 1, baseDelayMs: 5, maxDelayMs: 20 },
    // Every reply must reach the primary, so the breaker must not skip it.
    breaker: { failureThreshold: 1000 },
  });
}

/** Places `count` orders, lets the simulator confirm each, and polls until `done`. */
async function run(
  harness: Harness,
  worker: RunningWorker,
  count: number,
  done: (orders: OrderDetail[]) => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<OrderDetail[]> {
  const simulator = harness.simulator(() => confirmShort as (typeof SUPPLIER_REPLIES)[number]);
  const orders: OrderDetail[] = [];
  for (let n = 0; n < count; n++) orders.push(await harness.placeOrder(n, worker));
  await waitFor("every PO to be sent", async () => {
    const sent = await listLocalMail(harness.db, harness.merchantId, {
      mailboxAddress: MERCHANT_EMAIL,
      folder: "sent",
    });
    return sent.length >= count;
  });
  await simulator.tick();
  await waitFor(
    "the replies to be handled",
    async () => {
      await harness.poll(worker);
      return done(orders);
    },
    timeoutMs,
  );
  return orders;
}

describe("the primary LLM is down", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await createHarness();
  });
  afterAll(() => harness?.close());

  it("decides every reply through the fallback", async () => {
    primary.setFallback(anthropic.error(529, "overloaded_error", "Overloaded"));
    const worker = await harness.startWorker({ llm: remoteLlm() });
    const orders = await run(harness, worker, 3, async (placed) => {
      for (const order of placed) {
        if ((await listOrderDecisions(harness.db, harness.merchantId, order.id)).length === 0) {
          return false;
        }
      }
      return true;
    });
    for (const order of orders) {
      const [extraction] = await listOrderExtractions(harness.db, harness.merchantId, order.id);
      expect(extraction?.provider).toBe("openai");
      expect(extraction?.usedFallback).toBe(true);
      const [decision] = await listOrderDecisions(harness.db, harness.merchantId, order.id);
      expect(decision?.recommendedAction).toBe("accept");
      expect((await getOrder(harness.db, harness.merchantId, order.id))?.status).toBe("confirmed");
    }
    expect(primary.requests.length).toBeGreaterThanOrEqual(3);
  });
});

describe("every LLM provider is down", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await createHarness();
  });
  afterAll(() => harness?.close());

  it("keeps the email, retries with backoff, then escalates with the reason", async () => {
    primary.setFallback(anthropic.error(500, "api_error", "Internal server error"));
    fallback.setFallback(openai.error(503, "server_error", null, "Service unavailable"));
    const worker = await harness.startWorker({ llm: remoteLlm() });
    // The contract's backoff is minutes; the same queue, retried within seconds here.
    await worker.ctx.boss.updateQueue("process-email", {
      retryLimit: 2,
      retryDelay: 1,
      retryBackoff: false,
    });
    const [order] = await run(harness, worker, 1, async ([placed]) => {
      const current = await getOrder(harness.db, harness.merchantId, (placed as OrderDetail).id);
      return current?.status === "needs_approval";
    });
    const placed = order as OrderDetail;
    const inbound = (await listOrderEmails(harness.db, harness.merchantId, placed.id)).filter(
      (email) => email.direction === "inbound",
    );
    expect(inbound).toHaveLength(1);
    const email = await getEmail(harness.db, harness.merchantId, inbound[0]?.id as never);
    expect(email?.processingState).toBe("escalated");
    expect(email?.textBody).toContain("All confirmed"); // kept, readable by the merchant
    expect(email?.attempts).toBe(3); // tried, retried twice, then escalated
    const approval = await getPendingApproval(harness.db, harness.merchantId, placed.id);
    expect(approval?.reason).toContain(COULD_NOT_READ);
    const [decision] = await listOrderDecisions(harness.db, harness.merchantId, placed.id);
    expect(decision?.complianceStatus).toBe("needs_review");

    // One Sentry issue per supplier for the failure.
    await observability.flush(2000);
    const event = await receiver.waitForEvent(
      (e) => e.tags?.category === "extraction-failure",
      10_000,
    );
    expect(event.fingerprint).toEqual(["extraction-failure", placed.supplierId]);
    expect(event.exception?.values?.some((v) => v.type === "ReplyUnreadableError")).toBe(true);
    expect(event.tags?.supplier_id).toBe(placed.supplierId);
    expect(event.tags?.merchant_id).toBe(harness.merchantId);
  });
});

describe("the merchant revoked PO Pro's Gmail access", () => {
  let harness: Harness;
  let gmail: FakeGmailServer;
  beforeAll(async () => {
    harness = await createHarness();
    gmail = await new FakeGmailServer().start();
  });
  afterAll(async () => {
    await harness?.close();
    await gmail?.close();
  });

  it("marks the connection needs_reauth, stops polling it, and groups the failure in one issue", async () => {
    const tokenKeys = [{ id: "k1", key: Buffer.alloc(32, 7) }];
    const cipher = createTokenCipher(tokenKeys);
    await saveGmailConnection(harness.db, harness.merchantId, {
      emailAddress: gmail.emailAddress,
      encryptedRefreshToken: cipher.encrypt(
        "refresh-revoked",
        gmailTokenContext(harness.merchantId),
      ),
      scopes: ["https://www.googleapis.com/auth/gmail.modify"],
    });
    gmail.revokedRefreshTokens.add("refresh-revoked");
    const worker = await harness.startWorker({
      mailboxes: (db) =>
        gmailMailboxes({
          db,
          tokenKeys,
          clientId: "client",
          clientSecret: "secret",
          rootUrl: gmail.url,
          tokenUrl: gmail.tokenUrl,
        }),
    });
    receiver.reset();
    expect(await worker.ctx.mailboxes.pollable()).toEqual([harness.merchantId]);
    await harness.poll(worker);
    await waitFor("the connection to need re-authorisation", async () => {
      const connection = await getGmailConnection(harness.db, harness.merchantId);
      return connection?.status === "needs_reauth";
    });
    expect(await worker.ctx.mailboxes.pollable()).toEqual([]);
    await observability.flush(2000);
    const event = await receiver.waitForEvent(
      (e) => e.tags?.category === "gmail-token-refresh-failure",
      10_000,
    );
    expect(event.fingerprint).toEqual(["gmail-token-refresh-failure"]);
    // Captured once, not once per retry; the refresh token never reaches Sentry.
    await harness.poll(worker);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await observability.flush(2000);
    expect(
      receiver.events().filter((e) => e.tags?.category === "gmail-token-refresh-failure"),
    ).toHaveLength(1);
    expect(receiver.rawBodies().join("\n")).not.toContain("refresh-revoked");
  });
});

async function retrying<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

describe("PostgreSQL drops every connection mid-run", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await createHarness();
  });
  afterAll(() => harness?.close());

  it("recovers and loses nothing", async () => {
    const worker = await harness.startWorker();
    // A send cut off by the restart is retried after its lease; retries within a second here.
    await worker.ctx.boss.updateQueue("send-email", { retryDelay: 1, retryBackoff: false });
    const simulator = harness.simulator(cycleReplies());
    simulator.start();
    const count = 12;
    const orders: OrderDetail[] = [];
    for (let n = 0; n < count; n++) {
      // The test's own connections are dropped too: like any client, it tries again.
      orders.push(await retrying(() => harness.placeOrder(n, worker)));
      if (n === count / 2) await harness.restartDatabase();
    }
    await waitFor(
      "every reply to be decided after the restart",
      async () => {
        await harness.poll(worker).catch(() => undefined);
        const rows = await queryRows<{ n: number }>(
          harness.db,
          sql`select count(*)::int as n from decisions`,
        );
        return rows[0]?.n === count;
      },
      90_000,
    );
    await harness.restartDatabase();
    await waitFor("every email the decisions caused to be sent", async () => {
      await harness.poll(worker).catch(() => undefined);
      const rows = await queryRows<{ pending: number; sent: number }>(
        harness.db,
        sql`select count(*) filter (where status <> 'sent')::int as pending,
                   count(*) filter (where status = 'sent')::int as sent from outbox`,
      );
      return rows[0]?.pending === 0 && rows[0]?.sent === count * 2;
    });
    const decisions = await queryRows<{ order_id: string; n: number }>(
      harness.db,
      sql`select order_id, count(*)::int as n from decisions group by order_id`,
    );
    expect(decisions).toHaveLength(count);
    expect(decisions.every((row) => row.n === 1)).toBe(true);
  });
});
