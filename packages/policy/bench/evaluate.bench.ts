/**
 * Evaluations per second for the default policy over the fixture corpus, side by side with
 * the same decisions expressed in json-rules-engine and in @gorules/zen-engine. Prints; never
 * asserts. Run on one core for comparable figures:
 *
 *   taskset -c 0 pnpm bench            (options: -- --rounds=5 --seconds=2)
 *
 * `BENCH_NODES=/usr/bin/node,../../node_modules/.bin/node pnpm bench` runs the same rounds on
 * each of those Node binaries in one run, interleaved, and prints them side by side (nodes.ts).
 *
 * Corpus: every scenario labelled under policies/default.json; one evaluation = one
 * scenario's order + labelled extraction. The peers are asynchronous, so each is timed
 * awaiting one evaluation at a time (as the worker would) and with 64 in flight (their
 * throughput mode). Before timing, all three engines must agree with
 * each other and with the labels on every scenario (action, status, breached rules).
 */
import { readFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { compilePolicy } from "../src/compile.js";
import { evaluate } from "../src/evaluate.js";
import { parsePolicyOrThrow } from "../src/parse.js";
import { loadPolicyDocument, loadScenarios } from "../test/fixtures.js";
import type { Outline } from "./facts.js";
import { createJsonRulesEngine } from "./json-rules-engine.js";
import { benchNodes, compareNodes, isNodeWorker, type RoundResult, serveRounds } from "./nodes.js";
import { createZenEngine } from "./zen-engine.js";

function option(name: string, fallback: number): number {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  const value = arg === undefined ? Number.NaN : Number(arg.slice(name.length + 3));
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const ROUNDS = option("rounds", 5);
const SECONDS = option("seconds", 2);
const WARMUP_SECONDS = 1;

if (benchNodes().length > 0 && !isNodeWorker()) {
  await compareNodes(benchNodes(), ROUNDS);
  process.exit(0);
}

const policy = parsePolicyOrThrow(loadPolicyDocument("default"));
const corpus = loadScenarios()
  .map(({ scenario }) => scenario)
  .filter((s) => s.policy === "default");
const cases = corpus.map((s) => ({ order: s.order, response: s.expected.extraction }));

const compiled = compilePolicy(policy);
const ours = (i: number): Outline => {
  const c = cases[i % cases.length] as (typeof cases)[number];
  const d = evaluate(compiled, c.order, c.response);
  return {
    recommendedAction: d.recommendedAction,
    complianceStatus: d.complianceStatus,
    breachedRules: d.matchedRules.map((r) => r.ruleId),
  };
};
const jre = createJsonRulesEngine(policy);
const zen = createZenEngine(policy);

// ---- agreement, before any timing
const key = (o: Outline) =>
  `${o.recommendedAction}|${o.complianceStatus}|${o.breachedRules.join(",")}`;
let disagreements = 0;
for (const [i, s] of corpus.entries()) {
  const c = cases[i] as (typeof cases)[number];
  const label = key(s.expected.decision);
  const results = {
    ours: key(ours(i)),
    "json-rules-engine": key(await jre(c.order, c.response)),
    zen: key(await zen.evaluate(c.order, c.response)),
  };
  for (const [engine, got] of Object.entries(results)) {
    if (got !== label) {
      disagreements++;
      console.error(`DISAGREE ${s.id} ${engine}: ${got} (label ${label})`);
    }
  }
}
if (disagreements > 0) {
  console.error(`${disagreements} disagreement(s): not timing engines that decide differently.`);
  process.exit(1);
}

// ---- timing
interface Runner {
  readonly name: string;
  readonly run: (deadline: number) => Promise<number> | number;
}

const now = () => performance.now();
let sink = 0;

/** Our engine is synchronous: check the clock once per pass over the corpus. */
function runOurs(deadline: number): number {
  let n = 0;
  while (now() < deadline) {
    for (const c of cases) {
      sink += evaluate(compiled, c.order, c.response).matchedRules.length;
    }
    n += cases.length;
  }
  return n;
}

/** The peers are asynchronous: one evaluation at a time, awaited, as the worker would. */
function runAsync(evaluateOne: (c: (typeof cases)[number]) => Promise<Outline>) {
  return async (deadline: number): Promise<number> => {
    let n = 0;
    while (now() < deadline) {
      for (const c of cases) {
        sink += (await evaluateOne(c)).breachedRules.length;
      }
      n += cases.length;
    }
    return n;
  };
}

/** The peers' throughput mode: IN_FLIGHT evaluations started together, then awaited. */
const IN_FLIGHT = 64;
function runBatched(evaluateOne: (c: (typeof cases)[number]) => Promise<Outline>) {
  const batch = Array.from(
    { length: IN_FLIGHT },
    (_, i) => cases[i % cases.length] as (typeof cases)[number],
  );
  return async (deadline: number): Promise<number> => {
    let n = 0;
    while (now() < deadline) {
      for (const outline of await Promise.all(batch.map(evaluateOne)))
        sink += outline.breachedRules.length;
      n += batch.length;
    }
    return n;
  };
}

const jreName = `json-rules-engine ${devVersion("json-rules-engine")}`;
const zenName = `@gorules/zen-engine ${devVersion("@gorules/zen-engine")}`;
const viaJre = (c: (typeof cases)[number]) => jre(c.order, c.response);
const viaZen = (c: (typeof cases)[number]) => zen.evaluate(c.order, c.response);
const runners: Runner[] = [
  { name: "@po-pro/policy (this package)", run: runOurs },
  { name: `${jreName}, one at a time`, run: runAsync(viaJre) },
  { name: `${jreName}, ${IN_FLIGHT} in flight`, run: runBatched(viaJre) },
  { name: `${zenName}, one at a time`, run: runAsync(viaZen) },
  { name: `${zenName}, ${IN_FLIGHT} in flight`, run: runBatched(viaZen) },
];

function devVersion(name: string): string {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    devDependencies: Record<string, string>;
  };
  return pkg.devDependencies[name] ?? "";
}

for (const r of runners) await r.run(now() + WARMUP_SECONDS * 1000);

// Per round and engine: evaluations per wall-clock second, and per second of CPU time this
// process used (all its threads), which a busy neighbour on the same core disturbs far less.
async function oneRound(): Promise<RoundResult[]> {
  const results: RoundResult[] = [];
  // Interleaved, so a noisy neighbour or thermal drift hits every engine alike.
  for (const r of runners) {
    const cpuStart = process.cpuUsage();
    const start = now();
    const n = await r.run(start + SECONDS * 1000);
    const seconds = (now() - start) / 1000;
    const used = process.cpuUsage(cpuStart);
    results.push({ name: r.name, wall: n / seconds, cpu: n / ((used.user + used.system) / 1e6) });
  }
  return results;
}

if (isNodeWorker()) {
  await serveRounds(
    `${cpus()[0]?.model ?? "unknown CPU"}, allowed CPUs ${allowedCpus()}, ${SECONDS} s per engine and round after ${WARMUP_SECONDS} s warm-up, corpus ${cases.length} scenarios (all engines agree with the labels)`,
    oneRound,
  );
  zen.dispose();
  process.exit(0);
}

const wall = new Map<string, number[]>(runners.map((r) => [r.name, []]));
const cpu = new Map<string, number[]>(runners.map((r) => [r.name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const { name, wall: w, cpu: c } of await oneRound()) {
    wall.get(name)?.push(w);
    cpu.get(name)?.push(c);
  }
}
zen.dispose();

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function allowedCpus(): string {
  try {
    const line = readFileSync("/proc/self/status", "utf8")
      .split("\n")
      .find((l) => l.startsWith("Cpus_allowed_list:"));
    return line?.split(":")[1]?.trim() ?? "?";
  } catch {
    return "?";
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const ratio = (ours: number, peer: number) => `${(ours / peer).toFixed(1)}×`;
const oursName = runners[0]?.name ?? "";
const oursWall = median(wall.get(oursName) ?? []);
const oursCpu = median(cpu.get(oursName) ?? []);
console.log(
  `node ${process.version}, ${cpus()[0]?.model ?? "unknown CPU"}, ${availableParallelism()} CPU(s) available (allowed: ${allowedCpus()})`,
);
console.log(
  `corpus: ${cases.length} scenarios labelled under policies/default.json; all three engines agree with the labels on every one`,
);
console.log(
  `${ROUNDS} interleaved rounds × ${SECONDS} s per engine after ${WARMUP_SECONDS} s warm-up; medians over rounds; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}\n`,
);
const rows = runners.map((r) => {
  const w = wall.get(r.name) ?? [];
  const c = median(cpu.get(r.name) ?? []);
  return [
    r.name,
    fmt(median(w)),
    `${fmt(Math.min(...w))} – ${fmt(Math.max(...w))}`,
    ratio(oursWall, median(w)),
    fmt(c),
    ratio(oursCpu, c),
  ];
});
const header = [
  "engine",
  "evals/s (median)",
  "range over rounds",
  "ours ÷ engine",
  "evals/CPU-s",
  "ours ÷ engine (CPU)",
];
const widths = header.map((h, i) =>
  Math.max(h.length, ...rows.map((row) => (row[i] as string).length)),
);
const line = (cells: string[]) =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
console.log(line(header));
console.log(widths.map((w) => "-".repeat(w)).join("  "));
for (const row of rows) console.log(line(row));
if (sink === -1) console.log(sink); // keeps the results observable
