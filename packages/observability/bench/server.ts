// One benchmark server process per variant (the SDK is global). Prints {"port": n} when ready.
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { Session } from "node:inspector/promises";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { PerformanceObserver } from "node:perf_hooks";
import { heavyWork } from "./heavy-work.js";

type Variant =
  | "none"
  | "raw-errors"
  | "raw-0.1"
  | "raw-1.0"
  | "pkg-defaults"
  | "pkg-errors"
  | "pkg-1.0";
const variant = process.argv[2] as Variant;
const dsn = process.argv[3] ?? "";

let wrap = <H>(handler: H): H => handler;
if (variant.startsWith("raw-")) {
  const Sentry = await import("@sentry/node");
  Sentry.init({
    dsn,
    ...(variant === "raw-0.1" ? { tracesSampleRate: 0.1 } : {}),
    ...(variant === "raw-1.0" ? { tracesSampleRate: 1 } : {}),
  });
} else if (variant.startsWith("pkg-")) {
  // The built package, as a service installs it (`pnpm bench` builds it first): the TypeScript
  // source run through tsx carries esbuild's keep-names helpers, about 1 µs per request.
  const entry = process.env.BENCH_PACKAGE_ENTRY ?? "../dist/node.js";
  const { init, withRequestId } = (await import(entry)) as typeof import("../src/node/index.js");
  const { createTransport } = await import("@sentry/core");
  init({
    service: "bench",
    dsn,
    environment: "production",
    tracesSampleRate: variant === "pkg-defaults" ? 0.1 : variant === "pkg-1.0" ? 1 : 0,
    flushOnShutdown: false,
    env: {},
    // `BENCH_NOOP_TRANSPORT=1`: everything but the HTTP request to Sentry, to size that part.
    ...(process.env.BENCH_NOOP_TRANSPORT
      ? {
          sentry: {
            transport: (o: Parameters<typeof createTransport>[0]) =>
              createTransport(o, async () => ({ statusCode: 200 })),
          },
        }
      : {}),
  });
  wrap = withRequestId as typeof wrap;
}

// Time spent in garbage collection (part of the CPU time), reported beside it per variant.
let gcMicros = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMicros += entry.duration * 1000;
}).observe({ entryTypes: ["gc"] });

const KB = JSON.stringify({ ok: true, padding: "x".repeat(1000) });

// About 500 µs of CPU: the runner calibrates the number of rounds once and passes it to every
// variant, so all of them do exactly the same work. Its time is reported too: the same loop runs
// a few percent faster or slower from one process to the next (where the JIT places it).
const heavyRounds = Number(process.argv[4] ?? 1_000_000);
let workMicros = 0;

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString() || "{}");
}

// `BENCH_CPU_PROFILE=<dir>`: writes <dir>/<variant>.cpuprofile, a V8 CPU profile of the measured
// window only (the runner reads /__cpu right before and after it; the last route and round win),
// for Chrome DevTools or speedscope. `BENCH_CPU_PROFILE_INTERVAL_US` sets the sampling interval.
const profileDir = process.env.BENCH_CPU_PROFILE;
let profiler: Session | undefined;
async function toggleProfiler(): Promise<void> {
  if (profileDir === undefined) return;
  if (profiler === undefined) {
    profiler = new Session();
    profiler.connect();
    await profiler.post("Profiler.enable");
    await profiler.post("Profiler.setSamplingInterval", {
      interval: Number(process.env.BENCH_CPU_PROFILE_INTERVAL_US ?? 100),
    });
    await profiler.post("Profiler.start");
    return;
  }
  const { profile } = await profiler.post("Profiler.stop");
  mkdirSync(profileDir, { recursive: true });
  writeFileSync(join(profileDir, `${variant}.cpuprofile`), JSON.stringify(profile));
  profiler.disconnect();
  profiler = undefined;
}

const handler = async (req: IncomingMessage, res: ServerResponse) => {
  if (req.url === "/__cpu") {
    const usage = process.cpuUsage();
    await toggleProfiler();
    res.end(
      JSON.stringify({
        cpuMicros: usage.user + usage.system,
        gcMicros,
        workMicros,
      }),
    );
    return;
  }
  if (req.url === "/light") {
    const body = (await readJson(req)) as { id?: number };
    await Promise.resolve();
    await new Promise<void>((resolve) => setImmediate(resolve));
    res.setHeader("content-type", "application/json");
    res.end(KB.replace("true", String(body.id ?? 0 > -1)));
    return;
  }
  if (req.url === "/heavy") {
    // CPU time, like the totals it is subtracted from (wall time would include the VM's pauses).
    const start = process.cpuUsage();
    const result = heavyWork(heavyRounds);
    const spent = process.cpuUsage(start);
    workMicros += spent.user + spent.system;
    res.end(String(result));
    return;
  }
  res.statusCode = 404;
  res.end();
};

const server = createServer(wrap(handler));
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.on("SIGTERM", () => process.exit(0));
