/**
 * Which keys name a secret. One classifier serves object keys (`{ clientSecret: … }`), span and
 * log attribute names, query parameters and the `key` of a `key=value` / `key: value` pair in
 * free text, so the three never disagree.
 */

/**
 * Relay's `@password` rule matches these fragments anywhere in a key (`client_secret`,
 * `X-Auth-Token`, `aws_secret_access_key`), plus personal identifiers that have no value shape
 * of their own (a national id number is just digits).
 */
const KEY_FRAGMENTS = [
  "password",
  "passwd",
  "passphrase",
  "secret",
  "token",
  "auth",
  "credential",
  "session",
  "sessid",
  "cookie",
  "csrf",
  "xsrf",
  "signature",
  "private_key",
  "privatekey",
  "api_key",
  "apikey",
  "access_key",
  "accesskey",
  "pwd",
  "social_security",
  "national_id",
  "nationalid",
  "passport",
];

/**
 * Fragments too short to match inside a word: `key` is in "monkey", `ssn` in "className", `sid`
 * in "inside", `pin` in "shipping". They count only as a whole word of the key, after camelCase
 * and separators are split (`apiKey`, `user_ssn`, `connect.sid`, `card-pin`).
 */
const KEY_WORDS = ["key", "ssn", "sid", "sig", "pin", "pass", "cvv", "cvc", "otp"];

/**
 * Keys that contain a fragment but carry counts or ids, not secrets: LLM token usage
 * (`gen_ai.usage.input_tokens`, `max_tokens`, `tokensUsed`), session counters and the outbox's
 * idempotency key. Values under them are still checked for secret shapes. Tested on the
 * normalised key (snake_case, lower case).
 */
const DEFAULT_ALLOWED_KEY =
  /(?:^|_)(?:input|output|total|max|prompt|completion|cached|reasoning)_?tokens?$|^tokens?_(?:used|count|in|out)$|_tokens?_(?:used|count)$|^gen_ai_usage_|^tokens$|^session_(?:count|duration)$|(?:^|_)idempotency_key$/;

/** `aws.SecretAccessKey` → `aws_secret_access_key`: one spelling to match fragments and words in. */
export function normaliseKey(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_");
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export interface KeyClassifierOptions {
  /** Keys (case-insensitive, exact) never treated as sensitive. */
  allowKeys?: readonly string[];
  /** Extra fragments, matched anywhere in the normalised key. */
  extraSensitiveKeys?: readonly string[];
}

export interface KeyClassifier {
  isSensitiveKey(key: string): boolean;
  /**
   * Regex source, case-insensitive without flags, that finds every fragment and word in raw
   * text, for spotting candidate keys in free text. A candidate is then confirmed with
   * `isSensitiveKey`, so this may over-match ("shipping" contains "pin").
   */
  readonly candidateSource: string;
}

export function createKeyClassifier(options: KeyClassifierOptions = {}): KeyClassifier {
  const allowKeys = new Set((options.allowKeys ?? []).map((k) => k.toLowerCase()));
  const extra = (options.extraSensitiveKeys ?? []).map((k) => normaliseKey(k)).filter(Boolean);
  const fragments = [...KEY_FRAGMENTS, ...extra];
  const sensitive = new RegExp(
    `${fragments.map(escapeRegex).join("|")}|(?:^|_)(?:${KEY_WORDS.join("|")})(?:_|$)`,
  );
  const cache = new Map<string, boolean>();

  function isSensitiveKey(key: string): boolean {
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const normalised = normaliseKey(key);
    const result =
      !allowKeys.has(key.toLowerCase()) &&
      !DEFAULT_ALLOWED_KEY.test(normalised) &&
      sensitive.test(normalised);
    // Bounded: keys come from code, but a map keyed by user data must not grow forever.
    if (cache.size < 5000) cache.set(key, result);
    return result;
  }

  return { isSensitiveKey, candidateSource: candidateSource([...KEY_WORDS, ...fragments]) };
}

/** Case-insensitive letters inside a case-sensitive regex (older engines have no `(?i:)`). */
export function caseInsensitive(words: string): string {
  return words.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`);
}

/**
 * Finding candidates in raw text only needs what every spelling of a fragment contains: a
 * fragment that contains a shorter one (`password` ⊃ `pass`, `private_key` ⊃ `key`) adds
 * nothing, and one of several words (`social_security`, `national_id`) is found by its first
 * word, whatever joins the rest (`socialSecurity`, `national-id`). Fewer alternatives keep the
 * prescreen cheap; `isSensitiveKey` confirms every candidate.
 */
function candidateSource(fragments: readonly string[]): string {
  const withoutLonger = (list: readonly string[]) =>
    [...new Set(list)].filter((f) => !list.some((g) => g !== f && f.includes(g)));
  const bare = withoutLonger(fragments.map((f) => f.replace(/_/g, "")));
  const kept = withoutLonger(
    fragments
      .filter((f) => bare.includes(f.replace(/_/g, "")))
      .map((f) => f.split("_")[0] as string)
      .filter(Boolean),
  );
  return kept.map((f) => caseInsensitive(escapeRegex(f))).join("|");
}
