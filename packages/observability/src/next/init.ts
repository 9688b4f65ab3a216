import * as Sentry from "@sentry/nextjs";
import { parseObservabilityEnv } from "../core/env.js";
import {
  type CommonInitOptions,
  resolveInit,
  scrubDynamicSamplingContext,
} from "../core/init-options.js";
import { scrubbingTransport } from "../core/scrubbing-transport.js";
import { resolveTransportBounds, type TransportBounds } from "../core/transport-bounds.js";
import { boundedFetchTransport } from "./transport.js";

export interface NextInitOptions extends CommonInitOptions {
  /** Bounds on the `fetch` transport so a slow Sentry cannot hurt the app (as `init`'s). */
  transport?: TransportBounds;
  /** Raw Sentry options applied last; the caller wins over everything above. */
  sentry?: Record<string, unknown>;
}

export interface NextObservabilityHandle {
  readonly enabled: boolean;
  readonly disabledReason?: string;
  readonly environment: string;
  readonly release: string | undefined;
  flush(timeoutMs?: number): Promise<boolean>;
}

let active: NextObservabilityHandle | undefined;

/**
 * Server and edge init for a Next.js app: call it from `instrumentation.ts`'s `register()`.
 * `@sentry/nextjs` resolves to its Node or edge build by export condition, so the same call
 * serves both runtimes. Does nothing during `next build`.
 */
export function initNext(options: NextInitOptions): NextObservabilityHandle {
  const warn = options.warn ?? ((message: string) => console.warn(message));
  if (active) {
    warn("[@po-pro/observability] initNext() called twice; keeping the first configuration.");
    return active;
  }
  const resolved = resolveInit(options, parseObservabilityEnv);
  if (!resolved.enabled) {
    return {
      enabled: false,
      disabledReason: resolved.reason,
      environment: resolved.environment,
      release: resolved.release,
      flush: async () => true,
    };
  }
  const bounds = resolveTransportBounds(options.transport);
  const sentryOptions = {
    ...resolved.options,
    // `fetch`, not Node's `http`: the same transport (and timeout) serves the edge runtime.
    transport: scrubbingTransport(boundedFetchTransport(bounds), resolved.scrubber),
    // Also sizes the client's processing queue: a slow Sentry costs a bounded amount of memory.
    transportOptions: { bufferSize: bounds.queueSize },
    ...options.sentry,
  };
  const before = Sentry.getClient();
  const returned = Sentry.init(sentryOptions);
  // The edge build's `init` returns nothing (11.5.0) though its client is on the scope; take that
  // one only if this call created it, not one an earlier `init` or a platform wrapper owns.
  const current = Sentry.getClient();
  const client = returned ?? (current !== before ? current : undefined);
  scrubDynamicSamplingContext(client, resolved.scrubber);
  active = {
    enabled: client !== undefined,
    environment: resolved.environment,
    release: resolved.release,
    flush: (timeoutMs = 2000) => Sentry.flush(timeoutMs),
  };
  return active;
}

/** `export const onRequestError = onRequestError` in `instrumentation.ts`. */
export const onRequestError: typeof Sentry.captureRequestError = (error, request, context) =>
  Sentry.captureRequestError(error, request, context);
