/** How much a slow or hanging Sentry may cost the app, for every runtime's transport. */
export interface TransportBounds {
  /** A request to Sentry that has not finished after this long is abandoned; default 5000 ms. */
  timeoutMs?: number;
  /** Envelopes waiting to be sent at most; more are dropped (and counted by client reports). Default 30. */
  queueSize?: number;
}

export function resolveTransportBounds(bounds: TransportBounds = {}): Required<TransportBounds> {
  return { timeoutMs: bounds.timeoutMs ?? 5000, queueSize: bounds.queueSize ?? 30 };
}
