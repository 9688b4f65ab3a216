/**
 * The browser SDK's settings, published by the server in a `<meta>` tag instead of inlined at
 * build time (`NEXT_PUBLIC_*`): one build runs in every environment, and the DSN, environment
 * and release the browser uses are the server's own. Shared by the server and client entries.
 */
export const PAGE_CONFIG_META = "po-pro-sentry";

export interface PageConfig {
  dsn?: string;
  environment?: string;
  release?: string;
  tracesSampleRate?: number;
  /** `"static"` when the DSN is Spotlight's sidecar (see `spotlightBrowserDsn`). */
  traceLifecycle?: "static";
}
