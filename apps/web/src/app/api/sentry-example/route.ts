import { env } from "../../../env";

class SentryExampleError extends Error {
  override readonly name = "SentryExampleError";
}

/**
 * Throws on purpose when SENTRY_EXAMPLE_ROUTES=true, to check that a route handler's error
 * reaches Sentry through `onRequestError`; a 404 otherwise.
 */
export function GET(): Response {
  if (!env().web.SENTRY_EXAMPLE_ROUTES) return new Response(null, { status: 404 });
  throw new SentryExampleError("Sentry example: a route handler failed on purpose");
}
