/**
 * More than one replica: two workers on one database share the work without doing any of it
 * twice, and a cron schedule that every replica registers fires once per occurrence, whichever
 * replica's clock monitor gets there.
 */
import { queryRows } from "@po-pro/db/testing";
import { SCHEDULES } from "@po-pro/jobs";
import { SUPPLIER_REPLIES, seededReplies } from "@po-pro/mail/local";
import { sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningWorker } from "../src/worker.js";
import {
  createHarness,
  emailsWithoutOneDecision,
  type Harness,
  memoryLogger,
  startQueueClient,
  waitFor,
} from "./harness.js";

const count = (value: unknown) => Number(value);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("two workers on one database", () => {
  const ORDERS = 60;
  // Replies the keyless extractor reads (see loop.integration.test.ts): each gets a decision.
  const templates = SUPPLIER_REPLIES.filter((t) =>
    ["confirm-short", "price-up-one-line", "delay-days", "refusal-capacity"].includes(t.id),
  );
  let harness: Harness;
  const logs = [memoryLogger(), memoryLogger()];
  const workers: RunningWorker[] = [];

  beforeAll(async () => {
    harness = await createHarness();
    for (const { log } of logs) workers.push(await harness.startWorker({ log }));
    const [first, second] = workers as [RunningWorker, RunningWorker];
    harness.simulator(seededReplies("scale", templates)).start();
    // Orders come in through both replicas' queue clients, as from two web servers.
    for (let n = 0; n < ORDERS; n++) await harness.placeOrder(n, n % 2 === 0 ? first : second);
    await waitFor(
      "every reply decided and every email sent",
      async () => {
        await harness.poll(first);
        const [row] = await queryRows<Record<string, unknown>>(
          harness.db,
          sql`select
            (select count(*) from decisions) as decisions,
            (select count(*) from outbox where status <> 'sent') as unsent`,
        );
        return count(row?.decisions) === ORDERS && count(row?.unsent) === 0;
      },
      90_000,
    );
  }, 150_000);

  afterAll(() => harness?.close());

  it("both do some of the work", () => {
    const decided = logs.map(({ records }) => records.filter((r) => r.event === "decision").length);
    const posQueued = logs.map(
      ({ records }) => records.filter((r) => r.event === "po_sent").length,
    );
    const sum = (values: number[]) => values.reduce((total, n) => total + n, 0);
    expect(sum(decided), "decision log lines").toBe(ORDERS);
    expect(sum(posQueued), "PO log lines").toBe(ORDERS);
    expect(Math.min(...decided), `decisions per worker: ${decided}`).toBeGreaterThan(0);
    expect(Math.min(...posQueued), `POs per worker: ${posQueued}`).toBeGreaterThan(0);
  });

  it("does nothing twice: one decision per reply, one sent copy per outbox row", async () => {
    const perEmail = await emailsWithoutOneDecision(harness.db);
    expect(perEmail, "inbound emails without exactly one decision").toEqual([]);
    const [totals] = await queryRows<Record<string, unknown>>(
      harness.db,
      sql`select
        (select count(*) from email_messages where direction = 'inbound') as inbound,
        (select count(*) from outbox) as outbox,
        (select count(*) from outbox where kind = 'purchase_order') as pos`,
    );
    expect(count(totals?.inbound)).toBe(ORDERS);
    expect(count(totals?.pos)).toBe(ORDERS);
    expect(count(totals?.outbox)).toBe(ORDERS * 2);
    const copies = await queryRows(
      harness.db,
      sql`select o.idempotency_key, count(m.id) as copies
          from outbox o
          left join local_mail_messages m
            on m.merchant_id = o.merchant_id and m.idempotency_key = o.idempotency_key
            and m.folder = 'sent'
          group by o.idempotency_key
          having count(m.id) <> 1`,
    );
    expect(copies, "outbox keys without exactly one sent copy").toEqual([]);
  });
});

describe("a schedule on two replicas", () => {
  /** A queue no worker works: what the schedule produces stays there to be counted. */
  const TICK = "scale-test-tick";
  let harness: Harness;
  let client: PgBoss;
  let minute: number;
  let secondPass: Date;

  const minuteOf = (date: Date) => Math.floor(date.getTime() / 60_000);

  async function cronOn(): Promise<Date | undefined> {
    const [row] = await queryRows<{ cron_on: Date | string | null }>(
      harness.db,
      sql`select cron_on from pgboss.version`,
    );
    return row?.cron_on == null ? undefined : new Date(row.cron_on);
  }

  async function tickJobs(): Promise<{ id: string; singleton_on: string }[]> {
    return queryRows(
      harness.db,
      sql`select id, singleton_on::text from pgboss.job where name = ${TICK} order by created_on`,
    );
  }

  beforeAll(async () => {
    harness = await createHarness();
    client = await startQueueClient(harness.url);
    await client.createQueue(TICK);
    // Every minute, at :00. pg-boss sends an occurrence during the minute after it (its due window
    // is 60 s), and a pass runs as each instance starts: no need to wait a minute for it.
    await client.schedule(TICK, "* * * * *", {}, { tz: "UTC" });
    // One occurrence for the whole test: start early enough in a minute to finish inside it.
    const second = new Date().getUTCSeconds();
    if (second > 25) await sleep((61 - second) * 1000);
    minute = minuteOf(new Date());

    await harness.startWorker({ schedules: true });
    // The first replica's pass sends the occurrence (through pg-boss's send-it queue)...
    await waitFor("the first replica's cron pass to send the occurrence", async () =>
      (await tickJobs()).length > 0 ? true : undefined,
    );
    // ...then the second replica's pass comes round to the same occurrence. A replica normally
    // skips a pass another ran less than an interval ago; clearing the stamp makes this one run.
    await harness.db.execute(sql`update pgboss.version set cron_on = null`);
    await harness.startWorker({ schedules: true });
    secondPass = await waitFor("the second replica's cron pass", cronOn);
    // Both replicas forward send-it jobs (every 5 s by default): give the second one time to.
    await sleep(7_000);
  }, 120_000);

  afterAll(async () => {
    await client?.stop({ graceful: false, close: true });
    await harness?.close();
  });

  it("keeps one schedule row per name, however many replicas register it", async () => {
    const rows = await queryRows<{ name: string; rows: unknown }>(
      harness.db,
      sql`select name, count(*) as rows from pgboss.schedule group by name order by name`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.name, count(r.rows)]))).toEqual(
      Object.fromEntries(
        [...Object.keys(SCHEDULES), TICK].sort().map((name) => [name, 1] as const),
      ),
    );
  });

  it("creates exactly one job for one occurrence, though both replicas' passes saw it", async () => {
    expect(minuteOf(secondPass), "the test ran past the minute it started in").toBe(minute);
    const jobs = await tickJobs();
    expect(jobs, JSON.stringify(jobs)).toHaveLength(1);
    // Nor did any of the worker's own schedules fire twice (they fire only if this minute is one
    // of theirs).
    const fired = await queryRows<{ name: string; jobs: unknown }>(
      harness.db,
      sql`select name, count(*) as jobs from pgboss.job
          where name in ('email-poller', 'approval-reminders', 'supplier-follow-ups', 'hold-messages')
          group by name having count(*) > 1`,
    );
    expect(fired).toEqual([]);
  });
});
