/**
 * What changed between two policy versions, rule by rule, in the editor's words — not a JSON
 * diff. A policy has at most one rule of each kind, so rules are matched by kind (an id that
 * changed is reported as a rename).
 */
import type { Policy, PolicyRule, RuleKind } from "@po-pro/policy";
import { formatParameter, PARAMETER_LABELS, parametersOf, RULE_WORDS } from "../forms/policy-form";

export interface ParameterChange {
  parameter: string;
  label: string;
  from: string;
  to: string;
}

export type RuleDiff =
  | {
      change: "added";
      kind: RuleKind;
      title: string;
      ruleId: string;
      parameters: ParameterChange[];
    }
  | {
      change: "removed";
      kind: RuleKind;
      title: string;
      ruleId: string;
      parameters: ParameterChange[];
    }
  | {
      change: "changed";
      kind: RuleKind;
      title: string;
      ruleId: string;
      renamedFrom?: string;
      parameters: ParameterChange[];
    };

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function described(rule: PolicyRule, currency: string, side: "from" | "to"): ParameterChange[] {
  return parametersOf(rule).map(([parameter, value]) => {
    const shown = formatParameter(parameter, value, currency);
    return {
      parameter,
      label: PARAMETER_LABELS[parameter] ?? parameter,
      from: side === "from" ? shown : "",
      to: side === "to" ? shown : "",
    };
  });
}

/** Rules added, removed or changed from `from` to `to`, in `to`'s order, removed ones last. */
export function diffPolicies(from: Policy, to: Policy, currency: string): RuleDiff[] {
  const before = new Map(from.rules.map((rule) => [rule.kind, rule]));
  const diffs: RuleDiff[] = [];
  for (const rule of to.rules) {
    const title = RULE_WORDS[rule.kind].title;
    const old = before.get(rule.kind);
    if (old === undefined) {
      diffs.push({
        change: "added",
        kind: rule.kind,
        title,
        ruleId: rule.id,
        parameters: described(rule, currency, "to"),
      });
      continue;
    }
    const oldParameters = new Map(parametersOf(old));
    const parameters = parametersOf(rule)
      .filter(([name, value]) => !same(oldParameters.get(name), value))
      .map(([parameter, value]) => ({
        parameter,
        label: PARAMETER_LABELS[parameter] ?? parameter,
        from: formatParameter(parameter, oldParameters.get(parameter), currency),
        to: formatParameter(parameter, value, currency),
      }));
    if (parameters.length > 0 || old.id !== rule.id) {
      diffs.push({
        change: "changed",
        kind: rule.kind,
        title,
        ruleId: rule.id,
        ...(old.id === rule.id ? {} : { renamedFrom: old.id }),
        parameters,
      });
    }
  }
  const kept = new Set(to.rules.map((rule) => rule.kind));
  for (const rule of from.rules) {
    if (kept.has(rule.kind)) continue;
    diffs.push({
      change: "removed",
      kind: rule.kind,
      title: RULE_WORDS[rule.kind].title,
      ruleId: rule.id,
      parameters: described(rule, currency, "from"),
    });
  }
  return diffs;
}
