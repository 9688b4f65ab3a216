/**
 * The built-in `risk` rule: any risk signal escalates as needs_review, whatever the policy
 * says. It is not a policy rule, so no policy can remove or loosen it.
 */
import type { MatchedRule } from "../decision.js";
import { RISK_RULE_ID } from "../policy.js";
import type { RiskSignal } from "../schema.js";
import { listed } from "../wording.js";
import { breach } from "./rule.js";

const SIGNAL_WORDING: Readonly<Record<RiskSignal, string>> = {
  bank_details_change: "a request to pay a different bank account",
  new_reply_address: "a request to write to a new address outside the supplier's domain",
  injected_instructions: "text addressed to an automated assistant rather than to you",
  sender_mismatch: "a sender address that does not match the supplier on file",
  auth_failed: "a sender that failed email authentication (SPF, DKIM or DMARC)",
};

export function describeRiskSignal(signal: RiskSignal): string {
  return SIGNAL_WORDING[signal] ?? signal;
}

export function describeRisk(signals: readonly RiskSignal[]): MatchedRule {
  const words: string[] = [];
  for (const signal of signals) words.push(describeRiskSignal(signal));
  const reason = `The email shows ${listed(words)}; it needs your review whatever the policy says.`;
  return breach(RISK_RULE_ID, "risk", "escalate", signals.slice(), null, reason);
}
