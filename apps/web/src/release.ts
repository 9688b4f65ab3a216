/**
 * The release this build baked in: `next.config.ts` resolves it (`SENTRY_RELEASE`, else the
 * commit) and Next inlines `process.env.PO_PRO_BUILD_RELEASE` as a constant, since a container
 * running the build has no git. A `SENTRY_RELEASE` set at run time wins, as in Sentry's SDKs.
 */
export function webRelease(
  env: Readonly<Record<string, string | undefined>> = {},
): string | undefined {
  const runtime = env.SENTRY_RELEASE?.trim();
  if (runtime) return runtime;
  const built = process.env.PO_PRO_BUILD_RELEASE;
  return built ? built : undefined;
}
