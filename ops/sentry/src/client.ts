/**
 * A small typed client for Sentry's management API (`/api/0/…`): bearer auth, list pagination
 * through the `Link` header's cursors, `429` retried after `Retry-After`, and errors that carry
 * the status, Sentry's `detail` and the alert concerned. The token never appears in an error.
 */
import type { Json } from "./desired.js";

export interface SentryClientOptions {
  /** e.g. `https://sentry.io/`; the API lives under `api/0/`. */
  readonly baseUrl: string;
  readonly token: string;
  /** Attempts after a 429 before giving up; default 5. */
  readonly maxRetries?: number;
  /** Longest wait honoured from a `Retry-After`, in seconds; default 60. */
  readonly maxRetryAfterSeconds?: number;
  /** Give up on a request Sentry has not answered after this long; default 30 000 ms. */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

export interface RequestOptions {
  readonly body?: Json;
  /** The alert or monitor this request is about, for the error message. */
  readonly resource?: string;
}

/** A non-2xx answer from Sentry, with what a person needs to act on it. */
export class SentryApiError extends Error {
  override readonly name = "SentryApiError";
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    readonly detail: string,
    readonly resource: string | undefined,
  ) {
    super(
      `Sentry API ${status === 0 ? "unreachable" : status} on ${method} ${path}${resource ? ` (${resource})` : ""}: ${detail}`,
    );
  }
}

/** Sentry answers `{"detail": "…"}` (auth, not found, rate limit) or `{"field": ["…"]}` (400). */
export function sentryDetail(body: unknown, fallback: string): string {
  if (body === null || typeof body !== "object") {
    return typeof body === "string" && body.trim() !== "" ? body.trim().slice(0, 500) : fallback;
  }
  const record = body as Record<string, unknown>;
  const detail = record.detail;
  if (typeof detail === "string") return detail;
  if (detail !== null && typeof detail === "object") {
    const message = (detail as Record<string, unknown>).message;
    if (typeof message === "string") return message;
  }
  const fields = Object.entries(record).map(([field, value]) => {
    const text = Array.isArray(value)
      ? value.map((item) => (typeof item === "string" ? item : JSON.stringify(item))).join(" ")
      : typeof value === "string"
        ? value
        : JSON.stringify(value);
    return `${field}: ${text}`;
  });
  return fields.length > 0 ? fields.join("; ") : fallback;
}

/** The cursor of the `rel="next"` link when Sentry says more results exist. */
export function nextCursor(link: string | null): string | undefined {
  if (link === null) return undefined;
  for (const part of link.split(/,\s*(?=<)/)) {
    const rel = /;\s*rel="([^"]*)"/.exec(part)?.[1];
    const results = /;\s*results="([^"]*)"/.exec(part)?.[1];
    const cursor = /;\s*cursor="([^"]*)"/.exec(part)?.[1];
    if (rel === "next") return results === "true" && cursor ? cursor : undefined;
  }
  return undefined;
}

function retryAfterSeconds(header: string | null): number {
  if (header === null) return 1;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(header);
  return Number.isNaN(date) ? 1 : Math.max(0, (date - Date.now()) / 1000);
}

export class SentryClient {
  readonly #api: URL;
  readonly #token: string;
  readonly #maxRetries: number;
  readonly #maxWait: number;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;
  /** Write calls made (POST, PUT, DELETE), so a run can say it changed nothing. */
  writes = 0;

  constructor(options: SentryClientOptions) {
    const base = options.baseUrl.endsWith("/") ? options.baseUrl : `${options.baseUrl}/`;
    this.#api = new URL("api/0/", base);
    this.#token = options.token;
    this.#maxRetries = options.maxRetries ?? 5;
    this.#maxWait = options.maxRetryAfterSeconds ?? 60;
    this.#fetch = options.fetch ?? fetch;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
  }

  async request(
    method: "GET" | "POST" | "PUT" | "DELETE",
    path: string,
    options: RequestOptions = {},
  ): Promise<{ body: unknown; headers: Headers }> {
    const url = new URL(path.replace(/^\//, ""), this.#api);
    const shownPath = `${url.pathname}${url.search}`;
    if (method !== "GET") this.writes++;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await this.#fetch(url, {
          method,
          headers: {
            authorization: `Bearer ${this.#token}`,
            accept: "application/json",
            ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
          },
          ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
          signal: AbortSignal.timeout(this.#timeoutMs),
        });
      } catch (error) {
        // Status 0: no HTTP answer at all (refused, DNS, timeout).
        const cause = error instanceof Error ? (error.cause ?? error) : error;
        const reason = cause instanceof Error ? cause.message : String(cause);
        throw new SentryApiError(
          0,
          method,
          shownPath,
          `could not reach ${url.origin}: ${reason}`,
          options.resource,
        );
      }
      const text = await response.text();
      let body: unknown = text;
      try {
        body = text === "" ? null : JSON.parse(text);
      } catch {
        // Not JSON (a proxy's error page): keep the text for the message.
      }
      if (response.status === 429 && attempt < this.#maxRetries) {
        const wait = Math.min(
          retryAfterSeconds(response.headers.get("retry-after")),
          this.#maxWait,
        );
        await new Promise((resolve) => setTimeout(resolve, wait * 1000));
        continue;
      }
      if (!response.ok) {
        throw new SentryApiError(
          response.status,
          method,
          shownPath,
          sentryDetail(body, response.statusText || "request failed"),
          options.resource,
        );
      }
      return { body, headers: response.headers };
    }
  }

  /** Every item of a list endpoint, following `Link` cursors page by page. */
  async list<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 1000; page++) {
      // Only the cursor is taken from the link: the token never goes to a host we did not choose.
      const separator = path.includes("?") ? "&" : "?";
      const paged =
        cursor === undefined ? path : `${path}${separator}cursor=${encodeURIComponent(cursor)}`;
      const { body, headers } = await this.request("GET", paged);
      if (!Array.isArray(body)) {
        throw new SentryApiError(200, "GET", paged, "expected a JSON array", undefined);
      }
      items.push(...(body as T[]));
      cursor = nextCursor(headers.get("link"));
      if (cursor === undefined) return items;
    }
    throw new SentryApiError(200, "GET", path, "more than 1000 pages: stopped", undefined);
  }
}
