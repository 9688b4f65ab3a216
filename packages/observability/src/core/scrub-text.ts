/**
 * Finding secrets inside one string: credential and token shapes, cards, IBANs, US social
 * security numbers, emails, `key=value` pairs whose key names a secret, and URLs whose query
 * parameters do.
 */
import { caseInsensitive as ci, type KeyClassifier } from "./scrub-keys.js";

export const FILTERED = "[Filtered]";

/**
 * One secret shape. `source` is the pattern itself; `trigger` a cheap test that a string may
 * contain it; `anchor` a regex source that every match contains, for the one prescreen that most
 * strings fail.
 */
interface Shape {
  readonly name: string;
  readonly source: string;
  readonly trigger: RegExp;
  readonly anchor: string;
}

const B64URL = "[A-Za-z0-9_-]";
const NOT_B64URL_BEFORE = "(?<![A-Za-z0-9_-])";

/** Longer, more specific shapes come first: at one position the first alternative wins. */
const FIXED_SHAPES: readonly Shape[] = [
  {
    name: "pem",
    source: "-----BEGIN[A-Z ]*PRIVATE KEY-----[\\s\\S]*?(?:-----END[A-Z ]*PRIVATE KEY-----|$)",
    trigger: /PRIVATE KEY/,
    anchor: "PRIVATE KEY",
  },
  {
    name: "urlauth",
    source: "\\b[a-zA-Z][a-zA-Z0-9+.-]*:\\/\\/[^\\s:@/?#]*:[^\\s@/?#]+@",
    trigger: /:\/\/[^@\s]*@/,
    anchor: "@",
  },
  {
    name: "bearer",
    // Basic/Token credentials must look like one (mixed case, 12+ characters), so prose such as
    // "basic information" survives.
    source: `\\b${ci("bearer")}\\s+[A-Za-z0-9\\-._~+/]{8,}=*|\\b(?:${ci("basic")}|${ci("token")})\\s+(?=[A-Za-z0-9+/]*[A-Z])(?=[A-Za-z0-9+/]*[a-z0-9])[A-Za-z0-9\\-._~+/]{12,}=*`,
    trigger: /bearer|basic|token/i,
    anchor: `\\b(?:${ci("bearer|basic|token")})\\s`,
  },
  {
    name: "anthropic",
    source: "\\bsk-ant-[A-Za-z0-9]{2,10}-[A-Za-z0-9_-]{16,}",
    trigger: /sk-ant-/,
    anchor: "sk-",
  },
  {
    name: "openai",
    source: "\\bsk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,}",
    trigger: /sk-/,
    anchor: "sk-",
  },
  {
    name: "googleAccess",
    source: "\\bya29\\.[0-9A-Za-z_-]{10,}",
    trigger: /ya29\./,
    anchor: "ya29\\.",
  },
  {
    name: "googleRefresh",
    source: "\\b1\\/\\/0[0-9A-Za-z_-]{20,}",
    trigger: /1\/\/0/,
    anchor: "1\\/\\/0",
  },
  {
    name: "googleSecret",
    source: "\\bGOCSPX-[0-9A-Za-z_-]{10,}",
    trigger: /GOCSPX-/,
    anchor: "GOCSPX-",
  },
  {
    name: "googleApiKey",
    source: "\\bAIza[0-9A-Za-z_-]{35}",
    trigger: /AIza/,
    anchor: "AIza",
  },
  {
    name: "jwt",
    // A JWT is three (JWE: five) base64url segments. Its header is a JSON object, so it starts
    // with `ey` or `ew` whatever the payload is; any other three long segments count too and
    // are confirmed by `looksLikeJwt` (mixed case and digits, as base64 of binary has).
    source: `${NOT_B64URL_BEFORE}e[wy]${B64URL}{6,}\\.${B64URL}{2,}\\.${B64URL}*(?:\\.${B64URL}*){0,2}|${NOT_B64URL_BEFORE}${B64URL}{8,}\\.${B64URL}{8,}\\.${B64URL}{8,}(?:\\.${B64URL}+){0,2}`,
    // Anchored on a literal "." so that the prescreen does not try a run at every letter.
    trigger: /e[wy][A-Za-z0-9_-]{6,}\.|\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8}/,
    anchor: `e[wy]${B64URL}{6,}\\.|\\.${B64URL}{8,}\\.${B64URL}{8}`,
  },
  {
    name: "github",
    source: "\\bgh[pousr]_[A-Za-z0-9]{30,}|\\bgithub_pat_[A-Za-z0-9_]{30,}",
    trigger: /gh[pousr]_|github_pat_/,
    anchor: "gh[pousr]_|github_pat_",
  },
  {
    name: "slack",
    source: "\\bxox[abposr]-[A-Za-z0-9-]{10,}",
    trigger: /xox[abposr]-/,
    anchor: "xox[abposr]-",
  },
  {
    name: "stripe",
    source: "\\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}",
    trigger: /_(?:live|test)_/,
    anchor: "_(?:live|test)_",
  },
  {
    name: "aws",
    source: "\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b",
    trigger: /AKIA|ASIA/,
    anchor: "AKIA|ASIA",
  },
  {
    name: "sentryAuth",
    source: "\\bsntry[su]_[A-Za-z0-9_=+/-]{20,}",
    trigger: /sntry/,
    anchor: "sntry[su]_",
  },
  {
    name: "ssn",
    // 123-45-6789 or 123 45 6789 outside the ranges the SSA never issues (000, 666, 9xx; 00;
    // 0000); nine bare digits only right after an SSN label.
    source: `(?<![\\d-])(?!000|666|9\\d\\d)\\d{3}(?:-(?!00)\\d{2}-|[ ](?!00)\\d{2}[ ])(?!0000)\\d{4}(?![\\d-])|\\b(?:${ci("ssn")}|${ci("social security")}(?:\\s+(?:${ci("number|no")}))?)\\W{0,4}\\d{9}(?!\\d)`,
    trigger: /\d{3}[- ]\d{2}[- ]\d{4}|ssn|social security/i,
    anchor: `\\d{3}[- ]\\d{2}[- ]\\d{4}|\\b${ci("ssn")}|${ci("social security")}`,
  },
];

/** The free-text `key=value` / `key: value` shape, built per scrubber from its key fragments. */
function keyValueShape(candidates: string): Shape {
  const key = `(?<![A-Za-z0-9_.-])[A-Za-z0-9_.-]*?(?:${candidates})[A-Za-z0-9_.-]*`;
  const separator = `["']?[ \\t]*[:=][ \\t]*`;
  // A value ends at whitespace or a quote, never at `&` or `;`: a password may contain them,
  // and cutting it there leaks the rest. A quoted value runs to its closing quote. An auth scheme
  // word before a long token (`Authorization: Custom 9f8e…`) belongs to the value (but not
  // before another `key:`, whose own value must be judged by its key), and so does
  // a whole PEM block (`key=-----BEGIN … KEY-----`), which would otherwise be cut at its first
  // line and escape the PEM shape.
  const pem = "-----BEGIN[A-Z ]*-----[\\s\\S]*?(?:-----END[A-Z ]*-----|$)";
  const value = `(?:${pem}|(?:[A-Za-z][A-Za-z0-9-]*[ \\t]+(?=[^\\s"']{8})(?![A-Za-z0-9_.-]*["']?[ \\t]*[:=]))?(?:"(?:[^"\\\\\\n]|\\\\.)*"?|'(?:[^'\\\\\\n]|\\\\.)*'?|[^\\s"']+))`;
  return {
    name: "kv",
    source: `${key}${separator}${value}`,
    trigger: new RegExp(`(?:${candidates})[A-Za-z0-9_.-]*["']?[ \\t]*[:=]`),
    anchor: `(?:${candidates})[A-Za-z0-9_.-]*["']?[ \\t]*[:=]`,
  };
}

const TRAILING_SHAPES: readonly Shape[] = [
  {
    name: "email",
    source: "[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,})",
    trigger: /@/,
    anchor: "@",
  },
  {
    name: "iban",
    source: "\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\\b",
    trigger: /[A-Z]{2}\d{2}/,
    anchor: "[A-Z]{2}\\d{2}",
  },
  {
    name: "card",
    source: "\\b\\d(?:[ -]?\\d){12,18}\\b",
    trigger: /\d(?:[ -]?\d){12}/,
    anchor: "\\d(?:[ -]?\\d){12}",
  },
];

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

/**
 * A header segment starting `ey`/`ew` must decode to a JSON object opening (`{"`, `{ "`,
 * `{\n  "`), which rules out words such as "eyeglasses.com.au". Other candidates must mix upper
 * case, lower case and digits, which base64 of a signature always does and dotted names
 * (`sentry.sdk.integrations`, `api.vendor.example`) do not.
 */
function looksLikeJwt(candidate: string): boolean {
  const header = candidate.slice(0, candidate.indexOf("."));
  if (header.charCodeAt(0) === 101 /* e */) {
    try {
      const head = atob(header.slice(0, 12).replace(/-/g, "+").replace(/_/g, "/"));
      if (/^\{\s*"/.test(head)) return true;
    } catch {
      // not base64: fall through to the generic check
    }
  }
  const segments = candidate.split(".");
  if (segments.length < 3 || segments.slice(0, 3).some((s) => s.length < 8)) return false;
  return /[A-Z]/.test(candidate) && /[a-z]/.test(candidate) && /\d/.test(candidate);
}

/** "Authorization: Bearer …" → "Authorization: ", "Bearer …". */
const KEY_VALUE_SPLIT = /^([\s\S]*?["']?[ \t]*[:=][ \t]*)([\s\S]*)$/;
const KEY_END = /["']?[ \t]*[:=][ \t]*$/;
const NOT_SECRET_VALUE = /^["']?(?:true|false|null|undefined)["']?$/i;

/**
 * A whole string that is a URL or path with a query or fragment: its parameters are scrubbed
 * one by one.
 */
const URL_WITH_PARAMS = /^(?:[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s?#]*|\/[^\s?#]*)?[?#][^\s=]*=\S*$/;

export interface TextScrubberOptions {
  keys: KeyClassifier;
  scrubEmails: boolean;
  allowedEmailDomains: ReadonlySet<string>;
}

export interface TextScrubber {
  /** Scrubs one string (memoised for short ones). */
  string(text: string): string;
  /** Scrubs a query string (`a=1&token=x`, with or without `?`) parameter by parameter. */
  query(text: string): string;
}

export function createTextScrubber(options: TextScrubberOptions): TextScrubber {
  const { keys, scrubEmails, allowedEmailDomains } = options;
  const shapes = [...FIXED_SHAPES, keyValueShape(keys.candidateSource), ...TRAILING_SHAPES];
  const names = shapes.map((shape) => shape.name);
  const jwtBit = 1 << names.indexOf("jwt");
  // One precompiled test implied by every shape; most strings in an event fail it and are
  // returned as they are, without the per-shape triggers or a memo entry.
  const prescreen = new RegExp([...new Set(shapes.map((s) => s.anchor))].join("|"));

  // A string that passes is run through only the shapes whose trigger it contains, joined into
  // one alternation (cached per combination), so it is scanned once.
  const alternations = new Map<number, RegExp>();
  function alternationFor(mask: number): RegExp {
    let regex = alternations.get(mask);
    if (!regex) {
      const parts = shapes
        .filter((_, i) => mask & (1 << i))
        .map(({ name, source }) => `(?<${name}>${source})`);
      regex = new RegExp(parts.join("|"), "g");
      alternations.set(mask, regex);
    }
    return regex;
  }

  function triggeredMask(text: string): number {
    let mask = 0;
    for (let i = 0; i < shapes.length; i++) {
      if ((shapes[i] as Shape).trigger.test(text)) mask |= 1 << i;
    }
    return mask;
  }

  function scanShapes(text: string, mask: number): string {
    if (mask === 0) return text;
    const regex = alternationFor(mask);
    regex.lastIndex = 0;
    return text.replace(regex, (match: string, ...args: unknown[]) => {
      const groups = args[args.length - 1] as Record<string, string | undefined>;
      const name = names.find((candidate) => groups[candidate] !== undefined);
      return replaceShape(name, match, mask);
    });
  }

  function replaceShape(name: string | undefined, match: string, mask: number): string {
    switch (name) {
      case "urlauth":
        return `${match.slice(0, match.indexOf("://") + 3)}${FILTERED}@`;
      case "bearer":
        return `${match.slice(0, match.search(/\s/) + 1)}${FILTERED}`;
      case "kv":
        return replaceKeyValue(match);
      case "jwt":
        // A dotted name that is not a token may still contain another shape.
        return looksLikeJwt(match) ? FILTERED : scanShapes(match, mask & ~jwtBit);
      case "ssn":
        return match.replace(/\d{3}[- ]?\d{2}[- ]?\d{4}$/, FILTERED);
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
      default:
        return FILTERED;
    }
  }

  function replaceKeyValue(match: string): string {
    const parts = KEY_VALUE_SPLIT.exec(match);
    const head = parts?.[1] ?? "";
    const value = parts?.[2] ?? "";
    const key = head.replace(KEY_END, "");
    // A candidate key that is not sensitive ("shipping: …") keeps its value, which is still
    // scanned for other shapes (an email, a card).
    if (!keys.isSensitiveKey(key) || NOT_SECRET_VALUE.test(value)) return head + scrubRaw(value);
    const quote = value[0] === '"' || value[0] === "'" ? value[0] : "";
    const closed = quote !== "" && value.length > 1 && value.endsWith(quote);
    return `${head}${quote}${FILTERED}${closed ? quote : ""}`;
  }

  function scrubRaw(text: string): string {
    if (text.length < 6 || !prescreen.test(text)) return text;
    return scanShapes(text, triggeredMask(text));
  }

  /** Scrubs, then tries the percent-decoded form, where no word boundary separates a secret. */
  function scrubDecoding(text: string, triggered: boolean): string {
    const scrubbed = triggered ? scanShapes(text, triggeredMask(text)) : text;
    if (text.indexOf("%") === -1) return scrubbed;
    let decoded: string;
    try {
      decoded = decodeURIComponent(scrubbed.replace(/\+/g, " "));
    } catch {
      return scrubbed;
    }
    if (decoded === scrubbed) return scrubbed;
    const decodedScrubbed = scrubRaw(decoded);
    return decodedScrubbed === decoded ? scrubbed : decodedScrubbed;
  }

  function scrubUncached(text: string, triggered: boolean): string {
    if ((text.indexOf("?") !== -1 || text.indexOf("#") !== -1) && URL_WITH_PARAMS.test(text)) {
      return scrubUrl(text);
    }
    return scrubDecoding(text, triggered);
  }

  function scrubUrl(url: string): string {
    const hash = url.indexOf("#");
    const q = url.indexOf("?");
    const queryStart = q !== -1 && (hash === -1 || q < hash) ? q : -1;
    const baseEnd = queryStart !== -1 ? queryStart : hash;
    const base = url.slice(0, baseEnd);
    const scrubbedBase = scrubDecoding(base, prescreen.test(base));
    const search =
      queryStart === -1
        ? ""
        : `?${query(url.slice(queryStart + 1, hash === -1 ? undefined : hash))}`;
    // OAuth's implicit flow returns tokens in the fragment, formatted like a query.
    const fragment = hash === -1 ? "" : `#${query(url.slice(hash + 1))}`;
    return `${scrubbedBase}${search}${fragment}`;
  }

  function decodeKey(raw: string): string {
    try {
      return decodeURIComponent(raw.replace(/\+/g, " "));
    } catch {
      return raw;
    }
  }

  function query(text: string): string {
    const leading = text.startsWith("?") ? "?" : "";
    let previousSensitive = false;
    const params = (leading ? text.slice(1) : text).split("&").map((param) => {
      const eq = param.indexOf("=");
      if (eq === -1) {
        // An unencoded `&` inside a secret makes its tail look like a parameter of its own.
        return previousSensitive ? FILTERED : string(param);
      }
      const rawKey = param.slice(0, eq);
      previousSensitive = keys.isSensitiveKey(decodeKey(rawKey));
      return `${string(rawKey)}=${previousSensitive ? FILTERED : string(param.slice(eq + 1))}`;
    });
    return leading + params.join("&");
  }

  // Events repeat most of their strings (stack context, URLs, breadcrumb messages), so short
  // strings are memoised by content. Bounded: cleared when full, so memory stays ~2 MB at most.
  const memo = new Map<string, string>();

  function string(text: string): string {
    // Decoding never makes a string longer, so a short one cannot hide anything.
    if (text.length < 6) return text;
    if (text.length > 256) return scrubUncached(text, prescreen.test(text));
    const known = memo.get(text);
    if (known !== undefined) return known;
    const triggered = prescreen.test(text);
    // Only strings that need the expensive path are memoised: the prescreen costs about as much
    // as a memo insert, and unique strings would otherwise churn the memo and the GC.
    if (!triggered && text.indexOf("%") === -1) return text;
    const result = scrubUncached(text, triggered);
    if (memo.size >= 2000) memo.clear();
    memo.set(text, result);
    return result;
  }

  return { string, query };
}
