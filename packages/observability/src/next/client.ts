import { browserTracingIntegration, captureRouterTransitionStart, init } from "@sentry/nextjs";
import {
  type BrowserInitOptions,
  type BrowserObservabilityHandle,
  startBrowserClient,
} from "../browser/browser-client.js";

import { PAGE_CONFIG_META, type PageConfig } from "./page-config.js";

export type { BrowserObservabilityHandle } from "../browser/browser-client.js";
export { browserClientEnabled, openFeedbackForm } from "../browser/browser-client.js";
export { captureRenderError } from "../browser/render-error.js";
export { setMerchant } from "../core/context.js";

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

/** The settings the server published with `browserPageConfig`, or none (then nothing is sent). */
function readPageConfig(): PageConfig {
  const page = globalThis as { document?: { querySelector(selector: string): Element | null } };
  const content = page.document
    ?.querySelector(`meta[name="${PAGE_CONFIG_META}"]`)
    ?.getAttribute("content");
  if (!content) return {};
  try {
    return JSON.parse(content) as PageConfig;
  } catch {
    return {};
  }
}

/**
 * `instrumentation-client.ts`: `initNextClient` with the DSN, environment, release and trace rate
 * the server published in the page (see `browserPageConfig`); options given here win.
 */
export function initNextClientFromPage(
  options: Omit<NextClientInitOptions, "dsn">,
): BrowserObservabilityHandle {
  return initNextClient({ ...readPageConfig(), ...options });
}
