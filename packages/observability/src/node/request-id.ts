import type { IncomingMessage, ServerResponse } from "node:http";
import { getIsolationScope } from "@sentry/core";
import { TAG } from "../core/tags.js";
import {
  currentRequestContext,
  type IncomingRequestContext,
  REQUEST_ID_HEADER,
  requestIdFromHeaders,
  runWithRequestContext,
} from "./request-context.js";

function enter<T>(req: IncomingMessage, res: ServerResponse, fn: () => T): T {
  // Lean instrumentation (the `init` default) already opened this request's context and scope.
  const open = currentRequestContext() as Partial<IncomingRequestContext> | undefined;
  if (open?.request === req) {
    if (!res.headersSent) res.setHeader(REQUEST_ID_HEADER, open.requestId as string);
    return fn();
  }
  const requestId = requestIdFromHeaders(req.headers);
  if (!res.headersSent) res.setHeader(REQUEST_ID_HEADER, requestId);
  return runWithRequestContext({ requestId }, () => {
    // The SDK gives each incoming request its own isolation scope, so this tag stays on it.
    getIsolationScope().setTag(TAG.requestId, requestId);
    return fn();
  });
}

/** Wraps a `node:http` request listener: request id from `x-request-id` or new, echoed back. */
export function withRequestId<Req extends IncomingMessage, Res extends ServerResponse, R>(
  handler: (req: Req, res: Res) => R,
): (req: Req, res: Res) => R {
  return (req, res) => enter(req, res, () => handler(req, res));
}

/** The same as Express/Connect middleware. */
export function requestIdMiddleware(): (
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void {
  return (req, res, next) => enter(req, res, () => next());
}
