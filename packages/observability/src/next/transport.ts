import {
  type BaseTransportOptions,
  createTransport,
  makePromiseBuffer,
  type PromiseBuffer,
  SENTRY_BUFFER_FULL_ERROR,
  suppressTracing,
  type Transport,
  type TransportMakeRequestResponse,
  type TransportRequest,
} from "@sentry/core";
import { resolveTransportBounds, type TransportBounds } from "../core/transport-bounds.js";

export interface FetchTransportOptions extends TransportBounds {
  /**
   * Hold envelopes until the SDK flushes instead of sending at once. Default: on in edge
   * runtimes, where I/O started during one request must not be awaited by another.
   */
  sendOnFlush?: boolean;
}

/** Why a send failed when Sentry did not answer in time; the SDK logs it in debug mode. */
export class SentryRequestTimeoutError extends Error {
  override name = "SentryRequestTimeoutError";
  constructor(
    readonly host: string,
    readonly timeoutMs: number,
  ) {
    super(`Sentry request to ${host} timed out after ${timeoutMs} ms`);
  }
}

function isEdgeRuntime(): boolean {
  return typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime === "string";
}

/**
 * Like the edge SDK's own buffer: `add` only queues; `drain` (the SDK's flush) sends, and resolves
 * once everything queued or still in flight from an earlier drain is done. (`@sentry/nextjs`
 * flushes when a request's root span ends; a later `flush()` must not return before that
 * flush's requests have finished.)
 */
function sendOnFlushBuffer(limit: number): PromiseBuffer<TransportMakeRequestResponse> {
  let pending: Array<() => PromiseLike<TransportMakeRequestResponse>> = [];
  const inFlight = new Set<Promise<void>>();
  return {
    $: [],
    add(task) {
      if (pending.length >= limit) return Promise.reject(SENTRY_BUFFER_FULL_ERROR);
      pending.push(task);
      return Promise.resolve({});
    },
    drain(timeout) {
      const tasks = pending;
      pending = [];
      for (const task of tasks) {
        const sending: Promise<void> = Promise.resolve()
          .then(task)
          .then(
            () => undefined,
            () => undefined,
          )
          .finally(() => inFlight.delete(sending));
        inFlight.add(sending);
      }
      const sent = Promise.all([...inFlight]).then(() => true);
      if (!timeout) return sent;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeout);
      });
      return Promise.race([sent, timedOut]).finally(() => clearTimeout(timer));
    },
  };
}

// As the Node SDK's transport: an envelope this large (an event with many breadcrumbs, a replay
// segment) is worth compressing; smaller ones are not worth the CPU.
const GZIP_THRESHOLD_BYTES = 32 * 1024;

/** The body to send and its `content-encoding`, gzipped with the runtime's `CompressionStream`. */
async function encodeBody(
  body: TransportRequest["body"],
): Promise<{ body: BodyInit; encoding?: "gzip" }> {
  if (body.length <= GZIP_THRESHOLD_BYTES) return { body: body as BodyInit };
  // Looked up on globalThis: Next's edge-runtime check flags the bare name, though the edge
  // runtime has it (a false warning in every app's build otherwise).
  const { CompressionStream: Gzip } = globalThis;
  const gzipped = new Blob([body as BlobPart]).stream().pipeThrough(new Gzip("gzip"));
  return { body: await new Response(gzipped).arrayBuffer(), encoding: "gzip" };
}

/**
 * A transport on `fetch` with `AbortSignal.timeout`, so it runs in Node and edge runtimes alike:
 * a slow or hanging Sentry costs at most `queueSize` envelopes and `timeoutMs` per request.
 * Envelopes over 32 KiB are sent gzipped.
 */
export function boundedFetchTransport(
  options: FetchTransportOptions = {},
): (transportOptions: BaseTransportOptions) => Transport {
  const { timeoutMs, queueSize } = resolveTransportBounds(options);
  return (transportOptions) => {
    const host = new URL(transportOptions.url).host;
    const makeRequest = (request: TransportRequest): Promise<TransportMakeRequestResponse> =>
      // Our own request must not become a span or a breadcrumb of the app's fetch instrumentation.
      suppressTracing(async () => {
        const { body, encoding } = await encodeBody(request.body);
        const headers = {
          ...transportOptions.headers,
          ...(encoding && { "content-encoding": encoding }),
        };
        let response: Response;
        try {
          response = await fetch(transportOptions.url, {
            method: "POST",
            body,
            headers,
            signal: AbortSignal.timeout(timeoutMs),
          });
        } catch (error) {
          if (error instanceof Error && error.name === "TimeoutError") {
            throw new SentryRequestTimeoutError(host, timeoutMs);
          }
          throw error;
        }
        // Only the status and rate-limit headers matter; free the connection.
        await response.body?.cancel().catch(() => undefined);
        return {
          statusCode: response.status,
          headers: {
            "x-sentry-rate-limits": response.headers.get("x-sentry-rate-limits"),
            "retry-after": response.headers.get("retry-after"),
          },
        };
      });
    const buffer =
      (options.sendOnFlush ?? isEdgeRuntime())
        ? sendOnFlushBuffer(queueSize)
        : makePromiseBuffer<TransportMakeRequestResponse>(queueSize);
    return createTransport(transportOptions, makeRequest, buffer);
  };
}
