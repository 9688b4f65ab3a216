/**
 * Free-mail domains: anyone can get an address there, so such a domain never identifies a
 * supplier and only the exact address on file matches (DESIGN.md, risk signals).
 *
 * The list is `free-email-domains` (MIT, ~14k free and disposable domains, kept up to date
 * upstream), pinned by the lockfile. Its postinstall script would re-download the list at
 * install time; pnpm runs no dependency build scripts unless allowed, so the published, pinned
 * `domains.json` is what we use. A missing free-mail domain is the dangerous error (any user of
 * that provider would pass as the supplier); a business domain listed by mistake only makes
 * that supplier's colleagues match by exact address, so the larger list errs the safe way.
 */
import freeEmailDomains from "free-email-domains";
import { normalizeDomain } from "./parse.js";

/** Always free mail, whatever the package's list holds: the providers the fixtures name. */
const CORE = [
  "gmail.com",
  "googlemail.com",
  "outlook.com",
  "hotmail.com",
  "live.com",
  "msn.com",
  "yahoo.com",
  "ymail.com",
  "aol.com",
  "icloud.com",
  "me.com",
  "mac.com",
  "proton.me",
  "protonmail.com",
  "pm.me",
  "gmx.com",
  "gmx.de",
  "gmx.net",
  "web.de",
  "mail.com",
  "qq.com",
  "163.com",
  "126.com",
  "yandex.com",
  "yandex.ru",
  "zoho.com",
  "hey.com",
  "tutanota.com",
  "tuta.io",
  "fastmail.com",
];

const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([...CORE, ...freeEmailDomains]);

/** True when `domain` (any case, Unicode or punycode) is a free-mail provider's. */
export function isFreeMailDomain(domain: string): boolean {
  const normalized = normalizeDomain(domain);
  return normalized !== undefined && FREE_MAIL_DOMAINS.has(normalized);
}
