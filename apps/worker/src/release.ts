declare const __PO_PRO_RELEASE__: string | null | undefined;

/**
 * The release the build baked in (tsup `define`: `SENTRY_RELEASE`, else the commit), or undefined
 * when running from source, where `SENTRY_RELEASE` (or a CI commit variable) decides.
 */
export const builtRelease: string | undefined =
  typeof __PO_PRO_RELEASE__ === "string" ? __PO_PRO_RELEASE__ : undefined;
