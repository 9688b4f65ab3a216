import * as Sentry from "@sentry/browser";
import {
  type CommonInitOptions,
  resolveInit,
  scrubDynamicSamplingContext,
} from "../core/init-options.js";

export interface BrowserInitOptions extends CommonInitOptions {
  /** Share of sessions recorded by Session Replay; default 0.1. */
  replaysSessionSampleRate?: number;
  /** Share of sessions with an error whose last minute is recorded; default 1. */
  replaysOnErrorSampleRate?: number;
  /** Load Session Replay at all (after the page is idle); default true. */
  replay?: boolean;
  /** Add the user feedback widget (loaded with replay); default true. */
  feedback?: boolean;
  /** Send envelopes through this same-origin path, e.g. "/monitoring" (see `createTunnelHandler`). */
  tunnel?: string;
  /** Raw Sentry options applied last; the caller wins over everything above. */
  sentry?: Partial<Sentry.BrowserOptions>;
}

export interface BrowserObservabilityHandle {
  readonly enabled: boolean;
  readonly disabledReason?: string;
  /** Resolves once replay and feedback are loaded (or immediately when they are off). */
  readonly lazyIntegrationsLoaded: Promise<void>;
}

let active: BrowserObservabilityHandle | undefined;

function whenIdle(): Promise<void> {
  return new Promise((resolve) => {
    const idle = (globalThis as { requestIdleCallback?: (cb: () => void) => void })
      .requestIdleCallback;
    if (idle) idle(() => resolve());
    else setTimeout(resolve, 1);
  });
}

/**
 * Browser init (`instrumentation-client.ts` in Next.js, or the app's entry). Pass the DSN
 * explicitly (e.g. `process.env.NEXT_PUBLIC_SENTRY_DSN`): browsers have no environment.
 */
export function initBrowser(options: BrowserInitOptions): BrowserObservabilityHandle {
  const warn = options.warn ?? ((message: string) => console.warn(message));
  if (active) {
    warn("[@po-pro/observability] initBrowser() called twice; keeping the first configuration.");
    return active;
  }
  const resolved = resolveInit({ env: {}, ...options });
  if (!resolved.enabled) {
    return {
      enabled: false,
      disabledReason: resolved.reason,
      lazyIntegrationsLoaded: Promise.resolve(),
    };
  }
  const replay = options.replay ?? true;
  const client = Sentry.init({
    ...resolved.options,
    replaysSessionSampleRate: replay ? (options.replaysSessionSampleRate ?? 0.1) : 0,
    replaysOnErrorSampleRate: replay ? (options.replaysOnErrorSampleRate ?? 1) : 0,
    ...(options.tunnel ? { tunnel: options.tunnel } : {}),
    ...options.sentry,
  });
  scrubDynamicSamplingContext(client, resolved.scrubber);
  const lazyIntegrationsLoaded = replay
    ? whenIdle()
        .then(() => import("./replay.js"))
        .then(({ createLazyIntegrations }) => {
          for (const integration of createLazyIntegrations({
            feedback: options.feedback ?? true,
          })) {
            Sentry.addIntegration(integration);
          }
        })
        .catch((error: unknown) => {
          // Telemetry must not break the page: a failed chunk load only costs replay.
          warn(`[@po-pro/observability] could not load Session Replay: ${String(error)}`);
        })
    : Promise.resolve();
  active = { enabled: client !== undefined, lazyIntegrationsLoaded };
  return active;
}

/** For `global-error.tsx` / error boundaries: report a render error once, with its digest. */
export function captureRenderError(error: Error & { digest?: string }): string {
  return Sentry.captureException(error, {
    tags: { category: "render-error" },
    ...(error.digest ? { extra: { digest: error.digest } } : {}),
  });
}
