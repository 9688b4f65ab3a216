/**
 * The built dashboard (`next build`'s standalone server) on a fresh test database — PostgreSQL
 * when `TEST_DATABASE_URL` is set, else PGlite served over the wire — with two merchants that
 * each have a login, pg-boss's queues, and a local Sentry receiver as its DSN.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  addSupplier,
  createMerchant,
  createOrder,
  type Database,
  type DecisionId,
  type EmailMessage,
  getActivePolicy,
  type MerchantId,
  recordDecision,
  recordExtraction,
  savePolicyVersion,
  setEmailState,
  storeEmail,
} from "@po-pro/db";
import { DEMO_OWNER, defaultPolicy, seedDemo } from "@po-pro/db/seed";
import {
  connectableUrl,
  createTestDatabase,
  queryRows,
  type TestDatabase,
} from "@po-pro/db/testing";
import { declareQueues } from "@po-pro/jobs";
import { type EnvelopeReceiver, startEnvelopeReceiver } from "@po-pro/observability/testing";
import { sql } from "drizzle-orm";
import { PgBoss } from "pg-boss";
import { setPassword } from "../src/server/auth/credentials";

const web = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const SERVER = join(web, ".next/standalone/apps/web/server.js");

export const PASSWORD = "correct horse battery staple";
export const AUTH_SECRET = "test-secret-0123456789abcdef0123456789abcdef";

export interface Login {
  email: string;
  merchantId: MerchantId;
  userId: string;
}

export interface OtherLogin extends Login {
  /** Merchant B's one order. */
  poNumber: string;
}

export interface WebHarness {
  baseUrl: string;
  /** The URL the server's DATABASE_URL holds (a secret the pages must never show). */
  databaseUrl: string;
  db: Database;
  boss: PgBoss;
  receiver: EnvelopeReceiver;
  /** The seeded demo merchant (orders in every state, a pending approval, unmatched mail). */
  merchantA: Login;
  /** A second merchant with one supplier and one order. */
  merchantB: OtherLogin;
  /** Everything the server printed, for a failing test's message. */
  output(): string;
  close(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address
          ? resolvePort(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

async function waitUntilUp(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the web server exited (${child.exitCode}):\n${output()}`);
    try {
      const response = await fetch(`${url}/sign-in`);
      if (response.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the web server did not answer within 60 s:\n${output()}`);
}

export async function startWebHarness(
  options: { env?: Record<string, string> } = {},
): Promise<WebHarness> {
  if (!existsSync(SERVER)) {
    throw new Error(`${SERVER} is missing: build the app first (pnpm --filter @po-pro/web build)`);
  }
  const database: TestDatabase = await createTestDatabase();
  const served = await connectableUrl(database);
  const { db } = database;

  await seedDemo(db);
  const owner = await setPassword(db, { email: DEMO_OWNER.email, password: PASSWORD });
  const merchantA: Login = {
    email: DEMO_OWNER.email,
    merchantId: owner.merchantId as MerchantId,
    userId: owner.userId,
  };

  const other = await createMerchant(db, {
    name: "Other Goods Ltd",
    slug: "other-goods",
    email: "buyer@othergoods.example",
    owner: { name: "Olu Bright", email: "olu@othergoods.example" },
  });
  await savePolicyVersion(db, other.merchant.id, { document: defaultPolicy });
  const supplierB = await addSupplier(db, other.merchant.id, {
    name: "Other Supplier",
    contactEmail: "sales@othersupplier.example",
    domain: "othersupplier.example",
  });
  await createOrder(db, other.merchant.id, {
    supplierId: supplierB.supplierId,
    poNumber: "PO-B-1",
    currency: "USD",
    paymentTerms: "NET30",
    status: "awaiting_supplier",
    lines: [{ sku: "B-1", description: "Other item", quantity: 3, unitPriceMinor: 500 }],
  });
  const otherLogin = await setPassword(db, { email: "olu@othergoods.example", password: PASSWORD });
  const merchantB: OtherLogin = {
    email: "olu@othergoods.example",
    merchantId: other.merchant.id,
    userId: otherLogin.userId,
    poNumber: "PO-B-1",
  };

  const boss = new PgBoss({
    connectionString: served.url,
    max: 2,
    supervise: false,
    schedule: false,
  });
  boss.on("error", () => {});
  await boss.start();
  await declareQueues(boss);

  const receiver = await startEnvelopeReceiver();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let printed = "";
  const child = spawn(process.execPath, [SERVER], {
    cwd: dirname(SERVER),
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      HOSTNAME: "127.0.0.1",
      PORT: String(port),
      DATABASE_URL: served.url,
      BETTER_AUTH_SECRET: AUTH_SECRET,
      BETTER_AUTH_URL: baseUrl,
      SENTRY_DSN: receiver.dsn,
      SENTRY_ENVIRONMENT: "test",
      SENTRY_RELEASE: "web-test",
      SENTRY_TRACES_SAMPLE_RATE: "1",
      SENTRY_EXAMPLE_ROUTES: "true",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const keep = (chunk: Buffer) => {
    printed += chunk.toString();
    if (process.env.WEB_TEST_LOGS) process.stderr.write(chunk);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  await waitUntilUp(baseUrl, child, () => printed);

  return {
    baseUrl,
    databaseUrl: served.url,
    db,
    boss,
    receiver,
    merchantA,
    merchantB,
    output: () => printed,
    async close() {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
      await boss.stop({ graceful: false }).catch(() => {});
      await receiver.close();
      await served.close();
      await database.close();
    },
  };
}

/** Signs in over HTTP as better-auth's endpoint expects; returns the session cookie header. */
export async function signIn(baseUrl: string, email: string, password = PASSWORD): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok)
    throw new Error(`sign-in as ${email} failed: HTTP ${response.status} ${await response.text()}`);
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
}

/** A supplier reply the worker could not match to an order, as it leaves one. */
export async function seedUnmatchedReply(
  db: Database,
  merchantId: MerchantId,
  subject = "Re: our quote",
): Promise<EmailMessage> {
  const { email } = await storeEmail(db, merchantId, {
    provider: "local",
    providerMessageId: `unmatched-${Math.random().toString(36).slice(2)}`,
    fromAddress: "sales@atlasembroidery.com",
    toAddresses: ["maya@northwindapparel.com"],
    subject,
    textBody: "Hello, confirming the quote we discussed. Regards, Atlas",
    receivedAt: new Date(),
  });
  return setEmailState(db, merchantId, email.id, {
    state: "escalated",
    error: "no order matches this reply",
  });
}

/** The payloads of every `name` job pg-boss holds, oldest first: what the app queued. */
export async function queuedJobs(db: Database, name: string): Promise<Record<string, unknown>[]> {
  const rows = await queryRows<{ data: Record<string, unknown> }>(
    db,
    sql`select data from pgboss.job where name = ${name} order by created_on`,
  );
  return rows.map((row) => row.data);
}

/**
 * A reply that raised a price by 10 %, countered under the default policy (5 % accepted, 15 %
 * countered): the decision a looser price rule would flip, for the policy preview.
 */
export async function seedCounteredReply(
  db: Database,
  merchant: Login,
): Promise<{ decisionId: DecisionId; policyVersion: number }> {
  const m = merchant.merchantId;
  const supplier = await addSupplier(db, m, {
    name: "Preview Threads",
    contactEmail: "sales@previewthreads.example",
    domain: "previewthreads.example",
  });
  const order = await createOrder(db, m, {
    supplierId: supplier.supplierId,
    poNumber: "PO-PREVIEW-1",
    currency: "USD",
    paymentTerms: "NET30",
    requestedDeliveryDate: "2026-12-20",
    status: "negotiating",
    lines: [{ sku: "PV-TEE", description: "Preview tee", quantity: 100, unitPriceMinor: 1000 }],
  });
  const { email } = await storeEmail(db, m, {
    provider: "local",
    providerMessageId: "preview-reply-1",
    orderId: order.id,
    fromAddress: "sales@previewthreads.example",
    toAddresses: [merchant.email],
    subject: "Re: PO-PREVIEW-1",
    textBody: "We can do it at 11.00 each.",
    receivedAt: new Date(),
  });
  const extraction = await recordExtraction(db, m, {
    emailMessageId: email.id,
    orderId: order.id,
    provider: "local",
    model: "keyless",
    attempt: 1,
    usedFallback: false,
    response: {
      kind: "change_proposal",
      lines: [{ sku: "PV-TEE", status: "price_changed", unitPrice: 1100 }],
      confidence: 0.95,
    },
    confidence: 0.95,
  });
  const active = await getActivePolicy(db, m);
  if (active === undefined) throw new Error("the seeded merchant has no active policy");
  const decision = await recordDecision(db, m, {
    orderId: order.id,
    extractionId: extraction.id,
    policyId: active.id,
    policyVersion: active.version,
    complianceStatus: "negotiable",
    recommendedAction: "counter_offer",
    matchedRules: [
      {
        ruleId: "price",
        kind: "price_tolerance",
        outcome: "counter",
        observed: 10,
        limit: 5,
        reason: "Price up 10 %",
      },
    ],
    explanation: "Price up 10 %",
  });
  return { decisionId: decision.id, policyVersion: active.version };
}
