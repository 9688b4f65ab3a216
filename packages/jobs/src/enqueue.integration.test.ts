import { randomUUID } from "node:crypto";
import { connectableUrl, createTestDatabase, type TestDatabase } from "@po-pro/db/testing";
import { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEAD_LETTER_QUEUE, JOB_NAMES, JOBS } from "./contract.js";
import { declareQueues, enqueue, JobPayloadError, parseJobPayload } from "./enqueue.js";

describe("payload validation", () => {
  it("names the job and the bad field", () => {
    expect(() =>
      parseJobPayload("process-email", { merchantId: randomUUID(), emailMessageId: "42" }),
    ).toThrow(/process-email.*emailMessageId/);
    try {
      parseJobPayload("send-email", {});
    } catch (error) {
      expect(error).toBeInstanceOf(JobPayloadError);
      expect((error as JobPayloadError).problems.map((p) => p.path).sort()).toEqual([
        "merchantId",
        "outboxId",
      ]);
    }
  });

  it("accepts each kind of merchant decision and refuses an unknown one", () => {
    const base = { merchantId: randomUUID(), approvalId: randomUUID(), userId: randomUUID() };
    expect(parseJobPayload("merchant-decision", { ...base, action: "approve" }).action).toBe(
      "approve",
    );
    const counter = parseJobPayload("merchant-decision", {
      ...base,
      action: "counter",
      terms: { paymentTerms: "NET30" },
    });
    expect(counter.action === "counter" && counter.terms.lines).toEqual([]);
    expect(() => parseJobPayload("merchant-decision", { ...base, action: "maybe" })).toThrow(
      JobPayloadError,
    );
  });
});

describe("enqueue on PostgreSQL (or PGlite served over the wire)", () => {
  let database: TestDatabase;
  let served: Awaited<ReturnType<typeof connectableUrl>>;
  let boss: PgBoss;

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    served = await connectableUrl(database);
    boss = new PgBoss({ connectionString: served.url, max: 2, supervise: false });
    boss.on("error", () => {});
    await boss.start();
    await declareQueues(boss);
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false, close: true });
    await served?.close();
    await database?.close();
  });

  it("declares every queue with its retry settings and the dead-letter queue", async () => {
    const queues = await boss.getQueues();
    const byName = new Map(queues.map((q) => [q.name, q]));
    expect(byName.has(DEAD_LETTER_QUEUE)).toBe(true);
    for (const name of JOB_NAMES) {
      expect(byName.get(name)?.retryLimit, name).toBe(JOBS[name].queue.retryLimit);
      expect(byName.get(name)?.deadLetter, name).toBe(DEAD_LETTER_QUEUE);
    }
    await declareQueues(boss); // a second replica starting
  });

  it("enqueues inside a transaction only when it commits", async () => {
    const merchantId = randomUUID();
    const committed = randomUUID();
    const rolledBack = randomUUID();
    await database.db.transaction(async (tx) => {
      await enqueue(boss, "send-email", { merchantId, outboxId: committed }, { tx });
    });
    await expect(
      database.db.transaction(async (tx) => {
        await enqueue(boss, "send-email", { merchantId, outboxId: rolledBack }, { tx });
        throw new Error("the decision failed to save");
      }),
    ).rejects.toThrow("failed to save");
    const jobs = await boss.findJobs<{ outboxId: string }>("send-email");
    const ids = jobs.map((j) => j.data.outboxId);
    expect(ids).toContain(committed);
    expect(ids).not.toContain(rolledBack);
  });

  it("refuses a bad payload before anything is written", async () => {
    await expect(
      enqueue(boss, "send-email", { merchantId: "nope", outboxId: randomUUID() }),
    ).rejects.toThrow(/merchantId/);
  });
});
