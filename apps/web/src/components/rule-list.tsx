import type { MatchedRuleRecord } from "@po-pro/db";
import { formatMoney } from "@po-pro/policy";

/** A rule's observed value or limit in the unit its kind measures (DESIGN.md's rule table). */
function show(rule: MatchedRuleRecord, value: unknown, currency: string): string {
  if (value === null || value === undefined) return "—";
  if (Array.isArray(value)) return value.join(", ");
  if (typeof value !== "number") return String(value);
  const round = (n: number) => String(Math.round(n * 100) / 100);
  switch (rule.kind) {
    case "price_tolerance":
    case "fill_rate":
      return `${round(value)} %`;
    case "delivery_delay":
      return `${round(value)} days`;
    case "approval_threshold":
      return formatMoney(value, currency);
    case "extraction_confidence":
      return `${Math.round(value * 100)} %`;
    default:
      return round(value);
  }
}

/** The rules that fired, with what was observed against the limit, and why in one sentence. */
export function RuleList({ rules, currency }: { rules: MatchedRuleRecord[]; currency: string }) {
  if (rules.length === 0)
    return <p className="text-sm text-muted-foreground">No rule was breached.</p>;
  return (
    <ul className="grid gap-1.5 text-sm">
      {rules.map((rule) => (
        <li key={rule.ruleId} className="rounded-md border bg-muted/40 px-3 py-2">
          <div className="flex flex-wrap items-baseline gap-x-2">
            <span className="font-medium">{rule.ruleId}</span>
            <span className="text-muted-foreground">
              {rule.outcome === "counter" ? "counter" : "escalate"} · observed{" "}
              {show(rule, rule.observed, currency)}
              {rule.limit !== null && ` · limit ${show(rule, rule.limit, currency)}`}
            </span>
          </div>
          <p>{rule.reason}</p>
        </li>
      ))}
    </ul>
  );
}
