import { type SentryBuildOptions, withSentryConfig } from "@sentry/nextjs/config";

export type ObservabilityBuildOptions = SentryBuildOptions;

/**
 * `next.config.ts`: `export default withObservability(nextConfig)`. Wraps `withSentryConfig`
 * with our defaults: source maps uploaded (when `SENTRY_AUTH_TOKEN` is set) and then deleted from
 * the deployment, quiet outside CI, no SDK telemetry, and no built-in tunnel (ours, from
 * `createTunnelHandler`, also serves self-hosted and local DSNs). Options given here win.
 */
export function withObservability<C>(nextConfig: C, options: ObservabilityBuildOptions = {}): C {
  const env = process.env;
  return withSentryConfig(nextConfig, {
    ...(env.SENTRY_ORG ? { org: env.SENTRY_ORG } : {}),
    ...(env.SENTRY_PROJECT ? { project: env.SENTRY_PROJECT } : {}),
    ...(env.SENTRY_AUTH_TOKEN ? { authToken: env.SENTRY_AUTH_TOKEN } : {}),
    ...(env.SENTRY_URL ? { sentryUrl: env.SENTRY_URL } : {}),
    silent: !env.CI,
    telemetry: false,
    widenClientFileUpload: true,
    sourcemaps: { deleteSourcemapsAfterUpload: true },
    tunnelRoute: false,
    ...options,
  });
}
