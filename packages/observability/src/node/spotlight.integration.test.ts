import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import * as Sentry from "@sentry/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSpotlightStream } from "../testing/spotlight-stream.js";
import { init, type ObservabilityHandle } from "./init.js";

// The real sidecar of @spotlightjs/spotlight: `setupSpotlight` is the server that the `spotlight`
// CLI starts. The CLI is not used because it reports its own telemetry to sentry.io, and 4.11.8
// has no host option and listens on every interface, hence the listen() pin to 127.0.0.1.
// Port 0 lets the OS pick a free port (8969 may be taken); the child prints its address.
const SIDECAR = `
import http from "node:http";
const listen = http.Server.prototype.listen;
http.Server.prototype.listen = function (port, _host, ...rest) {
  return listen.call(this, port, "127.0.0.1", ...rest);
};
const { setupSpotlight } = await import("@spotlightjs/spotlight");
const server = await setupSpotlight({ port: 0, isStandalone: true });
process.stdout.write(JSON.stringify(server.address()) + "\\n");
`;
const packageDir = fileURLToPath(new URL("../..", import.meta.url));

let sidecar: ChildProcess;
let origin: string;
let stderr = "";
let handle: ObservabilityHandle;

async function startSidecar(): Promise<void> {
  sidecar = spawn(process.execPath, ["--input-type=module", "-e", SIDECAR], {
    cwd: packageDir, // resolves @spotlightjs/spotlight from this package
    detached: true, // its own process group, so afterAll can end all of it
    env: { ...process.env, NODE_OPTIONS: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  sidecar.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: sidecar.stdout as NodeJS.ReadableStream }).once("line", resolve);
    sidecar.once("error", reject);
    sidecar.once("exit", (code) => {
      reject(new Error(`sidecar exited (${code}) before listening:\n${stderr}`));
    });
  });
  const { address, port } = JSON.parse(line) as { address: string; port: number };
  expect(address).toBe("127.0.0.1");
  origin = `http://127.0.0.1:${port}`;
  const health = await fetch(`${origin}/health`);
  expect(await health.text()).toBe("OK");
}

async function stopSidecar(pid: number): Promise<void> {
  if (sidecar.exitCode !== null || sidecar.signalCode !== null) return;
  const exited = once(sidecar, "exit");
  process.kill(-pid, "SIGTERM");
  const force = setTimeout(() => process.kill(-pid, "SIGKILL"), 3000);
  await exited;
  clearTimeout(force);
}

// Reads the sidecar's stream until an event of `type` matches. Returns the raw envelope JSON too.
async function waitForSidecarEvent(
  match: (event: Sentry.Event) => boolean,
  type: "event" | "transaction" = "event",
  timeoutMs = 5000,
): Promise<{ event: Sentry.Event; raw: string }> {
  const found = await readSpotlightStream(
    origin,
    ({ items, raw }) => {
      for (const [header, payload] of items) {
        const event = payload as Sentry.Event;
        if (header.type === type && match(event)) return { event, raw };
      }
      return undefined;
    },
    timeoutMs,
  );
  if (found === undefined)
    throw new Error(`no matching ${type} from the sidecar in ${timeoutMs} ms`);
  return found;
}

// The sidecar is a Node process loading its server and MCP modules: about a second here, more on
// a loaded machine.
beforeAll(async () => {
  await startSidecar();
  handle = init({
    service: "dev-service",
    spotlight: `${origin}/stream`,
    tracesSampleRate: 1,
    flushOnShutdown: false,
    env: { NODE_ENV: "development" },
    sentry: { enableRuntimeChannelInjection: false },
  });
}, 15_000);

afterAll(async () => {
  await handle?.close(2000);
  if (sidecar?.pid !== undefined) await stopSidecar(sidecar.pid);
});

describe("development without a DSN", () => {
  it("sends scrubbed events to the Spotlight sidecar", async () => {
    expect(handle.enabled).toBe(true);
    Sentry.captureException(new Error("local failure for dev@shop.test"));
    const { event, raw } = await waitForSidecarEvent(
      (e) => e.exception?.values?.[0]?.value?.startsWith("local failure for") ?? false,
    );
    expect(event.exception?.values?.[0]?.value).toBe("local failure for [Filtered]");
    expect(raw).not.toContain("dev@shop.test");
    expect(event.tags?.service).toBe("dev-service");
  });

  // Spotlight 4.11.8's Traces view reads transaction events only: streamed spans (the SDK's
  // default, and what goes to Sentry) would not show there at all.
  it("sends each trace as a transaction with its spans, which Spotlight's Traces view shows, scrubbed", async () => {
    Sentry.startSpan({ name: "process-email", op: "queue.process" }, () => {
      Sentry.startSpan({ name: "load order for dev@shop.test", op: "db.query" }, () => {});
    });
    const { event, raw } = await waitForSidecarEvent(
      (e) => e.transaction === "process-email",
      "transaction",
    );
    expect(event.contexts?.trace?.op).toBe("queue.process");
    expect(event.spans?.map((span) => span.description)).toEqual(["load order for [Filtered]"]);
    expect(raw).not.toContain("dev@shop.test");
  });
});
