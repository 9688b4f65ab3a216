/**
 * The worker's HTTP face: `GET /health` (the process is up), `GET /ready` (database and queue
 * reachable), `GET /metrics` (OpenMetrics with exemplars) and `POST /jobs/:name`, which enqueues a
 * job for an external scheduler (Vercel Cron through the web app). The trigger needs the shared
 * secret as a Bearer token, compared in constant time, and continues the caller's trace into the job.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { enqueue, isJobName, JobPayloadError } from "@po-pro/jobs";
import * as Sentry from "@sentry/node";
import type { PgBoss } from "pg-boss";
import type { Logger } from "pino";
import type { WorkerMetrics } from "../metrics.js";

export interface HttpServerOptions {
  readonly host: string;
  readonly port: number;
  /** Without one, `POST /jobs/:name` answers 404: triggers are off. */
  readonly triggerSecret?: string | undefined;
  readonly release?: string | undefined;
  readonly metrics: Pick<WorkerMetrics, "metrics" | "contentType">;
  readonly ready: () => Promise<{ ok: boolean; checks: Record<string, string> }>;
  readonly boss: PgBoss;
  readonly log: Logger;
}

export interface HttpServer {
  readonly url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/** Equal-length digests, so neither the secret's length nor its prefix leaks through timing. */
function authorized(header: string | undefined, secret: string): boolean {
  const match = /^Bearer (.+)$/.exec(header ?? "");
  return timingSafeEqual(digest(match?.[1] ?? ""), digest(secret)) && match !== null;
}

function send(res: ServerResponse, status: number, body: unknown, type = "application/json"): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new HttpError(413, "body_too_large", `the body is over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8").trim();
  if (text === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, "invalid_json", "the body is not JSON");
  }
}

export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const { log } = options;

  async function trigger(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    if (options.triggerSecret === undefined) {
      throw new HttpError(
        404,
        "not_found",
        "job triggers are off (WORKER_TRIGGER_SECRET is not set)",
      );
    }
    if (!authorized(req.headers.authorization, options.triggerSecret)) {
      log.warn(
        { event: "trigger_refused", job: name },
        "job trigger refused: bad or missing secret",
      );
      throw new HttpError(401, "unauthorized", "a valid Bearer secret is required");
    }
    if (!isJobName(name))
      throw new HttpError(404, "unknown_job", `there is no job named "${name}"`);
    const payload = await readJson(req);
    const sentryTrace = header(req, "sentry-trace");
    const baggage = header(req, "baggage");
    const id = await Sentry.continueTrace({ sentryTrace, baggage }, () =>
      Sentry.startSpan(
        { name: `POST /jobs/${name}`, op: "http.server", forceTransaction: true },
        async () => {
          try {
            // biome-ignore lint/suspicious/noExplicitAny: validated against the job's schema inside
            return await enqueue(options.boss, name, payload as any);
          } catch (error) {
            if (error instanceof JobPayloadError) {
              throw new HttpError(
                400,
                "invalid_payload",
                error.message,
                Object.fromEntries(error.problems.map((p) => [p.path || "(payload)", p.message])),
              );
            }
            throw error;
          }
        },
      ),
    );
    log.info({ event: "job_triggered", job: name, job_id: id }, `${name} triggered over HTTP`);
    send(res, 202, { job: name, id });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://worker");
    const route = `${req.method} ${url.pathname}`;
    const handle = async () => {
      if (route === "GET /health")
        return send(res, 200, { status: "ok", release: options.release ?? null });
      if (route === "GET /ready") {
        const readiness = await options.ready();
        return send(res, readiness.ok ? 200 : 503, {
          status: readiness.ok ? "ready" : "not_ready",
          ...readiness,
        });
      }
      if (route === "GET /metrics")
        return send(res, 200, await options.metrics.metrics(), options.metrics.contentType);
      const job = /^\/jobs\/([a-z0-9-]+)$/.exec(url.pathname);
      if (job !== null) {
        if (req.method !== "POST") throw new HttpError(405, "method_not_allowed", "use POST");
        return trigger(req, res, job[1] as string);
      }
      throw new HttpError(404, "not_found", `nothing at ${url.pathname}`);
    };
    handle().catch((error: unknown) => {
      if (error instanceof HttpError) {
        send(res, error.status, {
          error: {
            code: error.code,
            message: error.message,
            ...(error.fields ? { fields: error.fields } : {}),
          },
        });
        return;
      }
      log.error({ event: "http_error", err: error, route }, "request failed");
      Sentry.captureException(error);
      send(res, 500, {
        error: { code: "internal", message: "the worker could not handle this request" },
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "EADDRINUSE" ? portInUse(options.host, options.port) : error),
    );
    server.listen(options.port, options.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Created here, so the stack (and Sentry's first in-app frame) says who refused to start. */
function portInUse(host: string, port: number): Error {
  return new Error(
    `WORKER_PORT: ${host}:${port} is already in use by another program; stop it or set WORKER_PORT to a free port (0 picks one)`,
  );
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
