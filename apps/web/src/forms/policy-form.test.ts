import { defaultPolicy } from "@po-pro/db/seed";
import { describe, expect, it } from "vitest";
import {
  emptyRule,
  fieldOfProblem,
  newRuleId,
  type PolicyFormValues,
  toFormValues,
  validatePolicyForm,
} from "./policy-form";

function edited(edit: (values: PolicyFormValues) => void): PolicyFormValues {
  const values = toFormValues(defaultPolicy, "USD");
  edit(values);
  return values;
}

function rule(values: PolicyFormValues, kind: string) {
  const found = values.rules.find((r) => r.kind === kind);
  if (found === undefined) throw new Error(kind);
  return found;
}

describe("policy form", () => {
  it("shows the stored policy and gives it back unchanged", () => {
    const values = toFormValues(defaultPolicy, "USD");
    expect(rule(values, "approval_threshold").maxTotal).toBe("15000.00");
    expect(rule(values, "payment_terms").allowed).toBe("NET30, NET45");
    expect(rule(values, "price_tolerance")).toMatchObject({
      maxIncreasePct: "5",
      counterEnabled: true,
      counterUpToPct: "15",
    });
    expect(validatePolicyForm(values, "USD")).toEqual({ ok: true, policy: defaultPolicy });
  });

  it("reads amounts in the currency's units, normalises terms and drops a switched-off counter", () => {
    const values = edited((v) => {
      rule(v, "approval_threshold").maxTotal = "20,000.5";
      rule(v, "payment_terms").allowed = "Net 60, prepaid";
      rule(v, "price_tolerance").counterEnabled = false;
    });
    const result = validatePolicyForm(values, "USD");
    if (!result.ok) throw new Error(JSON.stringify(result.fieldErrors));
    expect(result.policy.rules).toContainEqual({
      id: "approval",
      kind: "approval_threshold",
      maxTotalMinor: 2000050,
    });
    expect(result.policy.rules).toContainEqual({
      id: "payment_terms",
      kind: "payment_terms",
      allowed: ["NET60", "PREPAID"],
    });
    expect(result.policy.rules[0]).toEqual({
      id: "price",
      kind: "price_tolerance",
      maxIncreasePct: 5,
    });
    // JPY has no minor unit: 15000 is 15000.
    const yen = validatePolicyForm(toFormValues(defaultPolicy, "JPY"), "JPY");
    expect(yen.ok && yen.policy.rules[3]).toMatchObject({ maxTotalMinor: 1500000 });
  });

  it("reports every problem at once, each at its input, in plain sentences", () => {
    const values = edited((v) => {
      rule(v, "price_tolerance").maxIncreasePct = "150";
      rule(v, "delivery_delay").maxDelayDays = "";
      rule(v, "fill_rate").minPercent = "lots";
      rule(v, "approval_threshold").maxTotal = "-5";
      rule(v, "payment_terms").allowed = "NET30, whenever, soon";
      rule(v, "negotiation_rounds").max = "2.5";
      rule(v, "extraction_confidence").min = "60";
    });
    const result = validatePolicyForm(values, "USD");
    if (result.ok) throw new Error("accepted an invalid policy");
    expect(Object.keys(result.fieldErrors).sort()).toEqual([
      "rules.0.maxIncreasePct",
      "rules.1.maxDelayDays",
      "rules.2.minPercent",
      "rules.3.maxTotal",
      "rules.4.allowed",
      "rules.6.max",
      "rules.8.min",
    ]);
    expect(result.fieldErrors["rules.0.maxIncreasePct"]).toBe(
      "Must be a number between 0 and 100 with at most 4 decimal places (got 150).",
    );
    expect(result.fieldErrors["rules.1.maxDelayDays"]).toBe(
      "Enter a value: it must be a whole number of days between 0 and 3650.",
    );
    expect(result.fieldErrors["rules.2.minPercent"]).toContain('(got "lots")');
    expect(result.fieldErrors["rules.3.maxTotal"]).toBe(
      'Enter an amount of 0 or more in USD, such as 15000.00 (got "-5").',
    );
    // Both unreadable terms are named at the one input.
    expect(result.fieldErrors["rules.4.allowed"]).toMatch(/"whenever".*"soon"/);
    expect(result.fieldErrors["rules.8.min"]).toContain("between 0 and 1");
  });

  it("reads a comma as a thousands separator only, never as a decimal point", () => {
    const values = edited((v) => {
      rule(v, "price_tolerance").maxIncreasePct = "1,5";
      rule(v, "approval_threshold").maxTotal = "2,50";
      rule(v, "delivery_delay").maxDelayDays = "1,000";
    });
    const result = validatePolicyForm(values, "USD");
    expect(result.ok ? undefined : result.fieldErrors).toEqual({
      "rules.0.maxIncreasePct":
        'Must be a number between 0 and 100 with at most 4 decimal places (got "1,5").',
      "rules.3.maxTotal": 'Enter an amount of 0 or more in USD, such as 15000.00 (got "2,50").',
    });
  });

  it("says a counter limit below the tolerance in the editor's words", () => {
    const values = edited((v) => {
      rule(v, "price_tolerance").maxIncreasePct = "10";
      rule(v, "price_tolerance").counterUpToPct = "8";
    });
    const result = validatePolicyForm(values, "USD");
    expect(result.ok ? undefined : result.fieldErrors).toEqual({
      "rules.0.counterUpToPct":
        "Counter-offer increases up to (8) must be at least accepted increases up to (10): an increase is only countered once it is over the tolerance.",
    });
  });

  it("refuses an empty policy and a second rule of a kind", () => {
    expect(validatePolicyForm({ rules: [] }, "USD")).toEqual({
      ok: false,
      fieldErrors: { rules: "Must list at least one rule." },
    });
    const twice = edited((v) => {
      v.rules.push({ ...emptyRule("currency", "currency_2") });
    });
    const result = validatePolicyForm(twice, "USD");
    expect(result.ok ? undefined : Object.keys(result.fieldErrors)).toEqual(["rules.9.kind"]);
  });

  it("maps the parser's paths onto the form's fields", () => {
    expect(fieldOfProblem("rules[3].maxTotalMinor")).toBe("rules.3.maxTotal");
    expect(fieldOfProblem("rules[4].allowed[1]")).toBe("rules.4.allowed");
    expect(fieldOfProblem("rules[2]")).toBe("rules.2.kind");
    expect(fieldOfProblem("version")).toBe("form");
    expect(newRuleId("price_tolerance", ["price", "price_2"])).toBe("price_3");
  });
});
