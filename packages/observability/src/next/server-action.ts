import { withServerActionInstrumentation } from "@sentry/nextjs";

/**
 * Runs a server action inside Sentry's server-action span (named `serverAction/<name>`), with the
 * request's headers so its trace continues the browser's. Form data and the response are not
 * recorded: they are the merchant's business data.
 */
export function instrumentServerAction<T>(
  name: string,
  headers: Headers | Promise<unknown>,
  action: () => Promise<T>,
): Promise<T> {
  // Sentry types the result as `Promise<ReturnType<A>>`, a promise of a promise; it awaits it.
  return withServerActionInstrumentation(name, { headers, recordResponse: false }, action) as never;
}
