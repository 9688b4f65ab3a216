import { resolveRelease } from "@po-pro/sourcemaps/release";

declare const __PO_PRO_RELEASE__: string | null | undefined;

/**
 * The release the build baked in (tsup `define`: `SENTRY_RELEASE`, else the commit). Running from
 * source (`pnpm start`), the checkout's commit, resolved now; a `SENTRY_RELEASE` set at run time
 * wins over both (see instrument.ts).
 */
export function builtRelease(): string | undefined {
  if (typeof __PO_PRO_RELEASE__ !== "undefined") return __PO_PRO_RELEASE__ ?? undefined;
  return resolveRelease({ env: {} });
}
