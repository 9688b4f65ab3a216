/**
 * The risk signals that come from the envelope, not the text (DESIGN.md, "Risk signals"):
 * who sent it, where replies would go, and what the receiving server's authentication said.
 */
import type { RiskSignal, SupplierResponse } from "@po-pro/policy";
import type { MailAddress, ParsedMessage } from "../port.js";
import { isAuthFailed } from "./authentication-results.js";
import { isFreeMailDomain } from "./free-mail.js";
import { parseAddress, parseAddressList } from "./parse.js";

function domainPart(address: string): string {
  return address.slice(address.lastIndexOf("@") + 1);
}

/**
 * The supplier's own domain for an address, or null when the address identifies none: a
 * free-mail provider's domain, or not a valid address.
 */
export function supplierDomain(address: string): string | null {
  const parsed = parseAddress(address);
  if (!parsed.ok) return null;
  const domain = domainPart(parsed.address.address);
  return isFreeMailDomain(domain) ? null : domain;
}

/**
 * Whether `address` writes as the supplier on file: the same address, or the same domain when
 * that domain is the supplier's own. Domains compare exactly: a look-alike, another TLD or a
 * subdomain is another domain.
 */
export function isSupplierAddress(address: string, supplierEmail: string): boolean {
  const sender = parseAddress(address);
  const onFile = parseAddress(supplierEmail);
  if (!sender.ok || !onFile.ok) return false;
  if (sender.address.address === onFile.address.address) return true;
  const domain = supplierDomain(onFile.address.address);
  return domain !== null && domainPart(sender.address.address) === domain;
}

export interface SenderFacts {
  /** The From mailbox as parsed (`ParsedMessage.from`) or a From header value. */
  readonly from: MailAddress | string | undefined;
  /** Reply-To as parsed (`ParsedMessage.replyTo`) or a header value. */
  readonly replyTo?: readonly MailAddress[] | string;
  /** Every header, names lower-cased, top first (`ParsedMessage.headers`). Its `from` and
   * `reply-to` values are checked too, so a second From header cannot slip past. */
  readonly headers?: ParsedMessage["headers"];
  /** The supplier's contact address on file. */
  readonly supplierEmail: string;
  /** The receiving server's authserv-id ("mx.google.com"); see `trustedAuthenticationResults`. */
  readonly trustedAuthservId?: string;
}

/** Every mailbox written, as text; an unreadable one stays in, so it is checked and fails. */
function written(value: MailAddress | readonly MailAddress[] | string | undefined): string[] {
  if (value === undefined) return [];
  if (typeof value === "string") {
    const list = parseAddressList(value);
    return [...list.addresses.map((a) => a.address), ...list.invalid.map((i) => i.input)];
  }
  if ("address" in value) return [(value as MailAddress).address];
  return (value as readonly MailAddress[]).map((a) => a.address);
}

function headerMailboxes(headers: SenderFacts["headers"], name: string): string[] {
  return (headers?.[name] ?? []).flatMap((value) => written(value));
}

/** The envelope's risk signals, each once, in the order sender, reply address, authentication. */
export function senderRiskSignals(facts: SenderFacts): RiskSignal[] {
  const signals: RiskSignal[] = [];
  const senders = [...written(facts.from), ...headerMailboxes(facts.headers, "from")];
  // No sender, or any sender that is not the supplier (two From headers, a From list).
  if (senders.length === 0 || !senders.every((s) => isSupplierAddress(s, facts.supplierEmail))) {
    signals.push("sender_mismatch");
  }
  const from = senders.length > 0 ? parseAddress(senders[0] as string) : undefined;
  const fromAddress = from?.ok === true ? from.address.address : undefined;
  const replyTo = [...written(facts.replyTo), ...headerMailboxes(facts.headers, "reply-to")];
  const elsewhere = replyTo.some((r) => {
    const parsed = parseAddress(r);
    if (!parsed.ok) return true;
    return parsed.address.address !== fromAddress && !isSupplierAddress(r, facts.supplierEmail);
  });
  if (elsewhere) signals.push("new_reply_address");
  if (isAuthFailed(facts.headers, facts.trustedAuthservId)) signals.push("auth_failed");
  return signals;
}

/** The response the policy evaluates: the extraction plus the envelope's signals, each once. */
export function withSenderSignals(
  response: SupplierResponse,
  facts: SenderFacts,
): SupplierResponse {
  const existing = response.riskSignals ?? [];
  const added = senderRiskSignals(facts).filter((s) => !existing.includes(s));
  if (added.length === 0) return response;
  return { ...response, riskSignals: [...new Set([...existing, ...added])] };
}
