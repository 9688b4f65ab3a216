import {
  ExponentialBackoff,
  handleWhen,
  retry,
  TaskCancelledError,
  TimeoutStrategy,
  timeout,
  wrap,
} from "cockatiel";
import type { PostableAlert } from "./sentry-webhook.js";

export interface AlertmanagerClientOptions {
  /** Alertmanager's base URL, e.g. `http://alertmanager:9093` (a path prefix is kept). */
  url: string | URL;
  /**
   * The whole post, retries included, gives up after this; default 900 ms, because Sentry counts
   * a webhook answered after 1 s as timed out (and unsubscribes one that times out too often).
   */
  deadlineMs?: number;
  /** Retries after the first attempt, within the deadline; default 2. */
  retries?: number;
  /** Per-attempt timeout; default 400 ms. */
  attemptTimeoutMs?: number;
  /** First backoff delay (exponential with jitter after it); default 50 ms. */
  initialBackoffMs?: number;
  /** Longest backoff delay; default 200 ms. */
  maxBackoffMs?: number;
  fetch?: typeof fetch;
}

/** Alertmanager did not take the alerts: unreachable, too slow, or it answered an error. */
export class AlertmanagerUnavailableError extends Error {
  override readonly name = "AlertmanagerUnavailableError";
  constructor(
    message: string,
    readonly retryable: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Posts alerts to Alertmanager's v2 API, bounded: each attempt times out, failures retry with
 * exponential backoff and jitter, and the whole post gives up at a deadline (900 ms by default).
 */
export function createAlertmanagerClient(options: AlertmanagerClientOptions) {
  const base = new URL(options.url);
  const endpoint = new URL(`${base.pathname.replace(/\/$/, "")}/api/v2/alerts`, base);
  const send = options.fetch ?? fetch;
  const policy = wrap(
    timeout(options.deadlineMs ?? 900, TimeoutStrategy.Aggressive),
    retry(
      handleWhen(
        (error) =>
          error instanceof TaskCancelledError ||
          (error instanceof AlertmanagerUnavailableError && error.retryable),
      ),
      {
        maxAttempts: options.retries ?? 2,
        backoff: new ExponentialBackoff({
          initialDelay: options.initialBackoffMs ?? 50,
          maxDelay: options.maxBackoffMs ?? 200,
        }),
      },
    ),
    timeout(options.attemptTimeoutMs ?? 400, TimeoutStrategy.Aggressive),
  );

  async function attempt(alerts: PostableAlert[], signal: AbortSignal): Promise<void> {
    let response: Response;
    try {
      response = await send(endpoint, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(alerts),
        signal,
      });
    } catch (error) {
      if (signal.aborted) throw error;
      throw new AlertmanagerUnavailableError(
        `Alertmanager at ${base.origin} is unreachable`,
        true,
        {
          cause: error,
        },
      );
    }
    const body = await response.text().catch(() => "");
    if (!response.ok) {
      // 4xx means these alerts are refused as they are; a retry would be refused again.
      throw new AlertmanagerUnavailableError(
        `Alertmanager answered HTTP ${response.status}: ${body.slice(0, 200)}`,
        response.status >= 500 || response.status === 429,
      );
    }
  }

  return {
    endpoint,
    /** Resolves once Alertmanager accepted every alert; throws `AlertmanagerUnavailableError`. */
    async postAlerts(alerts: PostableAlert[]): Promise<void> {
      try {
        await policy.execute(({ signal }) => attempt(alerts, signal));
      } catch (error) {
        if (error instanceof AlertmanagerUnavailableError) throw error;
        throw new AlertmanagerUnavailableError(
          `Alertmanager at ${base.origin} did not answer in time`,
          true,
          { cause: error },
        );
      }
    },
  };
}

export type AlertmanagerClient = ReturnType<typeof createAlertmanagerClient>;
