/**
 * `BENCH_NODES=/usr/bin/node,../../node_modules/.bin/node pnpm bench`: the same benchmark on
 * several Node binaries in one run. One worker process per binary (`node --import tsx`, the way
 * `pnpm bench` runs it) checks agreement and warms up, then the workers run one round each in
 * turn, the order alternating between rounds (A B, B A, …), so a slow phase of a shared machine
 * hits every runtime alike. Only one worker runs at a time; the others wait on their IPC channel.
 * Prints each runtime's medians and a side-by-side Markdown table.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

export interface RoundResult {
  readonly name: string;
  readonly wall: number;
  readonly cpu: number;
}

export type WorkerMessage =
  | { readonly type: "ready"; readonly version: string; readonly banner: string }
  | { readonly type: "round"; readonly results: readonly RoundResult[] };

/** True in a process that `compareNodes` spawned: it serves rounds instead of printing. */
export const isNodeWorker = () =>
  process.env.BENCH_NODE_WORKER === "1" && typeof process.send === "function";

/** The binaries named by `BENCH_NODES` (comma-separated), or none. */
export function benchNodes(): string[] {
  return (process.env.BENCH_NODES ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** In a worker: announce readiness, then run one round per request until told to stop. */
export async function serveRounds(
  banner: string,
  round: () => Promise<RoundResult[]>,
): Promise<void> {
  const send = (message: WorkerMessage) =>
    new Promise<void>((resolve, reject) =>
      process.send?.(message, undefined, {}, (error) => (error ? reject(error) : resolve())),
    );
  // Queued from the start, so that no request can arrive between two waits unheard.
  const inbox: { type: string }[] = [];
  let wake: (() => void) | undefined;
  process.on("message", (message: { type: string }) => {
    inbox.push(message);
    wake?.();
  });
  await send({ type: "ready", version: process.version, banner });
  for (;;) {
    while (inbox.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    const message = inbox.shift() as { type: string };
    if (message.type !== "round") break;
    await send({ type: "round", results: await round() });
  }
  process.disconnect();
}

interface Worker {
  readonly node: string;
  readonly child: ChildProcess;
  readonly version: string;
  readonly banner: string;
  readonly rounds: RoundResult[][];
}

async function nextMessage(child: ChildProcess): Promise<WorkerMessage> {
  const exited = once(child, "exit").then(([code]) => {
    throw new Error(`benchmark worker exited with ${String(code)} before answering`);
  });
  return Promise.race([once(child, "message").then(([m]) => m as WorkerMessage), exited]);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export async function compareNodes(nodes: readonly string[], rounds: number): Promise<void> {
  const script = fileURLToPath(new URL("./evaluate.bench.ts", import.meta.url));
  const workers: Worker[] = [];
  try {
    // Started one after the other, so that no two warm up at the same time.
    for (const node of nodes) {
      const child = spawn(
        node,
        ["--import", "tsx", "--conditions=@po-pro/source", script, ...process.argv.slice(2)],
        {
          stdio: ["ignore", "inherit", "inherit", "ipc"],
          env: { ...process.env, BENCH_NODE_WORKER: "1", NODE_OPTIONS: "" },
        },
      );
      const ready = await nextMessage(child);
      if (ready.type !== "ready") throw new Error(`unexpected ${ready.type} from ${node}`);
      workers.push({ node, child, version: ready.version, banner: ready.banner, rounds: [] });
    }
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? workers : [...workers].reverse();
      for (const worker of order) {
        worker.child.send({ type: "round" });
        const answer = await nextMessage(worker.child);
        if (answer.type !== "round") throw new Error(`unexpected ${answer.type}`);
        worker.rounds.push([...answer.results]);
      }
    }
  } finally {
    for (const worker of workers) {
      if (worker.child.connected) worker.child.send({ type: "stop" });
    }
    await Promise.all(
      workers.map((w) => (w.child.exitCode === null ? once(w.child, "exit") : undefined)),
    );
  }
  report(workers, rounds);
}

function report(workers: readonly Worker[], rounds: number): void {
  const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
  const names = workers[0]?.rounds[0]?.map((r) => r.name) ?? [];
  const pick = (w: Worker, name: string, key: "wall" | "cpu") =>
    w.rounds.map((round) => round.find((r) => r.name === name)?.[key] ?? Number.NaN);
  for (const w of workers) console.log(`${w.version} (${w.node}): ${w.banner}`);
  console.log(
    `${rounds} rounds per runtime, interleaved (order alternating); medians over rounds\n`,
  );
  const [base, ...others] = workers;
  if (base === undefined) return;
  const header = [
    "engine",
    ...workers.map((w) => `${w.version} evals/s`),
    ...others.map((w) => `${w.version} ÷ ${base.version}`),
    ...workers.map((w) => `${w.version} evals/CPU-s`),
    ...others.map((w) => `${w.version} ÷ ${base.version} (CPU)`),
  ];
  console.log(`| ${header.join(" | ")} |`);
  console.log(`|${header.map((_, i) => (i === 0 ? " --- " : " ---: ")).join("|")}|`);
  // Ratios are medians of the per-round ratios (a round of one runtime against the round of the
  // other that ran next to it), so a slow phase of the machine cancels out.
  const paired = (w: Worker, name: string, key: "wall" | "cpu") => {
    const mine = pick(w, name, key);
    const theirs = pick(base, name, key);
    return `${median(mine.map((v, i) => v / (theirs[i] as number))).toFixed(2)}×`;
  };
  for (const name of names) {
    console.log(
      `| ${[
        name,
        ...workers.map((w) => fmt(median(pick(w, name, "wall")))),
        ...others.map((w) => paired(w, name, "wall")),
        ...workers.map((w) => fmt(median(pick(w, name, "cpu")))),
        ...others.map((w) => paired(w, name, "cpu")),
      ].join(" | ")} |`,
    );
  }
  const ours = names[0] ?? "";
  console.log(`\nours ÷ engine, per runtime (medians, wall-clock / CPU):`);
  console.log(`| engine | ${workers.map((w) => `${w.version}`).join(" | ")} |`);
  console.log(`| --- |${workers.map(() => " ---: ").join("|")}|`);
  for (const name of names.slice(1)) {
    const cell = (w: Worker) => {
      const wall = median(pick(w, ours, "wall")) / median(pick(w, name, "wall"));
      const cpu = median(pick(w, ours, "cpu")) / median(pick(w, name, "cpu"));
      return `${wall.toFixed(1)}× / ${cpu.toFixed(1)}×`;
    };
    console.log(`| ${name} | ${workers.map(cell).join(" | ")} |`);
  }
}
