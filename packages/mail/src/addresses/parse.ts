/**
 * Address parsing: the one place headers like `"Orders, Acme" <orders@acme.com>, b@c.de` become
 * bare, comparable addresses. postal-mime's tokenizer splits the list (quoted names, comments,
 * groups, encoded words); every mailbox is then validated here, and a bad one is reported as a
 * value, never thrown, because it comes from whoever sent the mail.
 */
import { addressParser } from "postal-mime";
import type { MailAddress } from "../port.js";

export type InvalidAddressReason =
  | "empty"
  | "too_long"
  | "no_address" // a display name or group with no mailbox in it
  | "multiple_addresses" // parseAddress was given a list
  | "missing_at"
  | "invalid_local_part"
  | "invalid_domain";

export interface InvalidAddress {
  readonly ok: false;
  /** The mailbox as written (or the whole input when nothing could be split out). */
  readonly input: string;
  readonly reason: InvalidAddressReason;
}

export interface ValidAddress {
  readonly ok: true;
  /** `address` lower-cased, its domain in ASCII (punycode) form. */
  readonly address: MailAddress;
}

export type AddressResult = ValidAddress | InvalidAddress;

export interface AddressList {
  /** The valid mailboxes, group members included, in the order written. */
  readonly addresses: readonly MailAddress[];
  readonly invalid: readonly InvalidAddress[];
}

/** A header longer than this is not an address list anyone writes; refuse it before parsing. */
const MAX_INPUT_LENGTH = 16_384;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** Characters that are never part of a host name (URL delimiters, quotes, brackets, space). */
const NOT_IN_DOMAIN = /[\s/\\?#@:%[\]<>"'(),;=`{}|^!$&*+~]/u;
const DOT_ATOM_LOCAL = /^[^\s"(),:;<>@[\\\]]+$/u;

/**
 * The canonical form of a domain: lower case, ASCII (IDN labels as punycode, so `bücher.de` and
 * `xn--bcher-kva.de` compare equal), no trailing dot. Undefined when it is not a host name
 * (empty, an IP address or literal, bad characters, a bad label).
 */
export function normalizeDomain(domain: string): string | undefined {
  let d = domain.trim();
  if (d.endsWith(".")) d = d.slice(0, -1);
  if (d === "" || d.length > 253 || NOT_IN_DOMAIN.test(d)) return undefined;
  let ascii: string;
  try {
    // The WHATWG host parser does UTS #46 mapping and punycode, and exists in every runtime.
    ascii = new URL(`http://${d}/`).hostname;
  } catch {
    return undefined;
  }
  if (ascii.endsWith(".")) ascii = ascii.slice(0, -1);
  const labels = ascii.split(".");
  if (ascii.length > 253 || labels.length < 2) return undefined;
  if (!labels.every((label) => LABEL.test(label))) return undefined;
  // A numeric top-level label is an IPv4 address, not a mail domain.
  if (/^[0-9]+$/.test(labels[labels.length - 1] ?? "")) return undefined;
  return ascii;
}

function invalid(input: string, reason: InvalidAddressReason): InvalidAddress {
  return { ok: false, input, reason };
}

/** Validates one mailbox the tokenizer split out. */
function mailbox(rawAddress: string, rawName: string): AddressResult {
  const written = rawAddress.trim();
  if (written === "") return invalid(rawName, "no_address");
  const at = written.lastIndexOf("@");
  if (at < 0) return invalid(written, "missing_at");
  const local = written.slice(0, at);
  if (
    local === "" ||
    local.length > 64 ||
    !DOT_ATOM_LOCAL.test(local) ||
    local.startsWith(".") ||
    local.endsWith(".") ||
    local.includes("..")
  ) {
    return invalid(written, "invalid_local_part");
  }
  const domain = normalizeDomain(written.slice(at + 1));
  if (domain === undefined) return invalid(written, "invalid_domain");
  const address = `${local.toLowerCase()}@${domain}`;
  if (address.length > 254) return invalid(written, "too_long");
  const name = rawName.replace(/\s+/g, " ").trim();
  return { ok: true, address: name === "" ? { address } : { address, name } };
}

function mailboxes(input: string): AddressResult[] {
  const parsed = addressParser(input, { flatten: true });
  return parsed.map((entry) => mailbox(entry.address ?? "", entry.name ?? ""));
}

/** One mailbox ("Name <a@b>", "a@b", `"a@b" <c@d>` is c@d named "a@b"). */
export function parseAddress(input: string): AddressResult {
  const text = input.trim();
  if (text === "") return invalid(input, "empty");
  if (text.length > MAX_INPUT_LENGTH) return invalid(text.slice(0, 64), "too_long");
  const results = mailboxes(text);
  if (results.length === 0) return invalid(text, "no_address");
  if (results.length > 1) return invalid(text, "multiple_addresses");
  return results[0] as AddressResult;
}

/** An address list header (To, Cc, Reply-To, From with several mailboxes), groups flattened. */
export function parseAddressList(input: string): AddressList {
  const text = input.trim();
  if (text === "") return { addresses: [], invalid: [] };
  if (text.length > MAX_INPUT_LENGTH) {
    return { addresses: [], invalid: [invalid(text.slice(0, 64), "too_long")] };
  }
  const addresses: MailAddress[] = [];
  const bad: InvalidAddress[] = [];
  for (const result of mailboxes(text)) {
    if (result.ok) addresses.push(result.address);
    else bad.push(result);
  }
  return { addresses, invalid: bad };
}

/** The normalised domain of an address or mailbox header, undefined when it is not valid. */
export function domainOf(address: string): string | undefined {
  const parsed = parseAddress(address);
  if (!parsed.ok) return undefined;
  const bare = parsed.address.address;
  return bare.slice(bare.lastIndexOf("@") + 1);
}
