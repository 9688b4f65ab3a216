/**
 * Sentry can read the built worker's stack traces: the minified, injected build (Turbo's
 * `sourcemaps` task, which `test` depends on) fails to start on a port already in use, reports
 * that to a local Sentry receiver, and its top in-app frame resolves through the source map with
 * the same debug id to the original `.ts` file, line and function. A build whose maps were not
 * injected must not resolve, even though an identical map sits beside it.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type ConnectableDatabase,
  connectableUrl,
  createTestDatabase,
  type TestDatabase,
} from "@po-pro/db/testing";
import { type EnvelopeReceiver, startEnvelopeReceiver } from "@po-pro/observability/testing";
import { readReleaseFile } from "@po-pro/sourcemaps/release";
import { indexDebugIds, UnresolvableFrameError } from "@po-pro/sourcemaps/resolve";
import type { Event, StackFrame } from "@sentry/node";
import { build } from "tsup";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const WORKER_ROOT = fileURLToPath(new URL("..", import.meta.url));
const DIST = join(WORKER_ROOT, "dist");
/** Inside the package (not under node_modules, or its frames are not in-app): bare imports resolve. */
const UNINJECTED = join(WORKER_ROOT, "test-results/sourcemaps-uninjected");
const SERVER_TS = join(WORKER_ROOT, "src/http/server.ts");

let database: TestDatabase;
let served: ConnectableDatabase;
let receiver: EnvelopeReceiver;
let blocker: Server;
let blockedPort: number;

/** Runs a built worker until it exits; it cannot start, since its port is taken. */
function runBuiltWorker(entry: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [entry], {
    cwd: WORKER_ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: served.url,
      WORKER_HOST: "127.0.0.1",
      WORKER_PORT: String(blockedPort),
      WORKER_SCHEDULES: "false",
      MAILBOX_PROVIDER: "local",
      DEMO_ORDERS: "0",
      SUPPLIER_SIMULATOR: "false",
      LOG_FORMAT: "json",
      SENTRY_DSN: receiver.dsn,
      SENTRY_ENVIRONMENT: "test",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, output })));
}

function topInAppFrame(event: Event): StackFrame {
  const frames = event.exception?.values?.[0]?.stacktrace?.frames ?? [];
  const frame = frames.findLast((f) => f.in_app === true);
  if (frame === undefined) throw new Error(`no in-app frame in ${JSON.stringify(frames)}`);
  return frame;
}

/** The 1-based line of the only line in `file` containing `text`. */
function lineOf(file: string, text: string): number {
  const lines = readFileSync(file, "utf8").split("\n");
  const found = lines.flatMap((line, i) => (line.includes(text) ? [i + 1] : []));
  if (found.length !== 1) throw new Error(`${text} is on ${found.length} lines of ${file}`);
  return found[0] as number;
}

async function fatalEvent(entry: string): Promise<Event> {
  receiver.reset();
  const { code, output } = await runBuiltWorker(entry);
  expect(code, output).toBe(1);
  expect(output).toContain("is already in use");
  return receiver.waitForEvent((event) => event.level === "fatal", 10_000);
}

beforeAll(async () => {
  if (!existsSync(join(DIST, "main.js"))) {
    throw new Error(
      "no apps/worker/dist: run `pnpm exec turbo run sourcemaps --filter=@po-pro/worker` (pnpm test does)",
    );
  }
  database = await createTestDatabase();
  served = await connectableUrl(database);
  receiver = await startEnvelopeReceiver();
  blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
  blockedPort = (blocker.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise((resolve) => blocker?.close(resolve));
  await receiver?.close();
  await served?.close();
  await database?.close();
});

describe("the built worker's stack traces", () => {
  it("resolve a minified frame by debug id to the .ts file, line and function", async () => {
    const event = await fatalEvent(join(DIST, "main.js"));
    expect(event.release).toBe(readReleaseFile(DIST));
    expect(event.release).toMatch(/\S/);

    const frame = topInAppFrame(event);
    expect(frame.filename).toBe(join(DIST, "main.js"));
    // Minified: the whole bundle sits on a few very long lines.
    expect(frame.colno).toBeGreaterThan(1000);

    const code = readFileSync(join(DIST, "main.js"), "utf8");
    const debugId = /\/\/# debugId=(\S+)\s*$/.exec(code)?.[1];
    const resolved = indexDebugIds([DIST]).resolve(frame, event.debug_meta?.images);
    expect(resolved).toMatchObject({
      source: SERVER_TS,
      line: lineOf(SERVER_TS, "return new Error("),
      function: "portInUse",
      debugId,
    });
  });

  it("refuse a frame from a build whose maps were not injected", async () => {
    // The same build as `turbo run build` writes, without the `sourcemaps` step.
    await build({
      config: false,
      silent: true,
      entry: { main: join(WORKER_ROOT, "src/main.ts") },
      outDir: UNINJECTED,
      format: ["esm"],
      target: "node22",
      sourcemap: true,
      minify: true,
      keepNames: true,
      clean: true,
    });
    const event = await fatalEvent(join(UNINJECTED, "main.js"));
    const frame = topInAppFrame(event);
    expect(frame.filename).toBe(join(UNINJECTED, "main.js"));
    expect(event.debug_meta?.images ?? []).toEqual([]);

    // Its own map sits beside it, and the injected build's maps are indexed: neither is a match.
    const index = indexDebugIds([DIST, UNINJECTED]);
    expect(index.debugIds).toHaveLength(1);
    expect(() => index.resolve(frame, event.debug_meta?.images)).toThrow(UnresolvableFrameError);
    // Nor does a debug id of another build stand in for the missing one.
    const otherBuild = [
      { type: "sourcemap", code_file: join(DIST, "main.js"), debug_id: index.debugIds[0] },
    ];
    expect(() => index.resolve(frame, otherBuild)).toThrow(/no debug id/);
  });
});
