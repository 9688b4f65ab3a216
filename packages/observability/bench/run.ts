// `pnpm bench`: prints, never asserts. Server on core 0, load generator on core 1 (taskset).
// `BENCH_NODES=/usr/bin/node,../../node_modules/.bin/node` runs every server (and the scrubber
// benchmark) under each of those Node binaries in the same run: for each round and variant, one
// server per binary, the order alternating, and prints them side by side. The load generator
// stays on the runner's Node. Default: the runner's own Node only.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import autocannon, { type Options as LoadOptions } from "autocannon";
import { startEnvelopeReceiver } from "../src/testing/receiver.js";
import { calibrateHeavyRounds } from "./heavy-work.js";
import { benchScrubber } from "./scrubber.js";

const ALL_VARIANTS = [
  "none",
  "raw-errors",
  "raw-0.1",
  "raw-1.0",
  "pkg-defaults",
  "pkg-errors",
  "pkg-1.0",
] as const;
type Variant = (typeof ALL_VARIANTS)[number];
const ALL_ROUTES = ["light", "heavy"] as const;
// `BENCH_VARIANTS=none,pkg-errors` / `BENCH_ROUTES=light` run a subset ("none" is always kept).
const only = (name: string) => process.env[name]?.split(",").map((s) => s.trim());
const VARIANTS = ALL_VARIANTS.filter(
  (v) => v === "none" || (only("BENCH_VARIANTS")?.includes(v) ?? true),
);
const ROUTES = ALL_ROUTES.filter((r) => only("BENCH_ROUTES")?.includes(r) ?? true);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
// Each server runs this long under load before it is measured: in one process at 10 % sampling,
// CPU per request fell from 133 to 73 µs over eight 3 s windows, while an uninstrumented server
// was steady at once. (An A/B of 1 s against 20 s on a fast VM phase was within noise; the
// warm-up stays so that a slow JIT can never pass for telemetry cost.)
const WARMUP_S = Number(process.env.BENCH_WARMUP ?? 20);
const serverScript = fileURLToPath(new URL("./server.ts", import.meta.url));
const NODES = only("BENCH_NODES")?.filter((n) => n.length > 0) ?? [process.execPath];
const COMPARING = process.env.BENCH_NODES !== undefined;
const versionOf = new Map(
  NODES.map((node) => [node, execFileSync(node, ["--version"], { encoding: "utf8" }).trim()]),
);
const label = (node: string) => versionOf.get(node) ?? node;

const heavyRounds = calibrateHeavyRounds();

async function startServer(
  variant: Variant,
  dsn: string,
  node: string,
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    "taskset",
    [
      "-c",
      "0",
      node,
      "--import",
      "tsx",
      "--conditions=@po-pro/source",
      serverScript,
      variant,
      dsn,
      String(heavyRounds),
    ],
    { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, NODE_OPTIONS: "" } },
  );
  const [line] = (await once(child.stdout as NodeJS.ReadableStream, "data")) as [Buffer];
  return { child, port: (JSON.parse(line.toString()) as { port: number }).port };
}

interface Counters {
  cpuMicros: number;
  gcMicros: number;
  workMicros: number;
}

async function counters(port: number): Promise<Counters> {
  const response = await fetch(`http://127.0.0.1:${port}/__cpu`);
  return (await response.json()) as Counters;
}

interface Sample {
  requests: number;
  reqPerSec: number;
  cpuPerRequest: number;
  gcPerRequest: number;
  /** CPU per request outside the route's own work (the /heavy loop), whose speed varies by process. */
  overheadPerRequest: number;
}

function routeOptions(port: number, route: (typeof ALL_ROUTES)[number]): LoadOptions {
  const url = `http://127.0.0.1:${port}/${route}`;
  return route === "light"
    ? {
        url,
        method: "POST",
        body: JSON.stringify({ id: 7, lines: [1, 2, 3] }),
        headers: { "content-type": "application/json" },
      }
    : { url };
}

async function measure(port: number, route: (typeof ROUTES)[number]): Promise<Sample> {
  const options = routeOptions(port, route);
  await autocannon({ ...options, connections: 16, duration: 1 }); // this route's own warm-up
  const before = await counters(port);
  const result = await autocannon({ ...options, connections: 16, duration: DURATION_S });
  const after = await counters(port);
  const perRequest = (key: keyof Counters) => (after[key] - before[key]) / result.requests.total;
  return {
    requests: result.requests.total,
    reqPerSec: result.requests.total / DURATION_S,
    cpuPerRequest: perRequest("cpuMicros"),
    gcPerRequest: perRequest("gcMicros"),
    overheadPerRequest: perRequest("cpuMicros") - perRequest("workMicros"),
  };
}

type Scrub = ReturnType<typeof benchScrubber>;
/** Under another binary, the scrubber benchmark runs in a child process of that binary. */
function scrubberOn(node: string): Scrub {
  if (!COMPARING) return benchScrubber();
  const script = fileURLToPath(new URL("./scrubber-child.ts", import.meta.url));
  const out = execFileSync(node, ["--import", "tsx", "--conditions=@po-pro/source", script], {
    encoding: "utf8",
    env: { ...process.env, NODE_OPTIONS: "" },
  });
  return JSON.parse(out) as Scrub;
}
const fmt = (n: number) => Math.round(n).toLocaleString("en");
const scrubs = new Map<string, Scrub[]>(NODES.map((n) => [n, []]));
// With several binaries, ROUNDS alternating runs each (medians); otherwise one run, as before.
for (let round = 0; round < (COMPARING ? ROUNDS : 1); round++) {
  for (const node of round % 2 ? [...NODES].reverse() : NODES) {
    scrubs.get(node)?.push(scrubberOn(node));
  }
}
for (const node of NODES) {
  const runs = scrubs.get(node) ?? [];
  const mid = (pick: (s: Scrub) => number) => {
    const values = runs.map(pick).sort((a, b) => a - b);
    return values[values.length >> 1] ?? 0;
  };
  const scrub = runs[0] as Scrub;
  const unique = mid((s) => s.uniquePerSecond);
  const json = mid((s) => s.jsonPerSecond);
  console.log(
    `${COMPARING ? `[${label(node)}, median of ${runs.length} alternating runs] ` : ""}scrubber on a ${(scrub.bytes / 1024).toFixed(1)} KB event, one core:`,
  );
  console.log(`  repeating content: ${fmt(mid((s) => s.repeatingPerSecond))} events/s`);
  console.log(
    `  every string unique: ${fmt(unique)} events/s ` +
      `(peer, JSON parse+stringify of the same events: ${fmt(json)}/s, ratio ${(unique / json).toFixed(2)})`,
  );
}

const receiver = await startEnvelopeReceiver();
const results = new Map<string, Sample[]>();
const keyOf = (node: string, variant: Variant, route: string) =>
  COMPARING ? `${node}|${variant}/${route}` : `${variant}/${route}`;
for (let round = 0; round < ROUNDS; round++) {
  for (const [index, variant] of VARIANTS.entries()) {
    // Each variant's binaries run back to back, the order alternating, so a slow phase of the
    // machine hits both runtimes of a variant alike.
    for (const node of (round + index) % 2 ? [...NODES].reverse() : NODES) {
      const { child, port } = await startServer(variant, receiver.dsn, node);
      try {
        await autocannon({ ...routeOptions(port, "light"), connections: 16, duration: WARMUP_S });
        for (const route of ROUTES) {
          const sample = await measure(port, route);
          const key = keyOf(node, variant, route);
          results.set(key, [...(results.get(key) ?? []), sample]);
        }
      } finally {
        child.kill("SIGTERM");
        await once(child, "exit");
      }
      receiver.reset();
    }
  }
}
await receiver.close();

// Medians over rounds: one server process in a round can run 20 % off its peers on a shared VM.
const median = (samples: Sample[], pick: (s: Sample) => number) => {
  const values = samples.map(pick).sort((a, b) => a - b);
  const middle = values.length >> 1;
  return values.length % 2
    ? (values[middle] ?? 0)
    : ((values[middle - 1] ?? 0) + (values[middle] ?? 0)) / 2;
};
// Added µs/req compares CPU outside the route's own work, so the few percent by which the /heavy
// loop's speed differs between processes do not count as telemetry; "same work" is the throughput
// ratio that follows from it (a saturated core serves 1 / CPU-per-request).
interface Row {
  rps: number;
  vsNone: number;
  cpu: number;
  gc: number;
  added: number;
  sameWork: number;
}
const rowsOf = new Map<string, Row>();
for (const node of NODES)
  for (const route of ROUTES) {
    const base = results.get(keyOf(node, "none", route)) ?? [];
    const baseRps = median(base, (s) => s.reqPerSec);
    const baseCpu = median(base, (s) => s.cpuPerRequest);
    const baseOverhead = median(base, (s) => s.overheadPerRequest);
    console.log(
      `\n${COMPARING ? `[${label(node)}] ` : ""}route /${route} (median of ${ROUNDS} interleaved rounds x ${DURATION_S}s after ${WARMUP_S}s warm-up, 16 connections)`,
    );
    console.log(
      "variant        req/s   vs none   CPU µs/req   GC µs/req   added µs/req   vs none, same work",
    );
    for (const variant of VARIANTS) {
      const samples = results.get(keyOf(node, variant, route)) ?? [];
      const rps = median(samples, (s) => s.reqPerSec);
      const cpu = median(samples, (s) => s.cpuPerRequest);
      const gc = median(samples, (s) => s.gcPerRequest);
      const added = median(samples, (s) => s.overheadPerRequest) - baseOverhead;
      rowsOf.set(keyOf(node, variant, route), {
        rps,
        vsNone: rps / baseRps,
        cpu,
        gc,
        added,
        sameWork: baseCpu / (baseCpu + added),
      });
      console.log(
        [
          variant.padEnd(13),
          rps.toFixed(0).padStart(6),
          (rps / baseRps).toFixed(2).padStart(9),
          cpu.toFixed(1).padStart(12),
          gc.toFixed(1).padStart(11),
          added.toFixed(1).padStart(14),
          (baseCpu / (baseCpu + added)).toFixed(2).padStart(20),
        ].join(""),
      );
    }
  }

// Side by side, one Markdown table per route: each runtime's figures against its own "none".
if (COMPARING) {
  for (const route of ROUTES) {
    const header = [
      "variant",
      ...NODES.map((n) => `${label(n)} req/s`),
      ...NODES.map((n) => `${label(n)} CPU µs/req`),
      ...NODES.map((n) => `${label(n)} added µs/req`),
      ...NODES.map((n) => `${label(n)} vs none, same work`),
    ];
    console.log(`\n/${route}: ${NODES.map((n) => `${label(n)} = ${n}`).join(", ")}`);
    console.log(`| ${header.join(" | ")} |`);
    console.log(`|${header.map((_, i) => (i === 0 ? " --- " : " ---: ")).join("|")}|`);
    for (const variant of VARIANTS) {
      const rows = NODES.map((n) => rowsOf.get(keyOf(n, variant, route)) as Row);
      console.log(
        `| ${[
          variant,
          ...rows.map((r) => r.rps.toFixed(0)),
          ...rows.map((r) => r.cpu.toFixed(1)),
          ...rows.map((r) => r.added.toFixed(1)),
          ...rows.map((r) => r.sameWork.toFixed(2)),
        ].join(" | ")} |`,
      );
    }
  }
}
