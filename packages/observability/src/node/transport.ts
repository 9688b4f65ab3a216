import * as http from "node:http";
import * as https from "node:https";
import { makeNodeTransport, type NodeOptions } from "@sentry/node";
import { resolveTransportBounds, type TransportBounds } from "../core/transport-bounds.js";

type NodeTransportFactory = NonNullable<NodeOptions["transport"]>;

export type BoundedTransportOptions = TransportBounds;

/**
 * The SDK's HTTP transport with a hard request timeout and a small queue, so a slow or hanging
 * Sentry costs at most `queueSize` pending envelopes of memory and never a growing backlog.
 */
export function boundedTransport(options: BoundedTransportOptions = {}): NodeTransportFactory {
  const { timeoutMs, queueSize } = resolveTransportBounds(options);
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
