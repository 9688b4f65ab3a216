import { createServer, IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync, inflateSync } from "node:zlib";
import type { Event } from "@sentry/core";
import { type Envelope, type EnvelopeItem, parseEnvelopeBytes } from "./envelope.js";

export interface EnvelopeReceiverOptions {
  /** Project id in the DSN path; default "1". */
  projectId?: string;
  /** Public key in the DSN; default "public". */
  publicKey?: string;
  /** Bodies larger than this (after decompression) are answered 413; default 20 MiB. */
  maxBodyBytes?: number;
  /**
   * Port on 127.0.0.1; default 0 (a free one). A fixed port lets a test close the receiver (the
   * DSN's host then refuses connections) and start a new one behind the same DSN.
   */
  port?: number;
}

/** How the receiver answers, so tests can simulate a failing or hanging Sentry. */
export type ReceiverBehaviour =
  | { kind: "accept" }
  | { kind: "status"; status: number }
  | { kind: "hang" };

/** A span as sent in a `span` envelope item (`application/vnd.sentry.items.span.v2+json`). */
export interface ReceivedSpan {
  trace_id: string;
  span_id: string;
  parent_span_id?: string;
  name: string;
  is_segment?: boolean;
  status?: string;
  start_timestamp: number;
  end_timestamp?: number;
  attributes?: Record<string, { type?: string; value: unknown } | undefined>;
}

export interface ReceivedCheckIn {
  check_in_id: string;
  monitor_slug: string;
  status: "in_progress" | "ok" | "error";
  duration?: number;
  environment?: string;
  release?: string;
  monitor_config?: Record<string, unknown>;
  contexts?: { trace?: { trace_id?: string } };
}

export interface EnvelopeReceiver {
  /** A DSN pointing at this receiver. */
  readonly dsn: string;
  /** The receiver's origin, e.g. `http://127.0.0.1:43121`. */
  readonly origin: string;
  envelopes(): Envelope[];
  items(type?: string): EnvelopeItem[];
  events(): Event[];
  transactions(): Event[];
  spans(): ReceivedSpan[];
  checkIns(): ReceivedCheckIn[];
  sessions(): Record<string, unknown>[];
  clientReports(): Record<string, unknown>[];
  /** Every request body as received after decompression, for "secret appears nowhere" checks. */
  rawBodies(): string[];
  /** Number of HTTP requests received, including refused and hung ones. */
  requestCount(): number;
  /** How many of them declared a `gzip` or `deflate` body (`content-encoding`). */
  compressedRequestCount(): number;
  /** The most requests that were open at the same time since the last reset. */
  maxInFlight(): number;
  /** Resolves with the first item (already received or arriving later) the predicate accepts. */
  waitFor(predicate: (item: EnvelopeItem) => boolean, timeoutMs?: number): Promise<EnvelopeItem>;
  waitForEvent(predicate?: (event: Event) => boolean, timeoutMs?: number): Promise<Event>;
  /** Resolves once `condition()` holds (checked as envelopes arrive and every 20 ms). */
  until(condition: () => boolean, timeoutMs?: number): Promise<void>;
  respondWith(behaviour: ReceiverBehaviour): void;
  reset(): void;
  close(): Promise<void>;
}

interface Waiter {
  predicate: (item: EnvelopeItem) => boolean;
  resolve: (item: EnvelopeItem) => void;
}

/**
 * In a test process that also runs `init`, the receiver's own requests must not be traced by the
 * SDK it serves: each span would be sent to the receiver, whose request would become a span, and
 * so on. Both request instrumentations skip a request they have already seen, by a mark on the
 * request; every request this server reads carries both marks from the start.
 */
const LEAN_HTTP_SERVER_MARK = Symbol.for("po_pro.observability.lean_http.server");
const LEAN_HTTP_REQUEST_MARK = Symbol.for("po_pro.observability.lean_http.request");
const SENTRY_HTTP_REQUEST_MARK = Symbol.for("sentry_http_server_instrumented");

class UntracedIncomingMessage extends IncomingMessage {
  constructor(...args: ConstructorParameters<typeof IncomingMessage>) {
    super(...args);
    const marks = this as unknown as Record<symbol, boolean>;
    marks[LEAN_HTTP_REQUEST_MARK] = true;
    marks[SENTRY_HTTP_REQUEST_MARK] = true;
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      // Keep reading (so the client sees a clean 413) but stop storing.
      if (size <= limit) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > limit ? undefined : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function decompress(body: Buffer, encoding: string | undefined): Buffer {
  // The Node SDK gzips bodies over 32 KB; sniff the magic bytes too, in case a proxy dropped
  // the header.
  if (encoding === "gzip" || (body[0] === 0x1f && body[1] === 0x8b)) return gunzipSync(body);
  if (encoding === "deflate") return inflateSync(body);
  return body;
}

/**
 * Starts a local Sentry endpoint on 127.0.0.1 (random port) that parses and keeps every
 * envelope it receives. Point an SDK at `receiver.dsn`.
 */
export async function startEnvelopeReceiver(
  options: EnvelopeReceiverOptions = {},
): Promise<EnvelopeReceiver> {
  const projectId = options.projectId ?? "1";
  const publicKey = options.publicKey ?? "public";
  const maxBodyBytes = options.maxBodyBytes ?? 20 * 1024 * 1024;
  const received: Envelope[] = [];
  const bodies: string[] = [];
  let waiters: Waiter[] = [];
  let behaviour: ReceiverBehaviour = { kind: "accept" };
  let requests = 0;
  let compressedRequests = 0;
  let inFlight = 0;
  let maxInFlight = 0;

  function deliver(envelope: Envelope): void {
    received.push(envelope);
    for (const item of envelope.items) {
      const matched = waiters.filter((w) => w.predicate(item));
      if (matched.length === 0) continue;
      waiters = waiters.filter((w) => !matched.includes(w));
      for (const w of matched) w.resolve(item);
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    requests += 1;
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.once("close", () => {
      inFlight -= 1;
    });
    if (behaviour.kind === "hang") return; // never answered; destroyed on close()
    const url = new URL(req.url ?? "/", "http://receiver");
    // `/stream` is the Spotlight sidecar's endpoint, so the receiver can stand in for it too.
    const isEnvelope =
      req.method === "POST" &&
      (/^\/api\/[^/]+\/envelope\/?$/.test(url.pathname) || url.pathname === "/stream");
    if (!isEnvelope) {
      res.writeHead(404).end();
      return;
    }
    const body = await readBody(req, maxBodyBytes);
    if (body === undefined) {
      res.writeHead(413).end();
      return;
    }
    let envelope: Envelope;
    try {
      const encoding = req.headers["content-encoding"];
      if (encoding === "gzip" || encoding === "deflate") compressedRequests++;
      const raw = decompress(body, encoding);
      bodies.push(raw.toString("utf8"));
      envelope = parseEnvelopeBytes(raw);
    } catch (error) {
      res.writeHead(400, { "content-type": "text/plain" }).end(String(error));
      return;
    }
    if (behaviour.kind === "status") {
      res.writeHead(behaviour.status).end();
      return;
    }
    deliver(envelope);
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  }

  const server = createServer({ IncomingMessage: UntracedIncomingMessage }, (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  (server as unknown as Record<symbol, boolean>)[LEAN_HTTP_SERVER_MARK] = true;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  const items = (type?: string): EnvelopeItem[] =>
    received.flatMap((e) => e.items).filter((i) => type === undefined || i.type === type);

  return {
    dsn: `http://${publicKey}@127.0.0.1:${port}/${projectId}`,
    origin,
    envelopes: () => [...received],
    items,
    events: () => items("event").map((i) => i.payload as Event),
    transactions: () => items("transaction").map((i) => i.payload as Event),
    spans: () =>
      items("span").flatMap((i) => {
        const payload = i.payload as { items?: ReceivedSpan[] } | ReceivedSpan;
        return "items" in payload && Array.isArray(payload.items)
          ? payload.items
          : [payload as ReceivedSpan];
      }),
    checkIns: () => items("check_in").map((i) => i.payload as ReceivedCheckIn),
    sessions: () =>
      [...items("session"), ...items("sessions")].map((i) => i.payload as Record<string, unknown>),
    clientReports: () => items("client_report").map((i) => i.payload as Record<string, unknown>),
    rawBodies: () => [...bodies],
    requestCount: () => requests,
    compressedRequestCount: () => compressedRequests,
    maxInFlight: () => maxInFlight,
    waitFor,
    async waitForEvent(predicate = () => true, timeoutMs = 5000) {
      const item = await waitFor(
        (i) => i.type === "event" && predicate(i.payload as Event),
        timeoutMs,
      );
      return item.payload as Event;
    },
    async until(condition, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (!condition()) {
        if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    respondWith(next) {
      behaviour = next;
    },
    reset() {
      received.length = 0;
      bodies.length = 0;
      requests = 0;
      compressedRequests = 0;
      maxInFlight = inFlight;
    },
    close() {
      return new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };

  function waitFor(
    predicate: (item: EnvelopeItem) => boolean,
    timeoutMs = 5000,
  ): Promise<EnvelopeItem> {
    const existing = items().find(predicate);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve: (item) => {
          clearTimeout(timer);
          resolve(item);
        },
      };
      const timer = setTimeout(() => {
        waiters = waiters.filter((w) => w !== waiter);
        reject(new Error(`no matching envelope item within ${timeoutMs} ms`));
      }, timeoutMs);
      waiters.push(waiter);
    });
  }
}
