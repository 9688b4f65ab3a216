import { init } from "@sentry/browser";
import {
  type BrowserInitOptions,
  type BrowserObservabilityHandle,
  startBrowserClient,
} from "./browser-client.js";

export type { BrowserInitOptions, BrowserObservabilityHandle } from "./browser-client.js";
export { browserClientEnabled, openFeedbackForm } from "./browser-client.js";
export { captureRenderError } from "./render-error.js";

/**
 * Browser init for apps that are not Next.js (Next apps: `initNextClient` from
 * `@po-pro/observability/next/client`). Pass the DSN explicitly (e.g. from your bundler's
 * public env): browsers have no environment.
 */
export function initBrowser(options: BrowserInitOptions): BrowserObservabilityHandle {
  return startBrowserClient("initBrowser", options, (sentryOptions) =>
    init({ ...sentryOptions, ...options.sentry }),
  );
}
