/**
 * One worker process of the throughput benchmark: `startWorker` as `main.ts` runs it (local
 * mailbox, no schedules), with every SQL statement counted — ours through `@po-pro/db`'s `onQuery`,
 * pg-boss's by wrapping `pg`'s `Client.prototype.query`. Driven over IPC by `throughput.ts`.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { createRequire, registerHooks } from "node:module";
import { Writable } from "node:stream";
import { createAnthropicProvider, createLlm, createLocalProvider, type Llm } from "@po-pro/llm";
import pino from "pino";
import type { BenchConfig, ChildMessage, ParentMessage, StatementCounts } from "./protocol.js";

const config = JSON.parse(process.argv[2] ?? "{}") as BenchConfig;

// The worker's `import … from "@po-pro/db"` gets the counting `createDb`; nothing else changes.
const countedDb = new URL("./counted-db.ts", import.meta.url).href;
registerHooks({
  resolve(specifier, context, next) {
    if (specifier === "@po-pro/db" && context.parentURL?.endsWith("/apps/worker/src/worker.ts")) {
      return { url: countedDb, shortCircuit: true };
    }
    return next(specifier, context);
  },
});

/** Which job a statement ran for, when the driver sends it in the job's async context. */
const currentJob = new AsyncLocalStorage<string>();
let ours = new Map<string, number>();
let boss = new Map<string, number>();
let cpuAtReset = process.cpuUsage();

function count(into: Map<string, number>, sql: string): void {
  const job = currentJob.getStore() ?? "other";
  const key = `${job}\t${statementKey(sql)}`;
  into.set(key, (into.get(key) ?? 0) + 1);
}

/** A statement's shape: whitespace collapsed, cut short, so repeats of one query add up. */
function statementKey(sql: string): string {
  return sql.replace(/\s+/g, " ").trim().slice(0, 140);
}

// pg-boss talks to PostgreSQL through `pg`: the copy pg-boss itself resolves.
const pgBossEntry = createRequire(import.meta.url).resolve("pg-boss");
const pg = createRequire(pgBossEntry)("pg") as {
  Client: { prototype: { query: (...args: unknown[]) => unknown } };
};
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(this: unknown, ...args: unknown[]) {
  const [first] = args;
  const text =
    typeof first === "string" ? first : String((first as { text?: unknown } | null)?.text ?? "");
  count(boss, text);
  return query.apply(this, args);
};

const { onWorkerQuery } = (await import(countedDb)) as typeof import("./counted-db.js");
onWorkerQuery((sql) => count(ours, sql));

const { TEST_SETTINGS } = await import("../test/harness.js");
const { startWorker } = await import("../src/worker.js");
const { localMailboxes } = await import("../src/mailboxes.js");
const { createWorkerMetrics } = await import("../src/metrics.js");
const { PROCESSORS } = await import("../src/processors/index.js");

// Tags each handler's statements with its job name (statements the driver queues and sends later
// from another context land in "other"; the report says how many).
const processors = PROCESSORS as unknown as Record<
  string,
  (...args: unknown[]) => Promise<unknown>
>;
let durations = new Map<string, number[]>();
for (const [name, processor] of Object.entries(processors)) {
  processors[name] = (...args: unknown[]) =>
    currentJob.run(name, async () => {
      const started = performance.now();
      try {
        return await processor(...args);
      } finally {
        const list = durations.get(name) ?? [];
        list.push(performance.now() - started);
        durations.set(name, list);
      }
    });
}

let warnings = new Map<string, number>();
const warningTally = new Writable({
  write(chunk, _encoding, done) {
    for (const line of String(chunk).split("\n")) {
      if (line.trim() === "") continue;
      const record = JSON.parse(line) as {
        event?: string;
        job?: string;
        err?: { message?: string; cause?: { message?: string } };
      };
      const message = (record.err?.cause?.message ?? record.err?.message ?? "")
        .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<id>")
        .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, "<time>")
        .replace(/\s+/g, " ")
        .slice(-120);
      const key = [record.event, record.job, message].filter(Boolean).join(": ");
      warnings.set(key, (warnings.get(key) ?? 0) + 1);
    }
    done();
  },
});

function llm(): Llm {
  if (config.llm === "local") return createLlm({ providers: [createLocalProvider()] });
  return createLlm({
    providers: [
      createAnthropicProvider({ apiKey: "test", model: "claude-test", baseURL: config.llmUrl }),
    ],
  });
}

const worker = await startWorker({
  databaseUrl: config.databaseUrl,
  llm: llm(),
  mailboxes: (db) => localMailboxes(db),
  settings: TEST_SETTINGS,
  // Logged as in production (JSON, info) into /dev/null; warnings and errors are also tallied.
  log: pino(
    { level: "info" },
    pino.multistream([
      { level: "info", stream: pino.destination({ dest: "/dev/null", sync: false }) },
      { level: "warn", stream: warningTally },
    ]),
  ),
  metrics: createWorkerMetrics({ environment: "bench", processMetrics: false }),
  schedules: false,
  concurrency: config.concurrency,
  pollingIntervalSeconds: config.pollingIntervalSeconds,
});

function send(message: ChildMessage): void {
  process.send?.(message);
}

function snapshot(): StatementCounts {
  const cpu = process.cpuUsage(cpuAtReset);
  return {
    ours: Object.fromEntries(ours),
    boss: Object.fromEntries(boss),
    cpuMs: (cpu.user + cpu.system) / 1000,
    warnings: Object.fromEntries(warnings),
    durations: Object.fromEntries(durations),
  };
}

process.on("message", (message: ParentMessage) => {
  switch (message.type) {
    case "reset":
      ours = new Map();
      boss = new Map();
      warnings = new Map();
      durations = new Map();
      cpuAtReset = process.cpuUsage();
      send({ type: "reset" });
      break;
    case "report":
      send({ type: "report", counts: snapshot() });
      break;
    case "stop":
      void worker.stop(5_000).finally(() => process.exit(0));
      break;
  }
});
send({ type: "ready" });
