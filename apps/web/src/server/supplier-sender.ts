/**
 * What the worker's sender checks (`@po-pro/mail/addresses`: `supplierDomain`, `isSupplierAddress`,
 * `senderRiskSignals`) do for one supplier, in words. Every sentence is chosen by running those
 * functions on probe addresses, not by restating their rules, so the page cannot drift from what
 * the worker does. Server-side only in practice: the free-mail list is too big for the browser.
 */
import {
  domainOf,
  isFreeMailDomain,
  isSupplierAddress,
  parseAddress,
  type SenderFacts,
  senderRiskSignals,
  supplierDomain,
} from "@po-pro/mail/addresses";

export interface SupplierContact {
  name: string;
  contactEmail: string;
}

export interface SenderExplanation {
  /** `domain`: any address at the supplier's own domain counts; `free_mail`: only the address on
   * file; `unreadable`: the address on file is not one, so every reply is flagged. */
  kind: "domain" | "free_mail" | "unreadable";
  /** The contact address's domain (normalised); null when it is unreadable. */
  domain: string | null;
  sentences: string[];
}

const TRUSTED_AUTHSERV = "mx.example.net";

/** A domain that is surely not `domain`. */
function otherDomain(domain: string): string {
  return domain === "example.com" ? "example.org" : "example.com";
}

/** The same name at another top-level domain: the look-alike a fraudster registers. */
function anotherTld(domain: string): string {
  const dot = domain.lastIndexOf(".");
  const tld = domain.slice(dot + 1);
  return `${domain.slice(0, dot)}.${tld === "co" ? "com" : "co"}`;
}

function flagged(facts: SenderFacts): boolean {
  return senderRiskSignals(facts).includes("sender_mismatch");
}

/** "Pacific Threads" → "Pacific Threads'", "Atlas Co" → "Atlas Co's". */
function possessive(name: string): string {
  return /s$/i.test(name) ? `${name}'` : `${name}'s`;
}

export function explainSenderChecks(supplier: SupplierContact): SenderExplanation {
  const supplierEmail = supplier.contactEmail;
  const parsed = parseAddress(supplierEmail);
  if (!parsed.ok || !isSupplierAddress(supplierEmail, supplierEmail)) {
    return {
      kind: "unreadable",
      domain: null,
      sentences: [
        `The address on file, ${supplierEmail}, is not one the agent can read, so every reply about ${possessive(supplier.name)} orders is flagged as sender_mismatch and escalated to you. Correct the address.`,
      ],
    };
  }
  const address = parsed.address.address;
  const atDomain = domainOf(address) ?? "";
  const own = supplierDomain(address);
  const sentences: string[] = [];
  const colleague = `someone.else@${atDomain}`;
  const kind = own !== null && isSupplierAddress(colleague, supplierEmail) ? "domain" : "free_mail";

  if (kind === "domain" && own !== null) {
    sentences.push(
      `Replies from ${address}, or any other address at ${own}, are treated as ${supplier.name}.`,
    );
    const other = `someone@${otherDomain(own)}`;
    if (flagged({ from: other, supplierEmail })) {
      // Named only when the worker's check does flag them.
      const lookalike = anotherTld(own);
      const subdomain = `mail.${own}`;
      const examples = [
        flagged({ from: `sales@${lookalike}`, supplierEmail }) &&
          `a look-alike such as ${lookalike}`,
        flagged({ from: `sales@${subdomain}`, supplierEmail }) &&
          `a subdomain such as ${subdomain}`,
      ].filter((example): example is string => typeof example === "string");
      sentences.push(
        `A reply from any other domain is flagged as sender_mismatch and escalated to you${
          examples.length > 0 ? `, even ${examples.join(" or ")}` : ""
        }.`,
      );
    }
  } else {
    const freeMail = isFreeMailDomain(atDomain);
    const onlyExact = flagged({ from: colleague, supplierEmail });
    sentences.push(
      `${atDomain} is ${freeMail ? "a free-mail provider" : "not a domain that identifies a supplier"}, so only ${address} counts as ${supplier.name}${
        onlyExact
          ? `; anyone else at ${atDomain} is flagged as sender_mismatch and escalated to you`
          : ""
      }.`,
    );
  }

  const elsewhere = `someone@${otherDomain(own ?? atDomain)}`;
  if (
    senderRiskSignals({ from: address, replyTo: elsewhere, supplierEmail }).includes(
      "new_reply_address",
    )
  ) {
    sentences.push(
      `A reply from ${supplier.name} that asks for answers to go to another address (Reply-To) is flagged as new_reply_address.`,
    );
  }
  const failedAuth = senderRiskSignals({
    from: address,
    supplierEmail,
    headers: {
      "authentication-results": [
        `${TRUSTED_AUTHSERV}; spf=fail smtp.mailfrom=${atDomain}; dkim=fail; dmarc=fail header.from=${atDomain}`,
      ],
    },
    trustedAuthservId: TRUSTED_AUTHSERV,
  });
  if (failedAuth.includes("auth_failed")) {
    sentences.push(
      "A reply your mail provider marks as failing SPF, DKIM or DMARC is flagged as auth_failed, even from the right address.",
    );
  }
  sentences.push("A flagged reply always comes to you for approval, whatever your policy says.");
  return { kind, domain: atDomain, sentences };
}

export interface SenderVerdict {
  flagged: boolean;
  /** The risk signals the worker would add for a reply from that address. */
  signals: string[];
  sentence: string;
}

/** Whether a reply from `candidate` (a valid address) would be flagged for this supplier, and why. */
export function checkSender(supplier: SupplierContact, candidate: string): SenderVerdict {
  const supplierEmail = supplier.contactEmail;
  const signals = senderRiskSignals({ from: candidate, supplierEmail });
  const from = parseAddress(candidate);
  const bare = from.ok ? from.address.address : candidate;
  const fromDomain = domainOf(candidate) ?? "";
  const onFile = parseAddress(supplierEmail);
  const address = onFile.ok ? onFile.address.address : supplierEmail;
  const own = supplierDomain(supplierEmail);
  if (!signals.includes("sender_mismatch")) {
    return {
      flagged: false,
      signals,
      sentence:
        bare === address
          ? `No. ${bare} is the address on file for ${supplier.name}.`
          : `No. ${bare} is at ${own ?? fromDomain}, ${possessive(supplier.name)} own domain, so it counts as ${supplier.name}.`,
    };
  }
  const outcome = "a reply from it would be flagged as sender_mismatch and escalated to you";
  let why: string;
  if (own === null && fromDomain === domainOf(address)) {
    why = `${fromDomain} is a free-mail provider, so only ${address} counts as ${supplier.name}`;
  } else if (own !== null && fromDomain.endsWith(`.${own}`)) {
    why = `${fromDomain} is a subdomain of ${own}, and a subdomain is another domain`;
  } else if (own !== null) {
    why = `${bare} is not at ${own}, ${possessive(supplier.name)} domain`;
  } else {
    why = `${bare} is not ${address}, the only address that counts as ${supplier.name}`;
  }
  return { flagged: true, signals, sentence: `Yes. ${why}; ${outcome}.` };
}
