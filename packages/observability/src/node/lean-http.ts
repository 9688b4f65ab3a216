import * as diagnosticsChannel from "node:diagnostics_channel";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import {
  continueTrace,
  generateTraceId,
  getClient,
  getCurrentScope,
  getIsolationScope,
  type Integration,
  type Scope,
  setHttpStatus,
  startSpanManual,
  withIsolationScope,
} from "@sentry/core";
import { recordRequestSession } from "@sentry/core/server";
import * as Sentry from "@sentry/node";
import type { Scrubber } from "../core/scrubber.js";
import { TAG } from "../core/tags.js";
import {
  attachRequestContext,
  type IncomingRequestContext,
  REQUEST_CONTEXT_METADATA_KEY,
  requestIdFromHeaders,
} from "./request-context.js";
import type { IncomingRequestSampling } from "./request-sampling.js";

/**
 * Lean incoming-request instrumentation on `@sentry/core` primitives, replacing the SDK's own
 * HTTP server instrumentation (whose per-request isolation, header extraction, body capture and
 * OpenTelemetry context work cost ~45 µs even when nothing is traced).
 *
 * Per request: the sampling decision comes first, from the route and any incoming
 * `sentry-trace` flag. An unsampled request gets a forked isolation scope carrying the request
 * id tag and a reference to the request (turned into event request data only if an error is
 * captured), a fresh trace id, and the request-id context: no span, no header parsing beyond
 * `sentry-trace`. A sampled request also continues the incoming trace and runs inside an
 * `http.server` transaction that ends when the response closes.
 */

const SERVER_REQUEST_START = "http.server.request.start";
// Set to true on a server to keep it uninstrumented (the `./testing` receiver does).
const kServer = Symbol.for("po_pro.observability.lean_http.server");
const kRequest = Symbol.for("po_pro.observability.lean_http.request");
type SessionResponse = Parameters<typeof recordRequestSession>[1]["response"];

export interface LeanHttpConfig {
  /** Undefined: errors only, no spans at all. */
  sampling: IncomingRequestSampling | undefined;
  scrubber: Scrubber;
  sessions: boolean;
}

let config: LeanHttpConfig | undefined;
let subscribed = false;

/** Starts instrumenting every `node:http` server (on its first request). Idempotent. */
export function installLeanHttp(next: LeanHttpConfig): void {
  config = next;
  if (subscribed) return;
  subscribed = true;
  diagnosticsChannel.subscribe(SERVER_REQUEST_START, onServerRequestStart);
}

/** Stops instrumenting new requests (after `close()`). */
export function uninstallLeanHttp(): void {
  config = undefined;
}

function onServerRequestStart(message: unknown): void {
  const server = (message as { server?: Server }).server;
  if (server !== undefined && !(server as unknown as Record<symbol, unknown>)[kServer]) {
    instrumentServer(server);
  }
}

// The channel fires before the server emits `request`, so patching `emit` here still covers the
// very first request.
function instrumentServer(server: Server): void {
  const original = server.emit as (this: Server, ...args: unknown[]) => boolean;
  (server as unknown as Record<symbol, unknown>)[kServer] = true;
  const emit = function (this: Server, ...args: unknown[]): boolean {
    const active = config;
    if (args[0] !== "request" || active === undefined) return original.apply(this, args);
    const request = args[1] as IncomingMessage & Record<symbol, unknown>;
    if (request[kRequest] === true || getClient() === undefined) return original.apply(this, args);
    request[kRequest] = true;
    return handleRequest(active, request, args[2] as ServerResponse, () =>
      original.apply(this, args),
    );
  };
  server.emit = emit as Server["emit"];
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function pathOf(url: string): string {
  let end = url.indexOf("?");
  const hash = url.indexOf("#");
  if (hash !== -1 && (end === -1 || hash < end)) end = hash;
  return end === -1 ? url : url.slice(0, end);
}

function handleRequest(
  active: LeanHttpConfig,
  request: IncomingMessage,
  response: ServerResponse,
  proceed: () => boolean,
): boolean {
  const headers = request.headers;
  const method = request.method ?? "GET";
  const path = pathOf(request.url ?? "/");
  const sentryTrace = headers["sentry-trace"];
  const sampled = active.sampling?.sampleRequest(method, path, sentryTrace) ?? false;
  const requestId = requestIdFromHeaders(headers);
  const context: IncomingRequestContext = { requestId, request };

  const isolationScope = getIsolationScope().clone();
  isolationScope.setTag(TAG.requestId, requestId);
  // Only a reference: request data is built (allow-listed, scrubbed) if an event is captured.
  attachRequestContext(isolationScope, context);
  if (active.sessions) {
    const client = getClient();
    if (client) {
      recordRequestSession(client, {
        requestIsolationScope: isolationScope,
        response: response as unknown as SessionResponse,
      });
    }
  }

  return withIsolationScope(isolationScope, () => {
    const traced = () =>
      sampled ? traceRequest(active, isolationScope, method, path, response, proceed) : proceed();
    if (sentryTrace === undefined) {
      // A new trace: no header to continue, so no `continueTrace` (and its scope fork).
      getCurrentScope().setPropagationContext({
        traceId: generateTraceId(),
        sampleRand: Math.random(),
      });
      return traced();
    }
    return continueTrace(
      { sentryTrace: first(sentryTrace), baggage: first(headers.baggage) },
      traced,
    );
  });
}

function traceRequest(
  active: LeanHttpConfig,
  isolationScope: Scope,
  method: string,
  path: string,
  response: ServerResponse,
  proceed: () => boolean,
): boolean {
  const urlPath = active.scrubber.string(path);
  const name = `${method} ${urlPath}`;
  isolationScope.setTransactionName(name);
  return startSpanManual(
    {
      name,
      op: "http.server",
      forceTransaction: true,
      attributes: {
        "sentry.op": "http.server",
        "sentry.origin": "auto.http.po_pro.lean",
        // A raw path, not a route template: Sentry clusters such names into templates, and the
        // sampling context leaves them out (as the SDK's own server spans do). Without it the
        // SDK marks the name "custom" and sends `GET /orders/42` as a transaction of its own.
        "sentry.segment.name.source": "url",
        "http.request.method": method,
        "url.path": urlPath,
      },
    },
    (span) => {
      response.once("close", () => {
        span.setAttribute("http.response.status_code", response.statusCode);
        setHttpStatus(span, response.statusCode);
        span.end();
      });
      return proceed();
    },
  );
}

const FORWARDED_REQUEST_HEADERS = [
  "user-agent",
  "content-type",
  "content-length",
  "accept",
  "x-request-id",
] as const;

/**
 * Adds the request data of the lean-instrumented request an event was captured in: method,
 * scrubbed URL without query, allow-listed headers. Runs only for captured events.
 */
export function leanRequestDataIntegration(scrubber: Scrubber): Integration {
  return {
    name: "PoProLeanRequestData",
    processEvent(event) {
      const metadata = event.sdkProcessingMetadata as Record<string, unknown> | undefined;
      const getContext = metadata?.[REQUEST_CONTEXT_METADATA_KEY] as
        | (() => IncomingRequestContext)
        | undefined;
      if (typeof getContext !== "function") return event;
      delete metadata?.[REQUEST_CONTEXT_METADATA_KEY];
      const { request } = getContext();
      if (event.type !== undefined) return event;
      const headers: Record<string, string> = {};
      for (const name of FORWARDED_REQUEST_HEADERS) {
        const value = first(request.headers[name]);
        if (value !== undefined) headers[name] = value;
      }
      const host = first(request.headers.host) ?? "localhost";
      const method = request.method ?? "GET";
      event.request = {
        method,
        url: scrubber.string(`http://${host}${pathOf(request.url ?? "/")}`),
        headers,
        ...event.request,
      };
      event.transaction ??= `${method} ${scrubber.string(pathOf(request.url ?? "/"))}`;
      return event;
    },
  };
}

/**
 * The SDK's `Http` integration for outgoing requests only (breadcrumbs, spans of sampled
 * traces, `sentry-trace`/`baggage` propagation): its incoming-request subscription is skipped.
 */
export function outgoingHttpIntegration(): Integration {
  const http = Sentry.httpIntegration({ sessions: false, disableIncomingRequestSpans: true });
  return {
    ...http,
    setupOnce() {
      withoutSubscriptions(SERVER_REQUEST_START, () => http.setupOnce?.());
    },
  };
}

// `diagnostics_channel.subscribe(name, fn)` calls `channel(name).subscribe(fn)`; an own property
// on that (cached) channel object shadows it for the duration of `fn`.
function withoutSubscriptions(name: string, fn: () => void): void {
  const channel = diagnosticsChannel.channel(name) as unknown as Record<string, unknown>;
  const own = Object.getOwnPropertyDescriptor(channel, "subscribe");
  Object.defineProperty(channel, "subscribe", {
    value: () => undefined,
    configurable: true,
    writable: true,
  });
  try {
    fn();
  } finally {
    if (own) Object.defineProperty(channel, "subscribe", own);
    else delete channel.subscribe;
  }
}

const CONTEXT_REFRESH_MS = 1000;

/**
 * The SDK's `Context` integration adds the process's memory figures to every segment span,
 * reading `process.memoryUsage()` and the cgroup's available memory each time (a large share
 * of a sampled request's cost). This keeps its output but recomputes it at most once a second.
 */
export function throttleSegmentSpanContext(integration: Integration): Integration {
  const original = integration.processSegmentSpan?.bind(integration);
  if (original === undefined) return integration;
  let cached: [string, unknown][] = [];
  let cachedAt = Number.NEGATIVE_INFINITY;
  return {
    ...integration,
    processSegmentSpan(span, client) {
      const now = Date.now();
      span.attributes ??= {};
      const attributes = span.attributes as Record<string, unknown>;
      if (now - cachedAt >= CONTEXT_REFRESH_MS) {
        const before = new Set(Object.keys(attributes));
        original(span, client);
        const after = span.attributes as Record<string, unknown>;
        cached = Object.keys(after)
          .filter((key) => !before.has(key))
          .map((key) => [key, after[key]]);
        cachedAt = now;
        return;
      }
      for (const [key, value] of cached) {
        if (!(key in attributes)) attributes[key] = value;
      }
    },
  };
}
