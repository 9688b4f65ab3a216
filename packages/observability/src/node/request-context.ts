import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { getIsolationScope, type Scope } from "@sentry/core";

export interface RequestContext {
  requestId: string;
}

/** The context the lean HTTP instrumentation opens for each incoming request. */
export interface IncomingRequestContext extends RequestContext {
  request: IncomingMessage;
}

const storage = new AsyncLocalStorage<RequestContext>();

// The lean HTTP instrumentation keeps the request context on the request's isolation scope
// (the SDK already runs one AsyncLocalStorage per request; a second would double the cost of
// every promise). On the scope itself for the fast path, and in its SDK processing metadata
// (as a function: plain values are copied) so scopes forked from it inside the request see it.
const kContext = Symbol.for("po_pro.observability.request_context");
export const REQUEST_CONTEXT_METADATA_KEY = "poProRequestContext";

export function attachRequestContext(scope: Scope, context: IncomingRequestContext): void {
  (scope as unknown as Record<symbol, unknown>)[kContext] = context;
  scope.setSDKProcessingMetadata({ [REQUEST_CONTEXT_METADATA_KEY]: () => context });
}

function scopeRequestContext(): IncomingRequestContext | undefined {
  const scope = getIsolationScope();
  const own = (scope as unknown as Record<symbol, IncomingRequestContext | undefined>)[kContext];
  if (own !== undefined) return own;
  const get = scope.getScopeData().sdkProcessingMetadata[REQUEST_CONTEXT_METADATA_KEY];
  return typeof get === "function" ? (get as () => IncomingRequestContext)() : undefined;
}

export const REQUEST_ID_HEADER = "x-request-id";

// Accept an upstream id only when it is short and plain, so a header cannot inject log lines.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The incoming `x-request-id` when it is safe to reuse, otherwise a new UUID. */
export function requestIdFromHeaders(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): string {
  const raw = headers[REQUEST_ID_HEADER];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value !== undefined && SAFE_REQUEST_ID.test(value) ? value : randomUUID();
}

/** Runs `fn` with a request context that `currentRequestId()` and the pino mixin can see. */
export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore() ?? scopeRequestContext();
}

export function currentRequestId(): string | undefined {
  return currentRequestContext()?.requestId;
}
