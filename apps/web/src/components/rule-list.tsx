import type { MatchedRuleRecord } from "@po-pro/db";

function show(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (Array.isArray(value)) return value.join(", ");
  return String(value);
}

/** The rules that fired, with what was observed against the limit, and why in one sentence. */
export function RuleList({ rules }: { rules: MatchedRuleRecord[] }) {
  if (rules.length === 0)
    return <p className="text-sm text-muted-foreground">No rule was breached.</p>;
  return (
    <ul className="grid gap-1.5 text-sm">
      {rules.map((rule) => (
        <li key={rule.ruleId} className="rounded-md border bg-muted/40 px-3 py-2">
          <div className="flex flex-wrap items-baseline gap-x-2">
            <span className="font-medium">{rule.ruleId}</span>
            <span className="text-muted-foreground">
              {rule.outcome === "counter" ? "counter" : "escalate"} · observed {show(rule.observed)}
              {rule.limit !== null && ` · limit ${show(rule.limit)}`}
            </span>
          </div>
          <p>{rule.reason}</p>
        </li>
      ))}
    </ul>
  );
}
