import type { Integration } from "@sentry/core";
import * as Sentry from "@sentry/node";
import { assertRateOption } from "../core/config-error.js";
import { parseObservabilityEnv } from "../core/env.js";
import {
  type CommonInitOptions,
  resolveInit,
  scrubDynamicSamplingContext,
} from "../core/init-options.js";
import { scrubbingTransport } from "../core/scrubbing-transport.js";
import { resolveTransportBounds } from "../core/transport-bounds.js";
import {
  installLeanHttp,
  leanRequestDataIntegration,
  outgoingHttpIntegration,
  throttleSegmentSpanContext,
  uninstallLeanHttp,
} from "./lean-http.js";
import { createIncomingRequestSampling } from "./request-sampling.js";
import { installShutdownFlush } from "./shutdown.js";
import {
  type BatchedSpanStreamingOptions,
  batchedSpanStreamingIntegration,
} from "./span-streaming.js";
import { type BoundedTransportOptions, boundedTransport } from "./transport.js";

export interface NodeInitOptions extends CommonInitOptions {
  /** Continuous profiling share; default `SENTRY_PROFILE_SESSION_SAMPLE_RATE`, else 0 (off). */
  profileSessionSampleRate?: number;
  /** Bounds on the HTTP transport so a slow Sentry cannot hurt the app. */
  transport?: BoundedTransportOptions;
  /** Flush pending events on SIGTERM/SIGINT before the process exits; default true. */
  flushOnShutdown?: boolean;
  /**
   * `lean` (default): the package instruments incoming HTTP requests itself on `@sentry/core`
   * primitives, deciding sampling from the route first; an unsampled request gets only a
   * request-id context and a forked isolation scope. Sampled requests become `http.server`
   * transactions continuing incoming `sentry-trace`/`baggage`; outgoing `fetch`/`http` keep the
   * SDK's instrumentation. `sentry`: the SDK's own HTTP server instrumentation unchanged.
   */
  requestInstrumentation?: "lean" | "sentry";
  /** How finished traces are batched for sending (see `batchedSpanStreamingIntegration`). */
  spanStreaming?: BatchedSpanStreamingOptions;
  /** Release-health sessions per incoming request (lean mode only; the SDK default is on). */
  requestSessions?: boolean;
  /** Raw Sentry options applied last; the caller wins over everything above. */
  sentry?: Partial<Sentry.NodeOptions>;
}

export interface ObservabilityHandle {
  /** Whether events are being sent anywhere (Sentry or Spotlight). */
  readonly enabled: boolean;
  /** Why not, when disabled. */
  readonly disabledReason?: string;
  readonly environment: string;
  readonly release: string | undefined;
  readonly client: Sentry.NodeClient | undefined;
  flush(timeoutMs?: number): Promise<boolean>;
  close(timeoutMs?: number): Promise<boolean>;
}

let active: ObservabilityHandle | undefined;

/**
 * Initialises Sentry for a Node service with PO Pro's conventions. Reads env defaults now (not
 * at import time); explicit options win. Never throws unless `strict` is set.
 */
export function init(options: NodeInitOptions): ObservabilityHandle {
  const warn = options.warn ?? ((message: string) => console.warn(message));
  if (active) {
    warn("[@po-pro/observability] init() called twice; keeping the first configuration.");
    return active;
  }
  if (options.strict)
    assertRateOption("profileSessionSampleRate", options.profileSessionSampleRate);
  const resolved = resolveInit(options, parseObservabilityEnv);
  if (!resolved.enabled) {
    return {
      enabled: false,
      disabledReason: resolved.reason,
      environment: resolved.environment,
      release: resolved.release,
      client: undefined,
      flush: async () => true,
      close: async () => true,
    };
  }
  const lean = (options.requestInstrumentation ?? "lean") === "lean";
  const sampling =
    lean && resolved.decideSampling
      ? createIncomingRequestSampling(resolved.decideSampling)
      : undefined;
  const tracesSampler = resolved.options.tracesSampler;
  const bounds = resolveTransportBounds(options.transport);
  const sentryOptions: Sentry.NodeOptions = {
    ...resolved.options,
    ...(sampling && tracesSampler
      ? { tracesSampler: sampling.wrapTracesSampler((context) => Number(tracesSampler(context))) }
      : {}),
    integrations: (defaults: Integration[]) => [
      ...(lean
        ? [
            ...defaults.map((integration) =>
              integration.name === "Http"
                ? outgoingHttpIntegration()
                : integration.name === "Context"
                  ? throttleSegmentSpanContext(integration)
                  : integration,
            ),
            leanRequestDataIntegration(resolved.scrubber),
          ]
        : defaults),
      batchedSpanStreamingIntegration(options.spanStreaming),
    ],
    profileSessionSampleRate:
      options.profileSessionSampleRate ?? resolved.env.profileSessionSampleRate ?? 0,
    transport: scrubbingTransport(boundedTransport(bounds), resolved.scrubber),
    // The client's processing queue is sized from this too; both bound memory under a slow Sentry.
    transportOptions: { bufferSize: bounds.queueSize },
    ...options.sentry,
  };
  const client = Sentry.init(sentryOptions);
  if (lean && client !== undefined) {
    installLeanHttp({
      sampling,
      scrubber: resolved.scrubber,
      sessions: options.requestSessions ?? false,
    });
  }
  scrubDynamicSamplingContext(client, resolved.scrubber);
  const handle: ObservabilityHandle = {
    enabled: client !== undefined,
    environment: resolved.environment,
    release: resolved.release,
    client,
    flush: (timeoutMs = 2000) => Sentry.flush(timeoutMs),
    close: async (timeoutMs = 2000) => {
      uninstallLeanHttp();
      const done = await Sentry.close(timeoutMs);
      active = undefined;
      return done;
    },
  };
  active = handle;
  if (options.flushOnShutdown ?? true) installShutdownFlush(handle);
  return handle;
}
