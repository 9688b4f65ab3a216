import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { createEnvelope, type Envelope, serializeEnvelope } from "@sentry/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type EnvelopeReceiver, startEnvelopeReceiver } from "../testing/receiver.js";
import { createTunnelHandler } from "./tunnel.js";

let receiver: EnvelopeReceiver;
let server: Server;
let tunnelUrl: string;

// Serves the route handler over real HTTP, as Next would.
function serve(handler: (request: Request) => Promise<Response>): Server {
  return createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === "string") headers.set(name, value);
    }
    const body = chunks.length ? Buffer.concat(chunks) : null;
    const response = await handler(
      new Request(`http://127.0.0.1${req.url}`, { method: req.method ?? "GET", headers, body }),
    );
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
}

function envelopeFor(dsn: string, message: string): string {
  const envelope: Envelope = createEnvelope(
    { event_id: "b".repeat(32), dsn, sent_at: new Date().toISOString() },
    [[{ type: "event" }, { event_id: "b".repeat(32), message }]],
  );
  return serializeEnvelope(envelope) as string;
}

beforeAll(async () => {
  receiver = await startEnvelopeReceiver();
  server = serve(
    createTunnelHandler({ dsn: receiver.dsn, maxBodyBytes: 16 * 1024, timeoutMs: 2000 }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  tunnelUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/monitoring`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await receiver.close();
});

beforeEach(() => receiver.reset());

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  fetch(tunnelUrl, { method: "POST", body, headers });

describe("tunnel route handler", () => {
  it("forwards a valid envelope to a local (non-sentry.io) DSN", async () => {
    const response = await post(envelopeFor(receiver.dsn, "from the browser"));
    expect(response.status).toBe(200);
    const event = await receiver.waitForEvent((e) => e.message === "from the browser");
    expect(event.event_id).toBe("b".repeat(32));
  });

  it("forwards a gzipped envelope", async () => {
    const response = await post(gzipSync(envelopeFor(receiver.dsn, "gzipped")), {
      "content-encoding": "gzip",
    });
    expect(response.status).toBe(200);
    await receiver.waitForEvent((e) => e.message === "gzipped");
  });

  it("refuses a foreign DSN, including the same host with another project or key", async () => {
    const port = new URL(receiver.origin).port;
    for (const dsn of [
      "https://public@o1.ingest.sentry.io/1",
      `http://public@127.0.0.1:${port}/2`,
      `http://other@127.0.0.1:${port}/1`,
    ]) {
      expect((await post(envelopeFor(dsn, "foreign"))).status).toBe(403);
    }
    expect(receiver.requestCount()).toBe(0);
  });

  it("refuses oversized bodies, garbage and other methods", async () => {
    const big = envelopeFor(receiver.dsn, "x".repeat(20 * 1024));
    expect((await post(big)).status).toBe(413);
    expect((await post("this is not an envelope")).status).toBe(400);
    expect((await post('{"no_dsn":true}\n{}')).status).toBe(400);
    expect((await post('{"dsn":"nonsense"}\n{}')).status).toBe(400);
    expect((await post("garbage", { "content-encoding": "gzip" })).status).toBe(400);
    expect((await fetch(tunnelUrl)).status).toBe(405);
    expect(receiver.requestCount()).toBe(0);
  });

  it("answers 502 when the upstream is down", async () => {
    const closed = await startEnvelopeReceiver();
    const dsn = closed.dsn;
    await closed.close();
    const handler = createTunnelHandler({ dsn });
    const response = await handler(
      new Request("http://t/monitoring", { method: "POST", body: envelopeFor(dsn, "x") }),
    );
    expect(response.status).toBe(502);
  });
});
