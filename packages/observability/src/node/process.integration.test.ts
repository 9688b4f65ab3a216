import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import * as Sentry from "@sentry/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EnvelopeReceiver, startEnvelopeReceiver } from "../testing/receiver.js";
import { init, type ObservabilityHandle } from "./init.js";

const fixture = fileURLToPath(new URL("./fixtures/child-service.ts", import.meta.url));
let receiver: EnvelopeReceiver;
let handle: ObservabilityHandle;

function startChild(mode: string): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", fixture, mode], {
    env: { ...process.env, NODE_OPTIONS: "", TEST_SENTRY_DSN: receiver.dsn },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

beforeAll(async () => {
  receiver = await startEnvelopeReceiver();
  handle = init({
    service: "parent-service",
    dsn: receiver.dsn,
    tracesSampleRate: 1,
    flushOnShutdown: false,
    env: {},
    sentry: { enableRuntimeChannelInjection: false },
  });
});

afterAll(async () => {
  await handle.close(2000);
  await receiver.close();
});

// Each test starts a Node child with tsx and the SDK: seconds apiece on a loaded two-core machine.
describe.concurrent("across processes", { timeout: 90_000 }, () => {
  it("captures an unhandled exception before the process dies", async () => {
    const child = startChild("uncaught");
    const [code] = await once(child, "exit");
    expect(code).not.toBe(0);
    const event = await receiver.waitForEvent(
      (e) => e.exception?.values?.[0]?.value === "child uncaught boom",
    );
    expect(event.exception?.values?.[0]?.mechanism?.handled).toBe(false);
    expect(event.level).toBe("fatal");
    expect(event.tags?.service).toBe("child-service");
  });

  it("captures an unhandled rejection and keeps running", async () => {
    const child = startChild("server");
    await once(child.stdout as NodeJS.ReadableStream, "data");
    expect(child.exitCode).toBeNull();
    child.kill("SIGTERM");
    await once(child, "exit");
    const event = await receiver.waitForEvent(
      (e) => e.exception?.values?.[0]?.value === "child unhandled rejection",
    );
    expect(event.exception?.values?.[0]?.mechanism?.handled).toBe(false);
  });

  it("shares one trace id across two processes over HTTP", async () => {
    const child = startChild("server");
    try {
      const [line] = (await once(child.stdout as NodeJS.ReadableStream, "data")) as [Buffer];
      const { port } = JSON.parse(line.toString()) as { port: number };
      const { parentTraceId, childIds } = await Sentry.startSpan(
        { name: "POST /orders", forceTransaction: true },
        async (span) => {
          const response = await fetch(`http://127.0.0.1:${port}/orders/1/confirm`);
          return {
            parentTraceId: span.spanContext().traceId,
            childIds: (await response.json()) as { traceId: string },
          };
        },
      );
      expect(childIds.traceId).toBe(parentTraceId);
      const childEvent = await receiver.waitForEvent(
        (e) => e.exception?.values?.[0]?.value === "child server failure",
      );
      expect(childEvent.contexts?.trace?.trace_id).toBe(parentTraceId);
      await handle.flush(2000);
      child.kill("SIGTERM");
      await once(child, "exit");
      await receiver.until(
        () =>
          receiver
            .spans()
            .some((s) => s.trace_id === parentTraceId && s.is_segment && s.name.startsWith("GET")),
        5000,
      );
      const spanNames = new Set(
        receiver
          .spans()
          .filter((s) => s.trace_id === parentTraceId)
          .map((s) => s.name),
      );
      expect(spanNames.has("POST /orders")).toBe(true);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });

  it("turns postgres.js queries into db spans inside the trace", async () => {
    const child = startChild("postgres");
    const [line] = (await once(child.stdout as NodeJS.ReadableStream, "data")) as [Buffer];
    const { traceId } = JSON.parse(line.toString()) as { traceId: string };
    await once(child, "exit");
    await receiver.until(
      () => receiver.spans().some((s) => s.trace_id === traceId && s.name.includes("select")),
      5000,
    );
    const query = receiver.spans().find((s) => s.trace_id === traceId && s.name.includes("select"));
    expect(String(query?.attributes?.["sentry.op"]?.value)).toMatch(/^db/);
    expect(
      String(
        query?.attributes?.["db.system.name"]?.value ?? query?.attributes?.["db.system"]?.value,
      ),
    ).toMatch(/^postgres/);
  });

  it("flushes on SIGTERM and still exits by the signal", async () => {
    const child = startChild("shutdown");
    await once(child.stdout as NodeJS.ReadableStream, "data");
    child.kill("SIGTERM");
    const [code, signal] = await once(child, "exit");
    expect({ code, signal }).toEqual({ code: null, signal: "SIGTERM" });
    await receiver.waitForEvent(
      (e) => e.exception?.values?.[0]?.value === "captured just before SIGTERM",
      2000,
    );
  });
});
