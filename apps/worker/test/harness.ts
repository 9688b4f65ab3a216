/**
 * A real worker on a fresh test database (PostgreSQL when `TEST_DATABASE_URL` is set, else PGlite
 * served over the wire), the local mailbox, the supplier simulator and the keyless extractor —
 * everything the tests of the agent loop share.
 */
import { Writable } from "node:stream";
import {
  addSupplier,
  createDb,
  createMerchant,
  createOrder,
  type Database,
  getOrderByPoNumber,
  type Merchant,
  type MerchantId,
  type MerchantSupplier,
  type OrderDetail,
  savePolicyVersion,
} from "@po-pro/db";
import { defaultPolicy } from "@po-pro/db/seed";
import {
  connectableUrl,
  createTestDatabase,
  queryRows,
  type TestDatabase,
} from "@po-pro/db/testing";
import { declareQueues, enqueue } from "@po-pro/jobs";
import { createLlm, createLocalProvider, type Llm } from "@po-pro/llm";
import {
  createSupplierSimulator,
  type ReplyPicker,
  type SupplierSimulator,
} from "@po-pro/mail/local";
import { sql } from "drizzle-orm";
import { PgBoss } from "pg-boss";
import pino from "pino";
import type { AgentSettings } from "../src/context.js";
import { localMailboxes, type MailboxResolver } from "../src/mailboxes.js";
import { createWorkerMetrics } from "../src/metrics.js";
import { type RunningWorker, startWorker, type WorkerOptions } from "../src/worker.js";

export const MERCHANT_EMAIL = "buyer@northwind.test";

export const SUPPLIERS = [
  {
    name: "Pacific Threads",
    contactEmail: "orders@pacificthreads.test",
    domain: "pacificthreads.test",
  },
  { name: "Summit Knitwear", contactEmail: "sales@summitknit.test", domain: "summitknit.test" },
  {
    name: "Atlas Embroidery",
    contactEmail: "po@atlasembroidery.test",
    domain: "atlasembroidery.test",
  },
] as const;

export const TEST_SETTINGS: AgentSettings = {
  followUpAfterMs: 48 * 3_600_000,
  maxFollowUps: 2,
  reminderAfterMs: 4 * 3_600_000,
  reminderIntervalMs: 24 * 3_600_000,
  maxReminders: 3,
  holdAfterMs: 48 * 3_600_000,
  // A send here takes milliseconds; a crashed one's row comes back quickly.
  sendLeaseMs: 3_000,
};

export function keylessLlm(): Llm {
  return createLlm({ providers: [createLocalProvider()] });
}

/** Log lines the worker wrote, as parsed JSON records. */
export function memoryLogger() {
  const records: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n")) {
        if (line.trim() === "") continue;
        const record = JSON.parse(line) as Record<string, unknown>;
        records.push(record);
        // WORKER_TEST_LOGS=1 shows the worker's warnings and errors while a test runs.
        if (process.env.WORKER_TEST_LOGS && Number(record.level) >= 40)
          process.stderr.write(`${line}\n`);
      }
      done();
    },
  });
  return { log: pino({ level: "info" }, stream), records };
}

/** The merchant every worker test and the benchmark use: the default policy and `SUPPLIERS`. */
export async function seedTestMerchant(
  db: Database,
): Promise<{ merchant: Merchant; suppliers: MerchantSupplier[] }> {
  const { merchant, owner } = await createMerchant(db, {
    name: "Northwind Apparel",
    slug: "northwind",
    email: MERCHANT_EMAIL,
    owner: { name: "Maya", email: MERCHANT_EMAIL },
  });
  await savePolicyVersion(db, merchant.id, { document: defaultPolicy, createdBy: owner.id });
  const suppliers: MerchantSupplier[] = [];
  for (const supplier of SUPPLIERS) suppliers.push(await addSupplier(db, merchant.id, supplier));
  return { merchant, suppliers };
}

/** Inbound emails that do not have exactly one decision (the "nothing twice, nothing lost" check). */
export function emailsWithoutOneDecision(db: Database) {
  return queryRows<{ id: string; decisions: unknown }>(
    db,
    sql`select e.id, count(d.id) as decisions
        from email_messages e
        left join extractions x on x.email_message_id = e.id
        left join decisions d on d.extraction_id = x.id
        where e.direction = 'inbound'
        group by e.id
        having count(d.id) <> 1`,
  );
}

export interface Harness {
  readonly database: TestDatabase;
  readonly url: string;
  readonly db: Database;
  readonly merchantId: MerchantId;
  readonly suppliers: readonly MerchantSupplier[];
  readonly logs: Record<string, unknown>[];
  /** Starts a worker in this process (several may run at once); stopped by `close()`. */
  startWorker(overrides?: Partial<WorkerOptions>): Promise<RunningWorker>;
  /** Plays the suppliers; replies `delayMs` after each PO (0 by default). */
  simulator(pickReply: ReplyPicker, delayMs?: number): SupplierSimulator;
  /** Creates an order and queues its PO, as the dashboard does. */
  placeOrder(
    n: number,
    worker: RunningWorker,
    options?: { supplier?: number; lines?: OrderLines },
  ): Promise<OrderDetail>;
  /** Queues a poll of the merchant's mailbox. */
  poll(worker: RunningWorker): Promise<void>;
  /** Drops every connection to the database, as a server restart does (see `connectableUrl`). */
  restartDatabase(): Promise<void>;
  close(): Promise<void>;
}

type OrderLines = Parameters<typeof createOrder>[2]["lines"];

export const DEFAULT_LINES: OrderLines = [
  { sku: "TEE-BLK-M", description: "Organic tee, black, M", quantity: 200, unitPriceMinor: 450 },
  { sku: "HOOD-GRY-M", description: "Fleece hoodie, grey, M", quantity: 50, unitPriceMinor: 1850 },
];

export async function createHarness(): Promise<Harness> {
  const database = await createTestDatabase();
  const served = await connectableUrl(database);
  // Over the wire, like the worker: PGlite's own handle, used beside the wire server, could run a
  // query between another connection's Parse and Bind (pglite-socket shares one session).
  const client =
    database.url === undefined ? await createDb({ url: served.url, maxConnections: 4 }) : undefined;
  const db = client?.db ?? database.db;
  const { merchant, suppliers } = await seedTestMerchant(db);
  const { log, records } = memoryLogger();
  const workers: RunningWorker[] = [];
  const simulators: SupplierSimulator[] = [];

  return {
    database,
    url: served.url,
    db,
    merchantId: merchant.id,
    suppliers,
    logs: records,
    async startWorker(overrides = {}) {
      const worker = await startWorker({
        databaseUrl: served.url,
        llm: keylessLlm(),
        mailboxes: (workerDb): MailboxResolver => localMailboxes(workerDb),
        settings: TEST_SETTINGS,
        log,
        metrics: createWorkerMetrics({ environment: "test", processMetrics: false }),
        schedules: false,
        pollingIntervalSeconds: 0.5,
        superviseIntervalSeconds: 2,
        concurrency: 2,
        ...overrides,
      });
      workers.push(worker);
      return worker;
    },
    simulator(pickReply, delayMs = 0) {
      const simulator = createSupplierSimulator({
        db,
        merchantId: merchant.id,
        suppliers: suppliers.map((s) => ({ address: s.contactEmail, name: s.name })),
        delayMs,
        pickReply,
        intervalMs: 200,
        // A tick that fails (the database-restart test drops its connection) is tried again.
        onError: () => {},
      });
      simulators.push(simulator);
      return simulator;
    },
    async placeOrder(n, worker, options = {}) {
      const supplier = suppliers[(options.supplier ?? n) % suppliers.length] as MerchantSupplier;
      // Idempotent, so a test can retry it when the enqueue after the insert failed.
      const order =
        (await getOrderByPoNumber(db, merchant.id, `PO-${1000 + n}`)) ??
        (await createOrder(db, merchant.id, {
          supplierId: supplier.supplierId,
          poNumber: `PO-${1000 + n}`,
          currency: "USD",
          paymentTerms: "NET30",
          requestedDeliveryDate: "2027-01-15",
          lines: options.lines ?? DEFAULT_LINES,
        }));
      await enqueue(worker.ctx.boss, "send-po", { merchantId: merchant.id, orderId: order.id });
      return order;
    },
    async poll(worker) {
      await enqueue(worker.ctx.boss, "poll-mailbox", { merchantId: merchant.id });
    },
    restartDatabase: () => served.restart(),
    async close() {
      for (const simulator of simulators) simulator.stop();
      await Promise.allSettled(workers.map((w) => w.stop(5_000)));
      await client?.close();
      await served.close();
      await database.close();
    },
  };
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ""}`,
  );
}

/**
 * A queue client with no worker in it, as the dashboard has: it enqueues, and workers in other
 * processes do the work. Stop it with `boss.stop({ close: true })`.
 */
export async function startQueueClient(url: string): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: url, max: 3, supervise: false, schedule: false });
  boss.on("error", (error) => console.error("test queue client:", error));
  await boss.start();
  await declareQueues(boss);
  return boss;
}

/** `Harness.placeOrder` for a worker in another process: the PO's job is queued through `boss`. */
export async function placeOrderThrough(
  harness: Harness,
  boss: PgBoss,
  n: number,
  options: { supplier?: number; lines?: OrderLines } = {},
): Promise<OrderDetail> {
  const { suppliers } = harness;
  const supplier = suppliers[(options.supplier ?? n) % suppliers.length] as MerchantSupplier;
  const order = await createOrder(harness.db, harness.merchantId, {
    supplierId: supplier.supplierId,
    poNumber: `PO-${1000 + n}`,
    currency: "USD",
    paymentTerms: "NET30",
    requestedDeliveryDate: "2027-01-15",
    lines: options.lines ?? DEFAULT_LINES,
  });
  await enqueue(boss, "send-po", { merchantId: harness.merchantId, orderId: order.id });
  return order;
}
