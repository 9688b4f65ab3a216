import { ObservabilityConfigError } from "../core/config-error.js";
import { type ParsedDsn, parseDsn } from "../core/dsn.js";
import { readRawBody } from "../core/read-body.js";

export interface TunnelOptions {
  /** The DSN(s) the browser SDK is configured with; only envelopes for these are forwarded. */
  dsn: string | readonly string[];
  /** Largest accepted body in bytes (compressed size as received); default 1 MiB. */
  maxBodyBytes?: number;
  /** Abandon the upstream request after this long; default 10 s. */
  timeoutMs?: number;
}

export type TunnelHandler = (request: Request) => Promise<Response>;

class TunnelRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readLimited(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  if (!request.body) throw new TunnelRefusal(400, "empty body");
  const body = await readRawBody(request, limit);
  if (body === undefined) throw new TunnelRefusal(413, "envelope too large");
  return body;
}

async function firstLine(body: Uint8Array<ArrayBuffer>, encoding: string | null): Promise<string> {
  let bytes = body;
  if (encoding === "gzip" || encoding === "deflate") {
    // Only the header line is needed; decompress at most 64 KiB of output to read it.
    // Looked up on globalThis for the same reason as CompressionStream in transport.ts.
    const { DecompressionStream: Inflate } = globalThis;
    const stream = new Blob([body]).stream().pipeThrough(new Inflate(encoding));
    const reader = stream.getReader();
    const parts: Uint8Array[] = [];
    let size = 0;
    try {
      while (size < 64 * 1024) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
        size += value.byteLength;
        if (value.includes(10)) break;
      }
    } catch {
      throw new TunnelRefusal(400, "body is not valid compressed data");
    } finally {
      await reader.cancel().catch(() => undefined);
    }
    bytes = new Uint8Array(size);
    let offset = 0;
    for (const part of parts) {
      bytes.set(part, offset);
      offset += part.byteLength;
    }
  }
  const end = bytes.indexOf(10);
  return new TextDecoder().decode(end === -1 ? bytes : bytes.subarray(0, end));
}

function sameTarget(a: ParsedDsn, b: ParsedDsn): boolean {
  return (
    a.protocol === b.protocol &&
    a.hostWithPort === b.hostWithPort &&
    a.pathPrefix === b.pathPrefix &&
    a.projectId === b.projectId &&
    a.publicKey === b.publicKey
  );
}

/**
 * A route handler (`export const POST = createTunnelHandler({ dsn })`) that forwards browser
 * envelopes to the configured DSN's host — SaaS, self-hosted or local alike — so ad blockers do
 * not drop them. Envelopes for any other DSN are refused: this must never be an open proxy.
 */
export function createTunnelHandler(options: TunnelOptions): TunnelHandler {
  const dsns = (typeof options.dsn === "string" ? [options.dsn] : options.dsn).map((dsn) =>
    parseDsn(dsn, "tunnel dsn"),
  );
  if (dsns.length === 0) throw new ObservabilityConfigError("dsn", "tunnel needs at least one DSN");
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const timeoutMs = options.timeoutMs ?? 10_000;

  return async (request) => {
    try {
      if (request.method !== "POST") throw new TunnelRefusal(405, "method not allowed");
      const body = await readLimited(request, maxBodyBytes);
      const encoding = request.headers.get("content-encoding");
      let header: { dsn?: unknown };
      try {
        header = JSON.parse(await firstLine(body, encoding)) as { dsn?: unknown };
      } catch (error) {
        if (error instanceof TunnelRefusal) throw error;
        throw new TunnelRefusal(400, "envelope header is not JSON");
      }
      if (typeof header !== "object" || header === null || typeof header.dsn !== "string") {
        throw new TunnelRefusal(400, "envelope header has no dsn");
      }
      let claimed: ParsedDsn;
      try {
        claimed = parseDsn(header.dsn, "envelope dsn");
      } catch {
        throw new TunnelRefusal(400, "envelope dsn is malformed");
      }
      const target = dsns.find((dsn) => sameTarget(dsn, claimed));
      if (!target) throw new TunnelRefusal(403, "envelope is for a DSN this tunnel does not serve");
      const headers: Record<string, string> = { "content-type": "application/x-sentry-envelope" };
      if (encoding) headers["content-encoding"] = encoding;
      const upstream = await fetch(
        `${target.envelopeUrl}?sentry_version=7&sentry_key=${encodeURIComponent(target.publicKey)}`,
        { method: "POST", body, headers, signal: AbortSignal.timeout(timeoutMs) },
      );
      // Pass Sentry's rate-limit answer through so the browser SDK backs off.
      const passHeaders = new Headers();
      for (const name of ["retry-after", "x-sentry-rate-limits"]) {
        const value = upstream.headers.get(name);
        if (value) passHeaders.set(name, value);
      }
      await upstream.body?.cancel();
      return new Response(null, { status: upstream.status, headers: passHeaders });
    } catch (error) {
      if (error instanceof TunnelRefusal)
        return new Response(error.message, { status: error.status });
      const timedOut = error instanceof Error && error.name === "TimeoutError";
      return new Response(timedOut ? "upstream timed out" : "upstream unreachable", {
        status: timedOut ? 504 : 502,
      });
    }
  };
}
