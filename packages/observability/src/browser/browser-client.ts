import type { BrowserOptions } from "@sentry/browser";
import type { Client, Options as CoreOptions } from "@sentry/core";
import { NO_ENVIRONMENT } from "../core/env-defaults.js";
import {
  type CommonInitOptions,
  resolveInit,
  scrubDynamicSamplingContext,
} from "../core/init-options.js";

/** Browsers have no environment variables: everything comes from these options. */
export interface BrowserInitOptions extends Omit<CommonInitOptions, "env"> {
  /** Share of sessions recorded by Session Replay; default 0.1. */
  replaysSessionSampleRate?: number;
  /** Share of sessions with an error whose last minute is recorded; default 1. */
  replaysOnErrorSampleRate?: number;
  /** Load Session Replay at all (after the page has loaded and is idle); default true. */
  replay?: boolean;
  /** Add the user feedback widget (loaded with replay); default true. */
  feedback?: boolean;
  /**
   * Show Sentry's floating feedback button; default true. Set false when the app has a button
   * of its own that calls `openFeedbackForm()`.
   */
  feedbackWidget?: boolean;
  /** Send envelopes through this same-origin path, e.g. "/monitoring" (see `createTunnelHandler`). */
  tunnel?: string;
  /** Raw Sentry options applied last; the caller wins over everything above. */
  sentry?: Partial<BrowserOptions>;
}

export interface BrowserObservabilityHandle {
  readonly enabled: boolean;
  readonly disabledReason?: string;
  /** Resolves once replay and feedback are loaded (or immediately when they are off). */
  readonly lazyIntegrationsLoaded: Promise<void>;
}

/** What both browser inits hand to their SDK's `init`: our defaults, before the SDK's own. */
export type BrowserSentryOptions = CoreOptions & {
  replaysSessionSampleRate: number;
  replaysOnErrorSampleRate: number;
};

// One SDK per page, whichever of `initBrowser` / `initNextClient` ran first.
let active: BrowserObservabilityHandle | undefined;

function afterLoadAndIdle(): Promise<void> {
  const page = globalThis as {
    document?: { readyState: string };
    addEventListener?: (type: string, listener: () => void, options: { once: boolean }) => void;
    requestIdleCallback?: (callback: () => void, options: { timeout: number }) => void;
  };
  // Waiting for `load` keeps the replay chunk from competing with the page's own resources.
  const loaded =
    page.document && page.document.readyState !== "complete" && page.addEventListener
      ? new Promise<void>((resolve) => page.addEventListener?.("load", resolve, { once: true }))
      : Promise.resolve();
  return loaded.then(
    () =>
      new Promise<void>((resolve) => {
        if (page.requestIdleCallback) page.requestIdleCallback(resolve, { timeout: 5000 });
        else setTimeout(resolve, 1);
      }),
  );
}

/**
 * The browser setup `initBrowser` and `initNextClient` share: resolves our options (scrubber,
 * sampler, filters, replay rates, tunnel), calls the given SDK's `init` with them, then loads
 * Session Replay and feedback from a separate chunk once the page is idle.
 */
export function startBrowserClient(
  caller: string,
  options: BrowserInitOptions,
  initSdk: (sentryOptions: BrowserSentryOptions) => Client | undefined,
): BrowserObservabilityHandle {
  const warn = options.warn ?? ((message: string) => console.warn(message));
  if (active) {
    warn(
      `[@po-pro/observability] ${caller}() called after the browser SDK was started; keeping the first configuration.`,
    );
    return active;
  }
  // Browsers have no environment: only what the caller passes counts.
  const resolved = resolveInit({ ...options, env: {} }, NO_ENVIRONMENT);
  if (!resolved.enabled) {
    return {
      enabled: false,
      disabledReason: resolved.reason,
      lazyIntegrationsLoaded: Promise.resolve(),
    };
  }
  const replay = options.replay ?? true;
  const client = initSdk({
    ...resolved.options,
    replaysSessionSampleRate: replay ? (options.replaysSessionSampleRate ?? 0.1) : 0,
    replaysOnErrorSampleRate: replay ? (options.replaysOnErrorSampleRate ?? 1) : 0,
    ...(options.tunnel ? { tunnel: options.tunnel } : {}),
  });
  scrubDynamicSamplingContext(client, resolved.scrubber);
  const lazyIntegrationsLoaded =
    replay && client
      ? afterLoadAndIdle()
          .then(() => import("./replay.js"))
          .then(({ createLazyIntegrations }) => {
            for (const integration of createLazyIntegrations({
              feedback: options.feedback ?? true,
              feedbackWidget: options.feedbackWidget ?? true,
            })) {
              client.addIntegration(integration);
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

/**
 * Opens Sentry's feedback form, for an app's own "Feedback" button. Resolves false when there is
 * nothing to open (no DSN, feedback off, or its chunk failed to load).
 */
export async function openFeedbackForm(): Promise<boolean> {
  if (!active?.enabled) return false;
  await active.lazyIntegrationsLoaded;
  const { openFeedback } = await import("./replay.js");
  return openFeedback();
}

/** Whether the browser SDK is sending events (a DSN was given and init succeeded). */
export function browserClientEnabled(): boolean {
  return active?.enabled ?? false;
}
