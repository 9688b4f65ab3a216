/**
 * The apps as they run in production: the dashboard's `next build` standalone server and the
 * worker's tsup bundle, each a plain `node` process with its own environment, output to a file.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { openSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer } from "node:net";
import { dirname } from "node:path";

export interface AppProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Where its Prometheus metrics are (the heap it uses is read from them). */
  readonly metricsUrl: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

export async function startApp(options: {
  name: string;
  entry: string;
  env: Record<string, string>;
  readyUrl: string;
  metricsUrl: string;
  logFile: string;
}): Promise<AppProcess> {
  const out = openSync(options.logFile, "a");
  const child: ChildProcess = spawn(process.execPath, [options.entry], {
    cwd: dirname(options.entry),
    env: { PATH: process.env.PATH ?? "", ...options.env },
    stdio: ["ignore", out, out],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const app: AppProcess = {
    name: options.name,
    pid: child.pid as number,
    logFile: options.logFile,
    metricsUrl: options.metricsUrl,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(
        `${options.name} exited (${child.exitCode}) while starting:\n${tail(options.logFile)}`,
      );
    }
    try {
      if ((await fetch(options.readyUrl)).ok) return app;
    } catch {}
    if (Date.now() > deadline) {
      await app.stop();
      throw new Error(`${options.name} was not ready within 90 s:\n${tail(options.logFile)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function tail(file: string): string {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-30).join("\n");
  } catch {
    return "(no output)";
  }
}

export interface MemorySample {
  /** Resident set size of the process, bytes (from /proc). */
  readonly rss: number;
  /** V8 heap in use, bytes (from the app's `nodejs_heap_size_used_bytes`), NaN if unread. */
  readonly heap: number;
  /** CPU time the process has used since it started (user + system), seconds. */
  readonly cpu: number;
  /** Time spent in garbage collection since the process started, seconds (all kinds). */
  readonly gc: number;
  /** The longest event-loop delay since the previous scrape, seconds (prom-client resets it). */
  readonly loopLag: number;
}

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ: 100 on Linux). */
const USER_HZ = 100;

export async function sampleMemory(app: AppProcess): Promise<MemorySample> {
  const [rss, metrics, cpu] = await Promise.all([
    readFile(`/proc/${app.pid}/status`, "utf8").then(
      (status) => Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? Number.NaN) * 1024,
      () => Number.NaN,
    ),
    fetch(app.metricsUrl, { signal: AbortSignal.timeout(2_000) })
      .then((response) => response.text())
      .catch(() => ""),
    readFile(`/proc/${app.pid}/stat`, "utf8").then(
      (stat) => {
        // Fields after the command name (which may contain spaces) start at "state" (field 3).
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
      },
      () => Number.NaN,
    ),
  ]);
  const values = (name: string) =>
    [...metrics.matchAll(new RegExp(`^\\w*${name}(?:\\{[^}]*\\})?\\s+(\\S+)`, "gm"))].map((m) =>
      Number(m[1]),
    );
  const one = (name: string) => values(name)[0] ?? Number.NaN;
  const gc = values("nodejs_gc_duration_seconds_sum");
  return {
    rss,
    heap: one("nodejs_heap_size_used_bytes"),
    cpu,
    gc: gc.length === 0 ? Number.NaN : gc.reduce((sum, n) => sum + n, 0),
    loopLag: one("nodejs_eventloop_lag_max_seconds"),
  };
}
