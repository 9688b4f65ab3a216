/**
 * How fast the worker gets through supplier replies, with the LLM answering instantly (an
 * Anthropic wire server driven by the real SDK) and a real PostgreSQL: replies per second with 1
 * and 2 worker processes, SQL statements per reply (ours and pg-boss's), and the same workload with
 * the keyless local extractor as a peer. Prints; asserts nothing.
 *
 *   pnpm bench [--replies 500] [--concurrency 8] [--polling 0.5] [--admin-url postgres://…]
 */
import { type ChildProcess, spawn } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { Database } from "@po-pro/db";
import { createTestDatabase, inBatches, queryRows } from "@po-pro/db/testing";
import { enqueue } from "@po-pro/jobs";
import { anthropic, startWireServer, type WireServer } from "@po-pro/llm/testing";
import { sql } from "drizzle-orm";
import { PgBoss } from "pg-boss";
import type { BenchConfig, ChildMessage, ParentMessage, StatementCounts } from "./protocol.js";
import { seedWorkload } from "./workload.js";

const { values: args } = parseArgs({
  options: {
    replies: { type: "string", default: "500" },
    concurrency: { type: "string", default: "8" },
    polling: { type: "string", default: "0.5" },
    "admin-url": { type: "string", default: "postgres://postgres@127.0.0.1:5432/postgres" },
    scenarios: { type: "string", default: "anthropic:1,anthropic:2,local:1" },
    top: { type: "string", default: "12" },
    "cpu-prof": { type: "string" },
  },
});
const N = Number(args.replies);
const CONCURRENCY = Number(args.concurrency);
const POLLING = Number(args.polling);
const ADMIN_URL = args["admin-url"];
const TOP = Number(args.top);
const ENTRY = fileURLToPath(new URL("./worker-process.ts", import.meta.url));

interface Scenario {
  readonly llm: BenchConfig["llm"];
  readonly workers: number;
}

interface RunResult {
  readonly scenario: Scenario;
  readonly processedSeconds: number;
  readonly sentSeconds: number;
  readonly enqueueSeconds: number;
  readonly processed: number;
  readonly sent: number;
  readonly decisions: Record<string, number>;
  readonly counts: StatementCounts[];
  readonly parentCpuMs: number;
  readonly llmRequests: number;
  /** PostgreSQL sessions on other databases when the run started (other tests on the server). */
  readonly neighbours: number;
  /** The machine's 1-minute load average when the run started. */
  readonly load: number;
  /** Busy CPU time of the whole machine during the run (PostgreSQL and any neighbour included). */
  readonly machineCpuMs: number;
}

const scenarios: Scenario[] = args.scenarios.split(",").map((entry) => {
  const [llm, workers] = entry.split(":");
  if (llm !== "anthropic" && llm !== "local") throw new Error(`unknown llm "${llm}" in ${entry}`);
  return { llm, workers: Number(workers ?? 1) };
});

// The extractor's answer to every request: a plain confirmation, which the default policy accepts.
const wire = await startWireServer(
  anthropic.toolUse({ kind: "confirmation", lines: [], riskSignals: [], confidence: 0.95 }),
);

const results: RunResult[] = [];
try {
  for (const scenario of scenarios) results.push(await run(scenario, wire));
} finally {
  await wire.close();
}
report(results);

async function run(scenario: Scenario, server: WireServer): Promise<RunResult> {
  const label = `${scenario.llm} × ${scenario.workers}`;
  const database = await createTestDatabase({ adminUrl: ADMIN_URL });
  const children: Child[] = [];
  let boss: PgBoss | undefined;
  try {
    const url = database.url as string;
    const seeding = performance.now();
    const workload = await seedWorkload(database.db, N);
    log(`${label}: seeded ${N} orders + replies in ${ms(performance.now() - seeding)}`);

    const config: BenchConfig = {
      databaseUrl: url,
      llm: scenario.llm,
      llmUrl: server.url,
      concurrency: CONCURRENCY,
      pollingIntervalSeconds: POLLING,
    };
    for (let i = 0; i < scenario.workers; i++) children.push(await startChild(config));
    boss = new PgBoss({ connectionString: url, schedule: false, supervise: false, max: 8 });
    await boss.start();
    const requestsBefore = server.requests.length;
    await Promise.all(children.map((child) => child.ask({ type: "reset" }, "reset")));

    const neighbours = await otherSessions(database.db);
    const load = loadavg()[0] ?? 0;
    const machineBefore = machineBusyMs();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const queue = boss;
    await inBatches(N, 8, async (i) => {
      await enqueue(queue, "process-email", {
        merchantId: workload.merchantId,
        emailMessageId: workload.emailIds[i] as string,
      });
    });
    const enqueueSeconds = (performance.now() - started) / 1000;

    let processedAt: number | undefined;
    let progress = { processed: 0, sent: 0, queued: 0 };
    let lastChange = performance.now();
    for (;;) {
      const now = await completion(database.db);
      const at = performance.now();
      if (now.processed !== progress.processed || now.sent !== progress.sent) lastChange = at;
      progress = now;
      if (processedAt === undefined && now.processed >= N) processedAt = at;
      if (processedAt !== undefined && now.sent >= now.queued) break;
      if (at - lastChange > 30_000) {
        // Reported anyway (the warnings below usually say why); the rates then mean little.
        log(`${label}: STALLED for 30 s at ${JSON.stringify(now)} of ${N} replies; giving up`);
        processedAt ??= at;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const sentSeconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const machineCpuMs = machineBusyMs() - machineBefore;
    const counts = await Promise.all(
      children.map(async (child) => {
        const message = await child.ask({ type: "report" }, "report");
        return (message as Extract<ChildMessage, { type: "report" }>).counts;
      }),
    );
    const result: RunResult = {
      scenario,
      processedSeconds: ((processedAt as number) - started) / 1000,
      sentSeconds,
      enqueueSeconds,
      processed: progress.processed,
      sent: progress.sent,
      decisions: await decisions(database.db),
      counts,
      parentCpuMs: (cpu.user + cpu.system) / 1000,
      llmRequests: server.requests.length - requestsBefore,
      neighbours,
      load,
      machineCpuMs,
    };
    log(
      `${label}: ${N} replies processed in ${result.processedSeconds.toFixed(2)} s ` +
        `(${(N / result.processedSeconds).toFixed(1)}/s); confirmations sent by ${sentSeconds.toFixed(2)} s`,
    );
    return result;
  } finally {
    await Promise.all(children.map((child) => child.stop()));
    await boss?.stop({ graceful: false, close: true }).catch(() => undefined);
    await database.close();
  }
}

async function completion(
  db: Database,
): Promise<{ processed: number; sent: number; queued: number }> {
  const [row] = await queryRows<{ processed: number; sent: number; queued: number }>(
    db,
    sql`select
      (select count(*)::int from email_messages
         where direction = 'inbound' and processing_state in ('processed', 'escalated', 'ignored')) as processed,
      (select count(*)::int from outbox where status = 'sent') as sent,
      (select count(*)::int from outbox) as queued`,
  );
  return row ?? { processed: 0, sent: 0, queued: 0 };
}

async function otherSessions(db: Database): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from pg_stat_activity
        where datname is not null and datname <> current_database() and pid <> pg_backend_pid()`,
  );
  return row?.n ?? 0;
}

async function decisions(db: Database): Promise<Record<string, number>> {
  const rows = await queryRows<{ action: string; n: number }>(
    db,
    sql`select recommended_action as action, count(*)::int as n from decisions group by 1 order by 1`,
  );
  return Object.fromEntries(rows.map((row) => [row.action, row.n]));
}

interface Child {
  ask(message: ParentMessage, answer: ChildMessage["type"]): Promise<ChildMessage>;
  stop(): Promise<void>;
}

/** A worker in its own process (own event loop), started the way `pnpm start` starts one. */
async function startChild(config: BenchConfig): Promise<Child> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      "--conditions=@po-pro/source",
      "--import",
      "tsx",
      ...(args["cpu-prof"] !== undefined
        ? ["--cpu-prof", `--cpu-prof-dir=${args["cpu-prof"]}`]
        : []),
      ENTRY,
      JSON.stringify(config),
    ],
    { stdio: ["ignore", "inherit", "inherit", "ipc"] },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const next = (type: ChildMessage["type"]) =>
    new Promise<ChildMessage>((resolve, reject) => {
      const onMessage = (message: ChildMessage) => {
        if (message.type !== type) return;
        child.off("message", onMessage);
        child.off("exit", onExit);
        resolve(message);
      };
      const onExit = (code: number | null) =>
        reject(new Error(`worker process exited (${code}) before "${type}"`));
      child.on("message", onMessage);
      child.once("exit", onExit);
    });
  await next("ready");
  return {
    ask(message, answer) {
      const reply = next(answer);
      child.send(message);
      return reply;
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.send({ type: "stop" } satisfies ParentMessage);
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function report(all: readonly RunResult[]): void {
  console.log(
    `\nPO Pro worker throughput — ${N} replies, concurrency ${CONCURRENCY}, polling ${POLLING} s, ${cpus().length} CPUs`,
  );
  console.log(
    "(replies/s: first enqueue → every reply processed; +sent: until every confirmation email is sent too)\n",
  );
  const rows = all.map((r) => {
    const ours = total(r.counts, "ours");
    const boss = total(r.counts, "boss");
    const workerCpu = r.counts.reduce((sum, c) => sum + c.cpuMs, 0);
    return {
      run: `${r.scenario.llm} × ${r.scenario.workers}`,
      "replies/s": round(N / r.processedSeconds),
      "replies/s +sent": round(N / r.sentSeconds),
      "processed s": round(r.processedSeconds, 2),
      "enqueue s": round(r.enqueueSeconds, 2),
      "our SQL/reply": round(ours / N),
      "pg-boss SQL/reply": round(boss / N),
      "worker CPU ms/reply": round(workerCpu / N, 2),
      "parent CPU ms/reply": round(r.parentCpuMs / N, 2),
      "machine CPU ms/reply": round(r.machineCpuMs / N, 2),
      "LLM requests": r.llmRequests,
      decisions: Object.entries(r.decisions)
        .map(([action, n]) => `${action} ${n}`)
        .join(", "),
      sent: r.sent,
      "load avg": round(r.load, 2),
      "other PG sessions": r.neighbours,
    };
  });
  console.table(rows);
  for (const r of all) {
    const durations = new Map<string, number[]>();
    for (const c of r.counts)
      for (const [job, list] of Object.entries(c.durations))
        durations.set(job, [...(durations.get(job) ?? []), ...list]);
    const handlers = [...durations].map(([job, list]) => {
      const sorted = [...list].sort((a, b) => a - b);
      const at = (q: number) =>
        round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
      return `${job} p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`;
    });
    console.log(`  ${r.scenario.llm} × ${r.scenario.workers} handler time: ${handlers.join("; ")}`);
    const warnings = new Map<string, number>();
    for (const c of r.counts)
      for (const [key, n] of Object.entries(c.warnings))
        warnings.set(key, (warnings.get(key) ?? 0) + n);
    for (const [key, n] of [...warnings].sort((a, b) => b[1] - a[1]).slice(0, 6)) {
      console.log(`  ${r.scenario.llm} × ${r.scenario.workers} logged ${n} × ${key}`);
    }
  }

  const find = (llm: string, workers: number) =>
    all.find((r) => r.scenario.llm === llm && r.scenario.workers === workers);
  const rate = (r: RunResult | undefined) => (r === undefined ? undefined : N / r.processedSeconds);
  const one = rate(find("anthropic", 1));
  const two = rate(find("anthropic", 2));
  const local = rate(find("local", 1));
  if (one !== undefined && two !== undefined) {
    console.log(`2 workers vs 1 (anthropic wire server): ×${(two / one).toFixed(2)}`);
  }
  if (one !== undefined && local !== undefined) {
    console.log(
      `anthropic wire server vs keyless local extractor (1 worker): ×${(one / local).toFixed(2)}`,
    );
  }

  const first = all[0];
  if (first === undefined) return;
  for (const source of ["ours", "boss"] as const) {
    const merged = new Map<string, number>();
    for (const counts of first.counts) {
      for (const [key, n] of Object.entries(counts[source]))
        merged.set(key, (merged.get(key) ?? 0) + n);
    }
    const byJob = new Map<string, number>();
    for (const [key, n] of merged) {
      const job = key.split("\t")[0] as string;
      byJob.set(job, (byJob.get(job) ?? 0) + n);
    }
    console.log(
      `\n${source === "ours" ? "Our" : "pg-boss's"} statements per reply in "${first.scenario.llm} × ${first.scenario.workers}", by job: ` +
        [...byJob].map(([job, n]) => `${job} ${round(n / N)}`).join(", "),
    );
    const top = [...merged].sort((a, b) => b[1] - a[1]).slice(0, TOP);
    for (const [key, n] of top) {
      const [job, statement] = key.split("\t");
      console.log(
        `  ${round(n / N)
          .toString()
          .padStart(6)}  [${job}] ${statement}`,
      );
    }
  }
}

function total(counts: readonly StatementCounts[], source: "ours" | "boss"): number {
  let sum = 0;
  for (const c of counts) for (const n of Object.values(c[source])) sum += n;
  return sum;
}

/** Non-idle CPU time of every core since boot, in milliseconds. */
function machineBusyMs(): number {
  let busy = 0;
  for (const { times } of cpus()) busy += times.user + times.nice + times.sys + times.irq;
  return busy;
}

function round(value: number, digits = 1): number {
  return Number(value.toFixed(digits));
}

function ms(value: number): string {
  return `${Math.round(value)} ms`;
}

function log(message: string): void {
  console.log(`[bench] ${message}`);
}
