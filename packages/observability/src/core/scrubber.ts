/**
 * A data scrubber at parity with Relay's default server-side scrubbing (sensitive keys,
 * credit cards, IBANs, PEM keys, bearer tokens, credentials in URLs), plus email
 * addresses, JWTs, US social security numbers, LLM-provider and Google OAuth token shapes,
 * and cookies. It runs in the SDK (`beforeSend`, `beforeSendSpan`, `beforeBreadcrumb`,
 * `beforeSendLog`, `beforeSendMetric`) so secrets never leave the process, and on log records.
 *
 * Three layers: `scrub-keys` decides which keys name a secret, `scrub-text` finds secrets
 * inside one string, and this module walks values, events and attribute records.
 */
import { createKeyClassifier } from "./scrub-keys.js";
import { createTextScrubber, FILTERED } from "./scrub-text.js";

export { FILTERED };

export interface ScrubberOptions {
  /**
   * Keys (case-insensitive, exact) that are never treated as sensitive, e.g. `["auth_method"]`.
   * Values under them are still checked for secret-shaped strings.
   */
  allowKeys?: readonly string[];
  /** Extra sensitive key fragments on top of the Relay defaults. */
  extraSensitiveKeys?: readonly string[];
  /** Email addresses are replaced unless this is false. */
  scrubEmails?: boolean;
  /** Emails on these domains are kept (e.g. the company's own support address). */
  allowEmailDomains?: readonly string[];
}

export interface Scrubber {
  /** Scrubs any JSON-like value; returns a new value and never mutates the input. */
  value<T>(value: T): T;
  /** `value` for one record whose keys in `passThrough` are trusted and kept as they are. */
  record<R extends Record<string, unknown>>(record: R, passThrough: ReadonlySet<string>): R;
  /**
   * Span, log or metric attributes: `record`, minus the personal user attributes the SDK copies
   * from the scope's user (`user.email`, `user.name`, `user.ip_address`); `user.id` stays.
   */
  attributes<R extends Record<string, unknown>>(record: R, passThrough: ReadonlySet<string>): R;
  /** Scrubs one string. */
  string(text: string): string;
  /** Scrubs a query string (`a=1&token=x`) parameter by parameter. */
  query(text: string): string;
  /** Scrubs a Sentry error or transaction event (request, user, breadcrumbs, extra, …). */
  event<E extends object>(event: E): E;
  /** Scrubs a structured log record (pino object, Sentry log attributes). */
  logRecord<R extends Record<string, unknown>>(record: R): R;
  /** Whether a key counts as sensitive under these options. */
  isSensitiveKey(key: string): boolean;
}

const MAX_DEPTH = 12;

/**
 * Event fields that hold identifiers and structure, not user data: skipping them keeps the
 * scrubber fast and avoids mangling ids that merely look like numbers. (`fingerprint` is not
 * one of them: its parts are often ids chosen by the caller, and can be anything.)
 */
const SKIPPED_EVENT_KEYS = new Set([
  "event_id",
  "timestamp",
  "start_timestamp",
  "platform",
  "level",
  "sdk",
  "debug_meta",
  "sdkProcessingMetadata",
  "modules",
  "trace_id",
  "span_id",
  "parent_span_id",
  "type",
  "environment",
  "release",
  "dist",
]);

/** The user fields the SDK turns into span, log and metric attributes; only `user.id` may stay. */
const PERSONAL_ATTRIBUTES = [
  "user.email",
  "user.name",
  "user.username",
  "user.ip_address",
  "user.full_name",
];

type Walk = (value: unknown, depth: number) => unknown;

export function createScrubber(options: ScrubberOptions = {}): Scrubber {
  const keys = createKeyClassifier(options);
  const { isSensitiveKey } = keys;
  const text = createTextScrubber({
    keys,
    scrubEmails: options.scrubEmails ?? true,
    allowedEmailDomains: new Set((options.allowEmailDomains ?? []).map((d) => d.toLowerCase())),
  });
  const { string, query } = text;

  function walk(value: unknown, depth: number): unknown {
    if (typeof value === "string") return string(value);
    if (value === null || typeof value !== "object") return value;
    // Depth, not a visited set, bounds cycles: events are already normalised by the SDK, and a
    // WeakSet per call costs more than the rest of the walk on a typical event.
    if (depth > MAX_DEPTH) return FILTERED;
    if (Array.isArray(value)) return walkArray(value, depth);
    // A boxed string (`Sentry.logger.fmt` builds one) is text; walked as an object it would
    // become `{ 0: "o", 1: "r", … }` and arrive as "[object Object]".
    if (value instanceof String) return string(value.valueOf());
    return walkRecord(value as Record<string, unknown>, depth, undefined);
  }

  function walkArray(array: readonly unknown[], depth: number): unknown[] {
    let out: unknown[] | undefined;
    for (let i = 0; i < array.length; i++) {
      const item = array[i];
      const next = walk(item, depth + 1);
      if (next !== item) {
        out ??= array.slice();
        out[i] = next;
      }
    }
    return out ?? (array as unknown[]);
  }

  function walkRecord(
    record: Record<string, unknown>,
    depth: number,
    passThrough: ReadonlySet<string> | undefined,
  ): Record<string, unknown> {
    let out: Record<string, unknown> | undefined;
    for (const key of Object.keys(record)) {
      const item = record[key];
      if (passThrough?.has(key)) continue;
      let next: unknown;
      if (item !== null && item !== undefined && isSensitiveKey(key)) {
        next = typeof item === "boolean" ? item : FILTERED;
      } else {
        next = walk(item, depth + 1);
      }
      if (next !== item) {
        out ??= { ...record };
        out[key] = next;
      }
    }
    return out ?? record;
  }

  function value<T>(input: T): T {
    return walk(input, 0) as T;
  }

  function record<R extends Record<string, unknown>>(
    input: R,
    passThrough: ReadonlySet<string>,
  ): R {
    return walkRecord(input, 0, passThrough) as R;
  }

  function attributes<R extends Record<string, unknown>>(
    input: R,
    passThrough: ReadonlySet<string>,
  ): R {
    let withoutPersonal: Record<string, unknown> = input;
    for (const key of PERSONAL_ATTRIBUTES) {
      if (key in withoutPersonal) {
        if (withoutPersonal === input) withoutPersonal = { ...input };
        delete withoutPersonal[key];
      }
    }
    return walkRecord(withoutPersonal, 0, passThrough) as R;
  }

  const sections = createEventSections({ walk, string, query });

  function event<E extends object>(input: E): E {
    const source = input as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(source)) {
      const item = source[key];
      if (SKIPPED_EVENT_KEYS.has(key)) {
        out[key] = item;
      } else if (key === "exception") {
        out[key] = sections.exception(item);
      } else if (key === "request") {
        out[key] = sections.request(item);
      } else if (key === "user") {
        out[key] = sections.user(item);
      } else {
        out[key] = walk(item, 0);
      }
    }
    return out as E;
  }

  function logRecord<R extends Record<string, unknown>>(input: R): R {
    return value(input);
  }

  return { value, record, attributes, string, query, event, logRecord, isSensitiveKey };
}

/** The parts of an event with a known shape, scrubbed by what they can hold. */
function createEventSections(deps: {
  walk: Walk;
  string: (text: string) => string;
  query: (text: string) => string;
}) {
  const { walk, string, query } = deps;

  function exception(section: unknown): unknown {
    const values = (section as { values?: unknown[] } | undefined)?.values;
    if (!Array.isArray(values)) return walk(section, 0);
    return {
      ...(section as object),
      values: values.map((entry) => {
        const { stacktrace: trace, value: message, ...rest } = entry as Record<string, unknown>;
        const scrubbed: Record<string, unknown> = walk(rest, 0) as Record<string, unknown>;
        if (typeof message === "string") scrubbed.value = string(message);
        if (trace !== undefined) scrubbed.stacktrace = stacktrace(trace);
        return scrubbed;
      }),
    };
  }

  // Frames are code locations; only their local variables and source lines can hold data.
  // Frames are copied only when something in them changed (as `walk` does).
  function stacktrace(trace: unknown): unknown {
    const frames = (trace as { frames?: unknown[] } | undefined)?.frames;
    if (!Array.isArray(frames)) return trace;
    let out: unknown[] | undefined;
    for (let i = 0; i < frames.length; i++) {
      const next = frame(frames[i]);
      if (next !== frames[i]) {
        out ??= frames.slice();
        out[i] = next;
      }
    }
    return out ? { ...(trace as object), frames: out } : trace;
  }

  function frame(input: unknown): unknown {
    if (input === null || typeof input !== "object") return input;
    const f = input as Record<string, unknown>;
    const vars = f.vars === undefined ? undefined : walk(f.vars, 0);
    const line = typeof f.context_line === "string" ? string(f.context_line) : f.context_line;
    const pre = Array.isArray(f.pre_context) ? walk(f.pre_context, 0) : f.pre_context;
    const post = Array.isArray(f.post_context) ? walk(f.post_context, 0) : f.post_context;
    if (
      vars === f.vars &&
      line === f.context_line &&
      pre === f.pre_context &&
      post === f.post_context
    ) {
      return input;
    }
    const copy = { ...f };
    if (f.vars !== undefined) copy.vars = vars;
    if (typeof f.context_line === "string") copy.context_line = line;
    if (Array.isArray(f.pre_context)) copy.pre_context = pre;
    if (Array.isArray(f.post_context)) copy.post_context = post;
    return copy;
  }

  function request(section: unknown): unknown {
    if (section === null || typeof section !== "object") return section;
    const { cookies, query_string: queryString, ...rest } = section as Record<string, unknown>;
    const scrubbed = walk(rest, 0) as Record<string, unknown>;
    // Cookies are session credentials: drop them whole rather than scrubbing by name.
    if (cookies !== undefined) scrubbed.cookies = FILTERED;
    if (queryString !== undefined) scrubbed.query_string = scrubQueryString(queryString);
    return scrubbed;
  }

  // A query string is parameters, not prose: each one is judged by its own key, so `&` ends a
  // value here (unlike in free text).
  function scrubQueryString(queryString: unknown): unknown {
    if (typeof queryString === "string") return query(queryString);
    if (!Array.isArray(queryString)) return walk(queryString, 0);
    return queryString.map((pair) =>
      Array.isArray(pair) && typeof pair[0] === "string"
        ? [pair[0], scrubPair(pair[0], pair[1])]
        : walk(pair, 0),
    );
  }

  // A `[key, value]` pair is judged like a record entry: by its key, then by its value.
  function scrubPair(key: string, item: unknown): unknown {
    return (walk({ [key]: item }, 0) as Record<string, unknown>)[key];
  }

  // Keep only pseudonymous identifiers; email, IP, name and username are personal data.
  function user(section: unknown): unknown {
    if (section === null || typeof section !== "object") return section;
    const { id, segment } = section as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    if (id !== undefined) out.id = typeof id === "string" ? string(id) : id;
    if (segment !== undefined) out.segment = segment;
    return out;
  }

  return { exception, request, user };
}
