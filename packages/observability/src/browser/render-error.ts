import { captureException } from "@sentry/core";

/** For `global-error.tsx` / error boundaries: report a render error once, with its digest. */
export function captureRenderError(error: Error & { digest?: string }): string {
  return captureException(error, {
    tags: { category: "render-error" },
    ...(error.digest ? { extra: { digest: error.digest } } : {}),
  });
}
