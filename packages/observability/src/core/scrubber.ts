/**
 * A data scrubber at parity with Relay's default server-side scrubbing (sensitive keys,
 * credit cards, IBANs, PEM keys, bearer tokens, credentials in URLs), plus email
 * addresses, LLM-provider and Google OAuth token shapes, and cookies. It runs in the
 * SDK (`beforeSend`, `beforeSendSpan`, `beforeBreadcrumb`) so secrets never leave the
 * process, and on log records.
 */

export const FILTERED = "[Filtered]";

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
  /** Scrubs one string. */
  string(text: string): string;
  /** Scrubs a Sentry error or transaction event (request, user, breadcrumbs, extra, …). */
  event<E extends object>(event: E): E;
  /** Scrubs a structured log record (pino object, Sentry log attributes). */
  logRecord<R extends Record<string, unknown>>(record: R): R;
  /** Whether a key counts as sensitive under these options. */
  isSensitiveKey(key: string): boolean;
}

// Relay's `@password` key list, matched as substrings like Relay does, plus cookies,
// sessions and the header names that carry credentials.
const RELAY_SENSITIVE_KEYS = [
  "password",
  "secret",
  "passwd",
  "api_key",
  "apikey",
  "api-key",
  "auth",
  "credentials",
  "mysql_pwd",
  "privatekey",
  "private_key",
  "private-key",
  "token",
  "session",
  "cookie",
  "csrf",
  "xsrf",
  "access_key",
  "access-key",
  "signature",
  "pwd",
];

// Keys that contain a sensitive fragment but carry counts, not secrets (LLM token usage).
const DEFAULT_ALLOWED_KEY =
  /(^|[._-])(input|output|total|max|prompt|completion|cached|reasoning)_?tokens?$|tokens?_(used|count|in|out)$|^gen_ai\.usage\.|^session\.(count|duration)$/i;

// Case-insensitive words inside an otherwise case-sensitive regex (Node 22 and older Safari have no `(?i:)`).
function ci(words: string): string {
  return words.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`);
}

// One alternation so a string is scanned once; the group that matched tells what it was.
// Order matters: longer, more specific shapes come before the generic ones.
const PATTERNS: readonly (readonly [name: string, source: string])[] = [
  ["pem", "-----BEGIN[A-Z ]*PRIVATE KEY-----[\\s\\S]*?(?:-----END[A-Z ]*PRIVATE KEY-----|$)"],
  ["urlauth", "\\b[a-zA-Z][a-zA-Z0-9+.-]*:\\/\\/[^\\s:@/?#]*:[^\\s@/?#]+@"],
  [
    "bearer",
    // Basic/Token credentials must look like one: mixed case and at least 12 characters,
    // so prose such as "basic information" survives.
    `\\b${ci("bearer")}\\s+[A-Za-z0-9\\-._~+/]{8,}=*|\\b(?:${ci("basic")}|${ci("token")})\\s+(?=[A-Za-z0-9+/]*[A-Z])(?=[A-Za-z0-9+/]*[a-z0-9])[A-Za-z0-9\\-._~+/]{12,}=*`,
  ],
  ["anthropic", "\\bsk-ant-[A-Za-z0-9]{2,10}-[A-Za-z0-9_-]{16,}"],
  ["openai", "\\bsk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,}"],
  ["googleAccess", "\\bya29\\.[0-9A-Za-z_-]{10,}"],
  ["googleRefresh", "\\b1\\/\\/0[0-9A-Za-z_-]{20,}"],
  ["googleSecret", "\\bGOCSPX-[0-9A-Za-z_-]{10,}"],
  ["googleApiKey", "\\bAIza[0-9A-Za-z_-]{35}"],
  ["jwt", "\\beyJ[A-Za-z0-9_-]{5,}\\.eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}"],
  ["github", "\\bgh[pousr]_[A-Za-z0-9]{30,}|\\bgithub_pat_[A-Za-z0-9_]{30,}"],
  ["slack", "\\bxox[abposr]-[A-Za-z0-9-]{10,}"],
  ["stripe", "\\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}"],
  ["aws", "\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"],
  ["sentryAuth", "\\bsntry[su]_[A-Za-z0-9_=+/-]{20,}"],
  [
    "kv",
    `\\b(?:${ci("password|passwd|pwd|secret|client_secret|api_?key|access_?token|refresh_?token|auth_?token|token|session(?:_?id)?|sid")})["']?\\s*[:=]\\s*["']?[^\\s"'&,;}]+`,
  ],
  ["email", "[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,})"],
  ["iban", "\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\\b"],
  ["card", "\\b\\d(?:[ -]?\\d){12,18}\\b"],
];

const GROUP_NAMES = PATTERNS.map(([name]) => name);
// A cheap trigger per shape, in PATTERNS order: a string is only run through the shapes whose
// trigger it contains, combined into one alternation (cached per combination), so most strings
// are never scanned by a big regex and the rest are scanned once.
const TRIGGERS: readonly RegExp[] = [
  /PRIVATE KEY/,
  /:\/\/[^@\s]*@/,
  /bearer|basic|token/i,
  /sk-ant-/,
  /sk-/,
  /ya29\./,
  /1\/\/0/,
  /GOCSPX-/,
  /AIza/,
  /eyJ/,
  /gh[pousr]_|github_pat_/,
  /xox[abposr]-/,
  /_(?:live|test)_/,
  /AKIA|ASIA/,
  /sntry/,
  /(?:passw(?:or)?d|pwd|secret|api_?key|token|session(?:_?id)?|sid)["']?\s*[:=]/i,
  /@/,
  /[A-Z]{2}\d{2}/,
  /\d(?:[ -]?\d){12}/,
];

// One precompiled test that every pattern above implies (each alternative is a necessary part of
// some pattern's match, case-insensitive where the pattern is); most strings in an event fail it
// and are returned as they are, without the per-shape triggers or a memo entry.
const ANY_TRIGGER = new RegExp(
  [
    "PRIVATE KEY",
    "@",
    `\\b(?:${ci("bearer|basic|token")})\\s`,
    "sk-",
    "ya29\\.",
    "1\\/\\/0",
    "GOCSPX-",
    "AIza",
    "eyJ",
    "gh[pousr]_",
    "github_pat_",
    "xox[abposr]-",
    "_(?:live|test)_",
    "AKIA",
    "ASIA",
    "sntry[su]_",
    `(?:${ci("passw(?:or)?d|pwd|secret|api_?key|token|session(?:_?id)?|sid")})["']?\\s*[:=]`,
    "[A-Z]{2}\\d{2}",
    "\\d(?:[ -]?\\d){12}",
  ].join("|"),
);

const MAX_DEPTH = 12;

function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

function ibanValid(raw: string): boolean {
  const iban = raw.replace(/ /g, "").toUpperCase();
  if (iban.length < 15 || iban.length > 34) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

// Event fields that hold identifiers and structure, not user data: skipping them keeps the
// scrubber fast and avoids mangling ids that merely look like numbers.
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
  "fingerprint",
]);

export function createScrubber(options: ScrubberOptions = {}): Scrubber {
  const allowKeys = new Set((options.allowKeys ?? []).map((k) => k.toLowerCase()));
  const sensitiveFragments = [...RELAY_SENSITIVE_KEYS, ...(options.extraSensitiveKeys ?? [])].map(
    (k) => k.toLowerCase(),
  );
  const sensitiveKey = new RegExp(
    sensitiveFragments.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"),
    "i",
  );
  const scrubEmails = options.scrubEmails ?? true;
  const allowedEmailDomains = new Set(
    (options.allowEmailDomains ?? []).map((d) => d.toLowerCase()),
  );
  const alternations = new Map<number, RegExp>();
  function alternationFor(mask: number): RegExp {
    let regex = alternations.get(mask);
    if (!regex) {
      const parts = PATTERNS.filter((_, i) => mask & (1 << i)).map(
        ([name, source]) => `(?<${name}>${source})`,
      );
      regex = new RegExp(parts.join("|"), "g");
      alternations.set(mask, regex);
    }
    return regex;
  }
  const keyCache = new Map<string, boolean>();

  function isSensitiveKey(key: string): boolean {
    const cached = keyCache.get(key);
    if (cached !== undefined) return cached;
    const lower = key.toLowerCase();
    const result =
      !allowKeys.has(lower) && !DEFAULT_ALLOWED_KEY.test(key) && sensitiveKey.test(key);
    // Bounded: keys come from code, but a map keyed by user data must not grow forever.
    if (keyCache.size < 5000) keyCache.set(key, result);
    return result;
  }

  function replaceMatch(match: string, ...args: unknown[]): string {
    const groups = args[args.length - 1] as Record<string, string | undefined>;
    let name: string | undefined;
    for (const candidate of GROUP_NAMES) {
      if (groups[candidate] !== undefined) {
        name = candidate;
        break;
      }
    }
    switch (name) {
      case "urlauth": {
        const scheme = match.indexOf("://");
        return `${match.slice(0, scheme + 3)}${FILTERED}@`;
      }
      case "kv": {
        const keyAndSeparator = /^[A-Za-z_]+["']?\s*[:=]\s*["']?/.exec(match);
        return `${keyAndSeparator?.[0] ?? ""}${FILTERED}`;
      }
      case "email": {
        if (!scrubEmails) return match;
        const domain = match.slice(match.lastIndexOf("@") + 1).toLowerCase();
        return allowedEmailDomains.has(domain) ? match : FILTERED;
      }
      case "iban":
        return ibanValid(match) ? FILTERED : match;
      case "card": {
        const digits = match.replace(/[ -]/g, "");
        return digits.length >= 13 && digits.length <= 19 && luhnValid(digits) ? FILTERED : match;
      }
      case "bearer": {
        const space = match.search(/\s/);
        return `${match.slice(0, space + 1)}${FILTERED}`;
      }
      default:
        return FILTERED;
    }
  }

  function scrubPlain(text: string): string {
    if (text.length < 6 || !ANY_TRIGGER.test(text)) return text;
    return scrubTriggered(text);
  }

  function scrubTriggered(text: string): string {
    let mask = 0;
    for (let i = 0; i < TRIGGERS.length; i++) {
      if ((TRIGGERS[i] as RegExp).test(text)) mask |= 1 << i;
    }
    if (mask === 0) return text;
    const regex = alternationFor(mask);
    regex.lastIndex = 0;
    return text.replace(regex, replaceMatch);
  }

  // Events repeat most of their strings (stack context, URLs, breadcrumb messages), so short
  // strings are memoised by content. Bounded: cleared when full, so memory stays ~2 MB at most.
  const memo = new Map<string, string>();

  function string(text: string): string {
    // Decoding never makes a string longer, so a short one cannot hide anything.
    if (text.length < 6) return text;
    if (text.length > 256) return scrubUncached(text, ANY_TRIGGER.test(text));
    const known = memo.get(text);
    if (known !== undefined) return known;
    const triggered = ANY_TRIGGER.test(text);
    // Only strings that need the expensive path are memoised: the prescreen costs about as much
    // as a memo insert, and unique strings would otherwise churn the memo and the GC.
    if (!triggered && text.indexOf("%") === -1) return text;
    const result = scrubUncached(text, triggered);
    if (memo.size >= 2000) memo.clear();
    memo.set(text, result);
    return result;
  }

  function scrubUncached(text: string, triggered: boolean): string {
    const scrubbed = triggered ? scrubTriggered(text) : text;
    // URLs and query strings hide secrets behind percent-encoding ("card%204111…"), where no
    // word boundary separates them; scrub the decoded form and keep it if it found anything.
    if (text.indexOf("%") === -1) return scrubbed;
    let decoded: string;
    try {
      decoded = decodeURIComponent(scrubbed.replace(/\+/g, " "));
    } catch {
      return scrubbed;
    }
    if (decoded === scrubbed) return scrubbed;
    const decodedScrubbed = scrubPlain(decoded);
    return decodedScrubbed === decoded ? scrubbed : decodedScrubbed;
  }

  function walk(value: unknown, depth: number): unknown {
    if (typeof value === "string") return string(value);
    if (value === null || typeof value !== "object") return value;
    // Depth, not a visited set, bounds cycles: events are already normalised by the SDK, and a
    // WeakSet per call costs more than the rest of the walk on a typical event.
    if (depth > MAX_DEPTH) return FILTERED;
    if (Array.isArray(value)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const item = value[i];
        const next = walk(item, depth + 1);
        if (next !== item) {
          out ??= value.slice();
          out[i] = next;
        }
      }
      return out ?? value;
    }
    return walkRecord(value as Record<string, unknown>, depth, undefined);
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

  function event<E extends object>(input: E): E {
    const source = input as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(source)) {
      const item = source[key];
      if (SKIPPED_EVENT_KEYS.has(key)) {
        out[key] = item;
      } else if (key === "exception") {
        out[key] = scrubException(item);
      } else if (key === "request") {
        out[key] = scrubRequest(item);
      } else if (key === "user") {
        out[key] = scrubUser(item);
      } else {
        out[key] = walk(item, 0);
      }
    }
    return out as E;
  }

  function scrubException(exception: unknown): unknown {
    const values = (exception as { values?: unknown[] } | undefined)?.values;
    if (!Array.isArray(values)) return walk(exception, 0);
    return {
      ...(exception as object),
      values: values.map((entry) => {
        const { stacktrace, value: message, ...rest } = entry as Record<string, unknown>;
        const scrubbed: Record<string, unknown> = walk(rest, 0) as Record<string, unknown>;
        if (typeof message === "string") scrubbed.value = string(message);
        if (stacktrace !== undefined) scrubbed.stacktrace = scrubStacktrace(stacktrace);
        return scrubbed;
      }),
    };
  }

  // Frames are code locations; only their local variables and source lines can hold data.
  function scrubStacktrace(stacktrace: unknown): unknown {
    const frames = (stacktrace as { frames?: unknown[] } | undefined)?.frames;
    if (!Array.isArray(frames)) return stacktrace;
    // Frames are copied only when something in them changed (as `walk` does).
    let out: unknown[] | undefined;
    for (let i = 0; i < frames.length; i++) {
      const frame = frames[i];
      const next = scrubFrame(frame);
      if (next !== frame) {
        out ??= frames.slice();
        out[i] = next;
      }
    }
    return out ? { ...(stacktrace as object), frames: out } : stacktrace;
  }

  function scrubFrame(frame: unknown): unknown {
    if (frame === null || typeof frame !== "object") return frame;
    const f = frame as Record<string, unknown>;
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
      return frame;
    }
    const copy = { ...f };
    if (f.vars !== undefined) copy.vars = vars;
    if (typeof f.context_line === "string") copy.context_line = line;
    if (Array.isArray(f.pre_context)) copy.pre_context = pre;
    if (Array.isArray(f.post_context)) copy.post_context = post;
    return copy;
  }

  function scrubRequest(request: unknown): unknown {
    if (request === null || typeof request !== "object") return request;
    const { cookies: _cookies, ...rest } = request as Record<string, unknown>;
    const scrubbed = walk(rest, 0) as Record<string, unknown>;
    // Cookies are session credentials: drop them whole rather than scrubbing by name.
    if (_cookies !== undefined) scrubbed.cookies = FILTERED;
    return scrubbed;
  }

  // Keep only pseudonymous identifiers; email, IP, name and username are personal data.
  function scrubUser(user: unknown): unknown {
    if (user === null || typeof user !== "object") return user;
    const { id, segment } = user as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    if (id !== undefined) out.id = typeof id === "string" ? string(id) : id;
    if (segment !== undefined) out.segment = segment;
    return out;
  }

  function logRecord<R extends Record<string, unknown>>(record: R): R {
    return value(record);
  }

  return { value, record, string, event, logRecord, isSensitiveKey };
}
