import * as http from "node:http";
import * as https from "node:https";
import { makeNodeTransport, type NodeOptions } from "@sentry/node";

type NodeTransportFactory = NonNullable<NodeOptions["transport"]>;

export const DEFAULT_QUEUE_SIZE = 30;

export interface BoundedTransportOptions {
  /** A request to Sentry that has not finished after this long is abandoned; default 5000 ms. */
  timeoutMs?: number;
  /** Envelopes waiting to be sent at most; more are dropped (and counted by client reports). Default 30. */
  queueSize?: number;
}

/**
 * The SDK's HTTP transport with a hard request timeout and a small queue, so a slow or hanging
 * Sentry costs at most `queueSize` pending envelopes of memory and never a growing backlog.
 */
export function boundedTransport(options: BoundedTransportOptions = {}): NodeTransportFactory {
  const timeoutMs = options.timeoutMs ?? 5000;
  const queueSize = options.queueSize ?? DEFAULT_QUEUE_SIZE;
  const withTimeout = (module: typeof http | typeof https) => ({
    request(
      requestOptions: http.RequestOptions,
      callback?: (res: http.IncomingMessage) => void,
    ): http.ClientRequest {
      const req = module.request(requestOptions, callback);
      req.setTimeout(timeoutMs, () => {
        req.destroy(new Error(`Sentry request timed out after ${timeoutMs} ms`));
      });
      return req;
    },
  });
  return (transportOptions) =>
    makeNodeTransport({
      ...transportOptions,
      bufferSize: queueSize,
      httpModule: withTimeout(transportOptions.url.startsWith("https:") ? https : http),
    });
}
