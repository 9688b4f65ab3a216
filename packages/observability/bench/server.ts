// One benchmark server process per variant (the SDK is global). Prints {"port": n} when ready.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
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
  const { init, withRequestId } = await import("../src/node/index.js");
  init({
    service: "bench",
    dsn,
    environment: "production",
    tracesSampleRate: variant === "pkg-defaults" ? 0.1 : variant === "pkg-1.0" ? 1 : 0,
    flushOnShutdown: false,
    env: {},
  });
  wrap = withRequestId as typeof wrap;
}

const KB = JSON.stringify({ ok: true, padding: "x".repeat(1000) });

// About 500 µs of CPU: the runner calibrates the number of rounds once and passes it to every
// variant, so all of them do exactly the same work.
const heavyRounds = Number(process.argv[4] ?? 1_000_000);

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString() || "{}");
}

const handler = async (req: IncomingMessage, res: ServerResponse) => {
  if (req.url === "/__cpu") {
    const usage = process.cpuUsage();
    res.end(JSON.stringify({ cpuMicros: usage.user + usage.system }));
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
    res.end(String(heavyWork(heavyRounds)));
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
