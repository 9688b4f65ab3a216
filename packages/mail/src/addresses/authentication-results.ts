/**
 * `Authentication-Results` (RFC 8601): what the receiving server concluded about SPF, DKIM and
 * DMARC. Anyone can write such a header into the message they send, so only the receiving
 * server's own is read: the top-most one (receivers prepend theirs), or, when the adapter knows
 * its receiver's authserv-id ("mx.google.com"), the top-most one carrying that id. Headers
 * further down are the sender's and are ignored.
 */
import type { ParsedMessage } from "../port.js";

export interface AuthenticationResult {
  /** "spf", "dkim", "dmarc", ... lower-cased, without a version. */
  readonly method: string;
  /** "pass", "fail", "softfail", "none", ... lower-cased. */
  readonly result: string;
}

export interface AuthenticationResults {
  /** Who wrote the header, lower-cased ("mx.google.com"). */
  readonly authservId: string;
  readonly results: readonly AuthenticationResult[];
}

/** Removes (comments), keeping quoted strings, which may hold parentheses, as empty quotes. */
function stripCommentsAndQuotes(value: string): string {
  let out = "";
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const chr = value.charAt(i);
    if (chr === "\\" && (quoted || depth > 0)) {
      i++;
      continue;
    }
    if (quoted) {
      if (chr === '"') {
        quoted = false;
        out += '""';
      }
      continue;
    }
    if (chr === "(") depth++;
    else if (chr === ")" && depth > 0) {
      depth--;
      if (depth === 0) out += " ";
    } else if (depth === 0) {
      if (chr === '"') quoted = true;
      else out += chr;
    }
  }
  return out;
}

const RESULT_TOKEN = /^([a-z0-9][a-z0-9_-]*)(?:\/[0-9]+)?=([a-z0-9_-]+)$/;

/** Parses one header value; undefined when it names no authserv-id. */
export function parseAuthenticationResults(value: string): AuthenticationResults | undefined {
  const text = stripCommentsAndQuotes(
    value
      .replace(/\r?\n[ \t]+/g, " ")
      .replace(/^\s*authentication-results\s*:/i, "")
      .toLowerCase(),
  );
  const [head = "", ...resinfo] = text.split(";");
  const authservId = head.trim().split(/\s+/)[0] ?? "";
  if (authservId === "" || authservId.includes("=")) return undefined;
  const results: AuthenticationResult[] = [];
  for (const part of resinfo) {
    // A result is `method=result`; `ptype.property=value` (with a dot) and `reason=` are not.
    for (const token of part.trim().split(/\s+/)) {
      const match = RESULT_TOKEN.exec(token);
      if (match === null || match[1] === "reason") continue;
      results.push({ method: match[1] as string, result: match[2] as string });
    }
  }
  return { authservId, results };
}

/**
 * The receiving server's own results: the top-most `Authentication-Results`, or the top-most
 * whose authserv-id is `trustedAuthservId`. Undefined when there is none to trust.
 */
export function trustedAuthenticationResults(
  headers: ParsedMessage["headers"] | undefined,
  trustedAuthservId?: string,
): AuthenticationResults | undefined {
  const values = headers?.["authentication-results"] ?? [];
  if (trustedAuthservId === undefined) {
    const top = values[0];
    return top === undefined ? undefined : parseAuthenticationResults(top);
  }
  const trusted = trustedAuthservId.trim().toLowerCase();
  for (const value of values) {
    const parsed = parseAuthenticationResults(value);
    if (parsed?.authservId === trusted) return parsed;
  }
  return undefined;
}

const CHECKED = new Set(["spf", "dkim", "dmarc"]);
/**
 * Only a definite `fail` counts (`hardfail` is an old spelling of it). `softfail` is the domain
 * owner saying "do not reject", `permerror`/`temperror` a broken or unreachable DNS record at the
 * sender, `neutral`/`none` no statement: escalating on those would stop a supplier's every mail
 * over its DNS set-up, and DMARC's own verdict already covers a spoof. The fixtures label
 * `auth_failed` by the same rule.
 */
const FAILED = new Set(["fail", "hardfail"]);

/** `auth_failed`: the trusted Authentication-Results report SPF, DKIM or DMARC failed. */
export function isAuthFailed(
  headers: ParsedMessage["headers"] | undefined,
  trustedAuthservId?: string,
): boolean {
  const trusted = trustedAuthenticationResults(headers, trustedAuthservId);
  return (
    trusted?.results.some(({ method, result }) => CHECKED.has(method) && FAILED.has(result)) ??
    false
  );
}
