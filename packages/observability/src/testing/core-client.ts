import { Client, type ClientOptions, type Event, resolvedSyncPromise } from "@sentry/core";

/**
 * The smallest runtime client, for tests of code that reports through `@sentry/core` alone
 * (`initAndBind(CoreTestClient, options)` with a `beforeSend` that keeps the events): @sentry/core
 * ships the abstract client only.
 */
export class CoreTestClient extends Client<ClientOptions> {
  // Client's constructor is protected; initAndBind needs a public one.
  public constructor(options: ClientOptions) {
    super(options);
  }
  eventFromException(exception: unknown): PromiseLike<Event> {
    const error = exception instanceof Error ? exception : new Error(String(exception));
    return resolvedSyncPromise({
      exception: { values: [{ type: error.name, value: error.message }] },
    });
  }
  eventFromMessage(message: unknown): PromiseLike<Event> {
    return resolvedSyncPromise({ message: String(message) });
  }
}
