/**
 * The mail layer's risk signals, as the pipeline adds them to an extraction (fixtures
 * README, "Risk signals"). Kept here, small and separate, until `packages/mail` exists and
 * takes it over.
 */
import type { RiskSignal, SupplierResponse } from "@po-pro/policy";

/** Free-mail domains never identify a supplier: there only the exact address matches. */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
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
  "gmx.com",
  "gmx.de",
  "web.de",
  "mail.com",
  "qq.com",
  "163.com",
  "126.com",
  "yandex.com",
  "zoho.com",
]);

/** The bare address of a From header ("Dana <dana@x.com>" → "dana@x.com"), lower-cased. */
export function addressOf(header: string): string {
  const angle = /<([^>]+)>/.exec(header);
  return (angle?.[1] ?? header).trim().toLowerCase();
}

function domain(address: string): string {
  return address.slice(address.lastIndexOf("@") + 1);
}

/**
 * `sender_mismatch`: the From address differs from the supplier's on file and is not at the
 * same domain. Domains compare exactly (a lookalike differs); a free-mail domain never counts
 * as the supplier's.
 */
export function isSenderMismatch(from: string, supplierEmail: string): boolean {
  const sender = addressOf(from);
  const onFile = addressOf(supplierEmail);
  if (sender === onFile) return false;
  const d = domain(onFile);
  if (FREE_MAIL_DOMAINS.has(d)) return true;
  return domain(sender) !== d;
}

/** `auth_failed`: Authentication-Results reports spf=fail, dkim=fail or dmarc=fail. */
export function isAuthFailed(headers: Readonly<Record<string, string>> | undefined): boolean {
  if (headers === undefined) return false;
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() !== "authentication-results") continue;
    if (/\b(?:spf|dkim|dmarc)\s*=\s*fail\b/i.test(value)) return true;
  }
  return false;
}

export interface MailFacts {
  from: string;
  supplierEmail: string;
  headers?: Readonly<Record<string, string>>;
}

export function mailRiskSignals(mail: MailFacts): RiskSignal[] {
  const signals: RiskSignal[] = [];
  if (isSenderMismatch(mail.from, mail.supplierEmail)) signals.push("sender_mismatch");
  if (isAuthFailed(mail.headers)) signals.push("auth_failed");
  return signals;
}

/** The response the policy evaluates: the extraction plus the mail layer's signals, each once. */
export function withMailSignals(response: SupplierResponse, mail: MailFacts): SupplierResponse {
  const added = mailRiskSignals(mail);
  if (added.length === 0) return response;
  const signals = [...new Set([...(response.riskSignals ?? []), ...added])];
  return { ...response, riskSignals: signals };
}
