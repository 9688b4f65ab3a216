/**
 * `BENCH_NODES=/usr/bin/node,../../node_modules/.bin/node pnpm bench`: the whole benchmark once
 * per binary and round, as `node --import tsx` (the way `pnpm bench` runs it), one process at a
 * time, the order alternating between rounds (A B, B A, …) so a slow phase of a shared machine
 * hits every runtime alike. Each process sends its figures back over IPC; this prints each
 * figure's median over rounds (and range) per runtime in one Markdown table.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

export interface Overhead {
  readonly p50: number;
  readonly p50Direct: number;
  readonly p99: number;
  readonly p99Direct: number;
  readonly added99: number;
}

export interface Run {
  readonly version: string;
  readonly inProcess: Overhead;
  readonly sdk: Overhead;
  readonly hung: { readonly total: number; readonly direct: number; readonly maxDeviation: number };
}

/** True in a process that `compareNodes` spawned: it sends its figures back. */
export const isNodeWorker = () =>
  process.env.BENCH_NODE_WORKER === "1" && typeof process.send === "function";

/** The binaries named by `BENCH_NODES` (comma-separated), or none. */
export function benchNodes(): string[] {
  return (process.env.BENCH_NODES ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

async function runOnce(node: string): Promise<Run> {
  const script = fileURLToPath(new URL("./chain.bench.ts", import.meta.url));
  const child = spawn(node, ["--import", "tsx", "--conditions=@po-pro/source", script], {
    stdio: ["ignore", "ignore", "inherit", "ipc"],
    env: { ...process.env, BENCH_NODE_WORKER: "1", NODE_OPTIONS: "" },
  });
  let run: Run | undefined;
  child.on("message", (message) => {
    run = message as Run;
  });
  const [code] = (await once(child, "exit")) as [number | null];
  if (run === undefined)
    throw new Error(`${node}: the benchmark exited with ${code} and no result`);
  return run;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export async function compareNodes(nodes: readonly string[], rounds: number): Promise<void> {
  const runs = new Map<string, Run[]>(nodes.map((n) => [n, []]));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? nodes : [...nodes].reverse();
    for (const node of order) runs.get(node)?.push(await runOnce(node));
  }
  const columns = nodes.map((node) => ({ node, runs: runs.get(node) ?? [] }));
  for (const c of columns) console.log(`${c.runs[0]?.version} = ${c.node}`);
  console.log(
    `${rounds} runs per runtime, one process each, interleaved (order alternating); median over runs (min – max)\n`,
  );
  const rows: [string, (r: Run) => number, number, string][] = [
    ["in-process fallback: p50 via chain (ms)", (r) => r.inProcess.p50, 3, ""],
    ["in-process fallback: p50 direct (ms)", (r) => r.inProcess.p50Direct, 3, ""],
    ["in-process fallback: p99 via chain (ms)", (r) => r.inProcess.p99, 3, ""],
    ["in-process fallback: p99 direct (ms)", (r) => r.inProcess.p99Direct, 3, ""],
    ["in-process fallback: added p99 (ms)", (r) => r.inProcess.added99, 3, "≤ 5 ms"],
    ["OpenAI SDK, local server: p50 via chain (ms)", (r) => r.sdk.p50, 3, ""],
    ["OpenAI SDK, local server: p50 direct (ms)", (r) => r.sdk.p50Direct, 3, ""],
    ["OpenAI SDK, local server: p99 via chain (ms)", (r) => r.sdk.p99, 3, ""],
    ["OpenAI SDK, local server: p99 direct (ms)", (r) => r.sdk.p99Direct, 3, ""],
    ["OpenAI SDK, local server: added p99 (ms)", (r) => r.sdk.added99, 3, "≤ 5 ms"],
    ["hung primary (250 ms attempt): total, mean (ms)", (r) => r.hung.total, 1, ""],
    ["hung primary: fallback call alone, mean (ms)", (r) => r.hung.direct, 1, ""],
    ["hung primary: max deviation from 250 ms (ms)", (r) => r.hung.maxDeviation, 1, "≤ 50 ms"],
  ];
  const header = ["figure", ...columns.map((c) => c.runs[0]?.version ?? c.node), "goal"];
  console.log(`| ${header.join(" | ")} |`);
  console.log(`|${header.map((_, i) => (i === 0 ? " --- " : " ---: ")).join("|")}|`);
  for (const [label, pick, digits, goal] of rows) {
    const cells = columns.map(({ runs: rs }) => {
      const values = rs.map(pick);
      return `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)} – ${Math.max(...values).toFixed(digits)})`;
    });
    console.log(`| ${[label, ...cells, goal].join(" | ")} |`);
  }
}
