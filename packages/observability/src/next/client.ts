import { browserTracingIntegration, captureRouterTransitionStart, init } from "@sentry/nextjs";
import {
  type BrowserInitOptions,
  type BrowserObservabilityHandle,
  startBrowserClient,
} from "../browser/browser-client.js";

export type { BrowserObservabilityHandle } from "../browser/browser-client.js";
export { captureRenderError } from "../browser/render-error.js";

export type NextClientInitOptions = BrowserInitOptions;

/**
 * Client init for a Next.js app, from `instrumentation-client.ts`. The same defaults as
 * `initBrowser` (scrubbing, sampling, filters, lazy Session Replay and feedback, tunnel) on
 * `@sentry/nextjs`'s client SDK, whose browser tracing creates App and Pages Router pageload and
 * navigation spans. Pass the DSN explicitly (`process.env.NEXT_PUBLIC_SENTRY_DSN`).
 */
export function initNextClient(options: NextClientInitOptions): BrowserObservabilityHandle {
  return startBrowserClient("initNextClient", options, (sentryOptions) =>
    init({
      ...sentryOptions,
      integrations: [browserTracingIntegration()],
      ...options.sentry,
    }),
  );
}

/** `export { onRouterTransitionStart } from "@po-pro/observability/next/client"` in `instrumentation-client.ts`. */
export const onRouterTransitionStart: typeof captureRouterTransitionStart = (
  href,
  navigationType,
) => captureRouterTransitionStart(href, navigationType);
