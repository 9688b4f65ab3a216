import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

export interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

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
  return storage.getStore();
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
