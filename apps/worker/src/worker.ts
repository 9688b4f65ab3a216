/**
 * The worker process's core: database, queue, handlers, schedules and HTTP server, started in
 * that order and stopped in reverse. `main.ts` feeds it from the environment; tests start it
 * directly with their own mailbox and LLM.
 */
import {
  assertMigrated,
  createDb,
  type Database,
  type DbHandle,
  type EmailMessageId,
  type MerchantId,
  setEmailState,
} from "@po-pro/db";
import {
  DEAD_LETTER_QUEUE,
  declareQueues,
  JOB_NAMES,
  type JobName,
  parseJobPayload,
  SCHEDULES,
} from "@po-pro/jobs";
import type { Llm } from "@po-pro/llm";
import { captureCategorized } from "@po-pro/observability";
import { monitorJob, processTracedJob } from "@po-pro/observability/node";
import { type JobWithMetadata, PgBoss } from "pg-boss";
import type { Logger } from "pino";
import {
  type AgentSettings,
  isLastAttempt,
  type JobAttempt,
  type WorkerContext,
} from "./context.js";
import { type HttpServer, startHttpServer } from "./http/server.js";
import type { MailboxResolver } from "./mailboxes.js";
import type { WorkerMetrics } from "./metrics.js";
import { PolicyCache } from "./processors/agent/policies.js";
import { PROCESSORS } from "./processors/index.js";

export interface WorkerOptions {
  readonly databaseUrl: string;
  readonly llm: Llm;
  readonly mailboxes: (db: Database) => MailboxResolver;
  readonly settings: AgentSettings;
  readonly log: Logger;
  readonly metrics: WorkerMetrics;
  /** Jobs of one queue this process works on at once. */
  readonly concurrency?: number;
  readonly clock?: () => Date;
  /** Keep the cron schedules (off in tests that trigger jobs themselves). */
  readonly schedules?: boolean;
  /** How often an idle queue is polled, in seconds. */
  readonly pollingIntervalSeconds?: number;
  /** pg-boss maintenance cadence (expired heartbeats, retries, queue stats), in seconds; default 5. */
  readonly superviseIntervalSeconds?: number;
  readonly http?: {
    readonly host: string;
    readonly port: number;
    readonly triggerSecret?: string | undefined;
    readonly release?: string | undefined;
  };
}

export interface RunningWorker {
  readonly ctx: WorkerContext;
  readonly http: HttpServer | undefined;
  /** Stops taking jobs, lets in-flight ones finish within `deadlineMs`, then closes everything. */
  stop(deadlineMs?: number): Promise<void>;
}

/** Queues whose jobs are many and independent: worked `concurrency` at a time. */
const PARALLEL: ReadonlySet<JobName> = new Set([
  "process-email",
  "send-email",
  "poll-mailbox",
  "send-po",
  "merchant-decision",
]);

export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const { log, metrics } = options;
  const concurrency = options.concurrency ?? 8;
  const handle: DbHandle = await createDb({
    url: options.databaseUrl,
    maxConnections: Math.max(4, concurrency * 2 + 2),
  });
  let boss: PgBoss | undefined;
  let http: HttpServer | undefined;
  try {
    await assertMigrated(handle.db);
    boss = new PgBoss({
      connectionString: options.databaseUrl,
      application_name: "po-pro-worker",
      max: Math.max(4, concurrency + 2),
      schedule: options.schedules ?? true,
      // Maintenance (expired heartbeats, retries) and the queue stats that feed the burst trigger
      // below run every few seconds rather than every minute: a backlog or a dead worker's jobs
      // are noticed within seconds. One instance at a time does it (pg-boss takes a lock).
      superviseIntervalSeconds: options.superviseIntervalSeconds ?? 5,
      monitorIntervalSeconds: 2,
      queueCacheIntervalSeconds: 2,
    });
    // pg-boss attaches its pg client to connection errors: log what a person needs, not that.
    boss.on("error", (error: Error & { code?: string }) =>
      log.error(
        { event: "queue_error", error: error.message, code: error.code },
        `job queue error: ${error.message}`,
      ),
    );
    await boss.start();
    await declareQueues(boss);
    metrics.watchQueues(boss);

    const ctx: WorkerContext = {
      db: handle.db,
      boss,
      llm: options.llm,
      mailboxes: options.mailboxes(handle.db),
      metrics,
      log,
      clock: options.clock ?? (() => new Date()),
      settings: options.settings,
      policies: new PolicyCache(),
    };

    for (const name of JOB_NAMES) {
      await boss.work(
        name,
        {
          batchSize: 1,
          includeMetadata: true,
          localConcurrency: PARALLEL.has(name) ? concurrency : 1,
          pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1,
          // Without it each slot takes at most one job per polling interval (concurrency ÷
          // interval jobs/s, bench/RESULTS.md); with a backlog it fetches back to back.
          ...(PARALLEL.has(name) ? { burstWhenReadyExceeds: 1 } : {}),
        },
        async ([job]: JobWithMetadata<object>[]) => {
          if (job !== undefined) await runJob(ctx, name, job);
        },
      );
    }
    await boss.work(
      DEAD_LETTER_QUEUE,
      { batchSize: 10, includeMetadata: true, pollingIntervalSeconds: 5 },
      async (jobs: JobWithMetadata<object>[]) => {
        for (const job of jobs) await recordDeadJob(ctx, job);
      },
    );
    if (options.schedules ?? true) {
      for (const [name, schedule] of Object.entries(SCHEDULES)) {
        // pg-boss keeps one schedule per name in the database: every replica may set it, and
        // each cron tick produces one job, whichever replica's clock monitor fires it.
        await boss.schedule(name, schedule.cron, {}, { tz: "UTC" });
      }
    }
    if (options.http !== undefined) {
      const queue = boss;
      http = await startHttpServer({
        ...options.http,
        metrics,
        ready: () => readiness(handle.db, queue),
        boss: queue,
        log,
      });
    }
    log.info(
      { event: "worker_started", concurrency, http: http?.url },
      `worker started (${JOB_NAMES.length} queues, concurrency ${concurrency}${http ? `, ${http.url}` : ""})`,
    );

    let stopping: Promise<void> | undefined;
    const started = boss;
    return {
      ctx,
      http,
      stop(deadlineMs = 25_000) {
        stopping ??= (async () => {
          log.info({ event: "worker_stopping" }, "stopping: no new jobs; waiting for running ones");
          await http?.close();
          await started.stop({ graceful: true, timeout: deadlineMs, close: true });
          await handle.close();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await http?.close().catch(() => undefined);
    await boss?.stop({ graceful: false, close: true }).catch(() => undefined);
    await handle.close().catch(() => undefined);
    throw error;
  }
}

async function runJob(
  ctx: WorkerContext,
  name: JobName,
  job: JobWithMetadata<object>,
): Promise<void> {
  const attempt: JobAttempt = {
    id: job.id,
    retryCount: job.retryCount,
    retryLimit: job.retryLimit,
    signal: job.signal,
  };
  await processTracedJob(name, job.data, async (data) => {
    const payload = parseJobPayload(name, data);
    const run = () =>
      (PROCESSORS[name] as (c: WorkerContext, p: unknown, j: JobAttempt) => Promise<unknown>)(
        ctx,
        payload,
        attempt,
      );
    const schedule = (
      SCHEDULES as Partial<Record<JobName, (typeof SCHEDULES)[keyof typeof SCHEDULES]>>
    )[name];
    if (schedule !== undefined) {
      await monitorJob(name, schedule.cron, run, {
        checkinMargin: schedule.checkinMargin,
        maxRuntime: schedule.maxRuntime,
        recordRun: (job, status, seconds) => ctx.metrics.service.recordJobRun(job, status, seconds),
      });
      return;
    }
    const started = performance.now();
    try {
      await run();
      ctx.metrics.service.recordJobRun(name, "ok", (performance.now() - started) / 1000);
    } catch (error) {
      ctx.metrics.service.recordJobRun(name, "error", (performance.now() - started) / 1000);
      ctx.log.warn(
        {
          event: "job_failed",
          job: name,
          attempt: job.retryCount + 1,
          of: job.retryLimit + 1,
          err: error,
        },
        `${name} failed (attempt ${job.retryCount + 1} of ${job.retryLimit + 1}); ${isLastAttempt(attempt) ? "giving up" : "will retry"}`,
      );
      throw error;
    }
  });
}

/** A job out of retries: counted, logged once, sent to Sentry, and what it was about kept visible. */
async function recordDeadJob(ctx: WorkerContext, job: JobWithMetadata<object>): Promise<void> {
  const source = job.sourceName ?? "unknown";
  ctx.metrics.deadJob(source);
  const data = job.data as Record<string, unknown>;
  ctx.log.error(
    { event: "dead_job", job: source, job_id: job.sourceId, merchant_id: data.merchantId },
    `${source} job ${job.sourceId ?? job.id} failed every retry and was dead-lettered`,
  );
  captureCategorized("job-failure", new Error(`${source} job failed every retry`), { job: source });
  if (source === "process-email" && typeof data.emailMessageId === "string") {
    // Not lost: the email stays stored, shown to the merchant as needing a look.
    await setEmailState(
      ctx.db,
      data.merchantId as MerchantId,
      data.emailMessageId as EmailMessageId,
      {
        state: "escalated",
        error: "processing failed every retry",
      },
    ).catch(() => undefined);
  }
}

/** `/ready`: the database answers and the queue's schema is there. */
async function readiness(
  db: Database,
  boss: PgBoss,
): Promise<{ ok: boolean; checks: Record<string, string> }> {
  const checks: Record<string, string> = {};
  try {
    await assertMigrated(db);
    checks.database = "ok";
  } catch (error) {
    checks.database = error instanceof Error ? error.message : String(error);
  }
  try {
    checks.queue = (await boss.isInstalled()) ? "ok" : "pg-boss schema missing";
  } catch (error) {
    checks.queue = error instanceof Error ? error.message : String(error);
  }
  return { ok: Object.values(checks).every((v) => v === "ok"), checks };
}
