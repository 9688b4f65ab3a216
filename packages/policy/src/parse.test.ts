import { describe, expect, it } from "vitest";
import { DEFAULT_RULES, policyOf } from "../test/builders.js";
import { compilePolicy } from "./compile.js";
import { PolicyValidationError, parsePolicy, parsePolicyOrThrow } from "./parse.js";
import { RULE_KINDS } from "./policy.js";

function problems(input: unknown): string[] {
  const result = parsePolicy(input);
  return result.ok ? [] : result.problems.map((p) => p.message);
}

function ruleProblems(rule: Record<string, unknown>): string[] {
  return problems({ version: 1, rules: [rule] });
}

describe("parsePolicy", () => {
  it("accepts a valid policy and returns it typed", () => {
    const result = parsePolicy(policyOf(...DEFAULT_RULES));
    expect(result).toEqual({ ok: true, policy: policyOf(...DEFAULT_RULES) });
  });

  it("accepts JSON text", () => {
    expect(parsePolicy(JSON.stringify(policyOf(...DEFAULT_RULES))).ok).toBe(true);
    expect(problems("{ not json")[0]).toMatch(/^The policy is not valid JSON/);
  });

  it.each([
    [null, "A policy must be a JSON object"],
    [[], "A policy must be a JSON object"],
    [{ rules: [] }, "version is missing: use 1"],
    [{ version: 2, rules: [{ id: "c", kind: "currency" }] }, "version must be 1"],
    [{ version: 1 }, "rules is missing"],
    [{ version: 1, rules: {} }, "rules must be a list of rules"],
    [{ version: 1, rules: [] }, "rules must list at least one rule"],
    [
      { version: 1, rules: [{ id: "c", kind: "currency" }], rule: [] },
      "rule is not part of a policy (did you mean rules?)",
    ],
    [
      { version: 1, rules: ["price"] },
      'rules[0] must be an object with an id and a kind (got "price")',
    ],
  ])("refuses %j", (input, message) => {
    expect(problems(input).join("\n")).toContain(message);
  });

  it("reports every problem at once, each with its path", () => {
    const result = parsePolicy({
      version: 1,
      rules: [
        { id: "price", kind: "price_tolerance", maxIncreasePct: 150, counterUpToPct: "15" },
        { id: "price", kind: "delivery_delay" },
        { id: "risk", kind: "currency" },
        { id: "x", kind: "price_tolerence" },
        { id: "fill", kind: "fill_rate", minPercent: 90, maxPercent: 100 },
      ],
    });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems).toEqual([
      {
        path: "rules[0].maxIncreasePct",
        message:
          "rules[0].maxIncreasePct must be a number between 0 and 100 with at most 4 decimal places (got 150)",
      },
      {
        path: "rules[0].counterUpToPct",
        message:
          'rules[0].counterUpToPct must be a number between 0 and 100 with at most 4 decimal places (got "15")',
      },
      {
        path: "rules[1].id",
        message: 'rules[1].id "price" is already used by rules[0]; rule ids must be unique',
      },
      {
        path: "rules[1].maxDelayDays",
        message:
          "rules[1].maxDelayDays is missing: delivery_delay needs it, and it must be a whole number of days between 0 and 3650",
      },
      {
        path: "rules[2].id",
        message:
          'rules[2].id "risk" is reserved for the built-in risk rule, which always applies and cannot be redefined; choose another id',
      },
      {
        path: "rules[3].kind",
        message: `rules[3].kind "price_tolerence" is not a rule kind (did you mean price_tolerance?); use one of ${RULE_KINDS.slice(0, -1).join(", ")} and extraction_confidence`,
      },
      {
        path: "rules[4].maxPercent",
        message:
          "rules[4].maxPercent is not a parameter of fill_rate (did you mean minPercent?); it takes minPercent",
      },
    ]);
  });

  it("refuses contradictory price parameters: counterUpToPct below maxIncreasePct", () => {
    expect(
      ruleProblems({ id: "p", kind: "price_tolerance", maxIncreasePct: 5, counterUpToPct: 3 }),
    ).toEqual([
      "rules[0].counterUpToPct (3) must be at least maxIncreasePct (5): an increase is only countered once it is over the tolerance",
    ]);
    expect(
      ruleProblems({ id: "p", kind: "price_tolerance", maxIncreasePct: 5, counterUpToPct: 5 }),
    ).toEqual([]);
  });

  it("refuses a second rule of the same kind", () => {
    expect(
      problems({
        version: 1,
        rules: [
          { id: "a", kind: "currency" },
          { id: "b", kind: "currency" },
        ],
      }),
    ).toEqual([
      "rules[1].kind repeats currency, already set by rules[0]; a policy has at most one rule of each kind",
    ]);
  });

  it.each([
    [{ kind: "currency" }, 'rules[0].id is missing: every rule needs an id, such as "price"'],
    [{ id: "", kind: "currency" }, 'rules[0].id must be a non-empty string (got "")'],
    [{ id: 7, kind: "currency" }, "rules[0].id must be a non-empty string (got 7)"],
    [{ id: " c", kind: "currency" }, 'rules[0].id must not start or end with spaces (got " c")'],
    [{ id: "c".repeat(65), kind: "currency" }, "rules[0].id must be at most 64 characters long"],
    [{ id: "RISK", kind: "currency" }, 'rules[0].id "RISK" is reserved for the built-in risk rule'],
    [{ id: "c" }, "rules[0].kind is missing: use one of price_tolerance"],
    [{ id: "c", kind: 3 }, "rules[0].kind 3 is not a rule kind; use one of"],
    [
      { id: "c", kind: "currency", strict: true },
      "rules[0].strict is not a parameter of currency; it takes no parameters",
    ],
  ])("refuses rule %j", (rule, message) => {
    expect(ruleProblems(rule).join("\n")).toContain(message);
  });
});

describe("bad parameters of every rule kind", () => {
  const percentMessage = "must be a number between 0 and 100 with at most 4 decimal places";
  it.each([
    ["price_tolerance", { maxIncreasePct: -1 }, "maxIncreasePct", percentMessage],
    ["price_tolerance", { maxIncreasePct: 100.5 }, "maxIncreasePct", percentMessage],
    ["price_tolerance", { maxIncreasePct: "5%" }, "maxIncreasePct", percentMessage],
    ["price_tolerance", { maxIncreasePct: 2.00001 }, "maxIncreasePct", percentMessage],
    [
      "price_tolerance",
      { maxIncreasePct: 5, counterUpToPct: null },
      "counterUpToPct",
      percentMessage,
    ],
    ["price_tolerance", {}, "maxIncreasePct", "is missing: price_tolerance needs it"],
    [
      "delivery_delay",
      { maxDelayDays: 1.5 },
      "maxDelayDays",
      "must be a whole number of days between 0 and 3650",
    ],
    ["delivery_delay", { maxDelayDays: -1 }, "maxDelayDays", "must be a whole number of days"],
    ["delivery_delay", { maxDelayDays: 4000 }, "maxDelayDays", "must be a whole number of days"],
    ["fill_rate", { minPercent: 101 }, "minPercent", percentMessage],
    ["fill_rate", { minPercent: true }, "minPercent", percentMessage],
    [
      "approval_threshold",
      { maxTotalMinor: 1500.5 },
      "maxTotalMinor",
      "must be a whole, non-negative amount in minor units",
    ],
    [
      "approval_threshold",
      { maxTotalMinor: -1 },
      "maxTotalMinor",
      "must be a whole, non-negative amount",
    ],
    [
      "approval_threshold",
      { maxTotalMinor: "15000" },
      "maxTotalMinor",
      "must be a whole, non-negative amount",
    ],
    ["payment_terms", { allowed: [] }, "allowed", "must be a non-empty list of payment terms"],
    ["payment_terms", { allowed: "NET30" }, "allowed", "must be a non-empty list of payment terms"],
    [
      "payment_terms",
      { allowed: ["Net 30"] },
      "allowed[0]",
      '"Net 30" is not written in normalised form; write it as NET30',
    ],
    [
      "payment_terms",
      { allowed: ["NET30", "whenever"] },
      "allowed[1]",
      '"whenever" is not a payment term',
    ],
    ["payment_terms", { allowed: ["NET30", "NET30"] }, "allowed[1]", "lists NET30 twice"],
    [
      "substitution",
      { mode: "sometimes" },
      "mode",
      'must be "never" (counter asking for the original item) or "escalate"',
    ],
    ["substitution", {}, "mode", "is missing: substitution needs it"],
    [
      "negotiation_rounds",
      { max: -1 },
      "max",
      "must be a whole number of counter-offers between 0 and 100",
    ],
    ["negotiation_rounds", { max: 2.5 }, "max", "must be a whole number of counter-offers"],
    [
      "currency",
      { allowed: ["EUR"] },
      "allowed",
      "is not a parameter of currency; it takes no parameters",
    ],
    ["extraction_confidence", { min: 60 }, "min", "must be a number between 0 and 1, such as 0.6"],
    ["extraction_confidence", { min: -0.1 }, "min", "must be a number between 0 and 1"],
    ["extraction_confidence", {}, "min", "is missing: extraction_confidence needs it"],
  ])("%s %j → %s", (kind, parameters, path, message) => {
    const result = parsePolicy({ version: 1, rules: [{ id: "r", kind, ...parameters }] });
    expect(result.ok).toBe(false);
    const found = result.ok ? [] : result.problems.filter((p) => p.path === `rules[0].${path}`);
    expect(found.map((p) => p.message).join("\n")).toContain(`rules[0].${path} ${message}`);
  });

  it("covers every rule kind", () => {
    expect(new Set(RULE_KINDS)).toEqual(
      new Set([
        "price_tolerance",
        "delivery_delay",
        "fill_rate",
        "approval_threshold",
        "payment_terms",
        "substitution",
        "negotiation_rounds",
        "currency",
        "extraction_confidence",
      ]),
    );
  });
});

describe("parsePolicyOrThrow and compilePolicy", () => {
  const invalid = { version: 1, rules: [{ id: "risk", kind: "currency" }] };

  it("throw a PolicyValidationError carrying the problems", () => {
    for (const attempt of [
      () => parsePolicyOrThrow(invalid),
      () => compilePolicy(invalid as never),
    ]) {
      try {
        attempt();
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(PolicyValidationError);
        const problems = (error as PolicyValidationError).problems;
        expect(problems.map((p) => p.path)).toEqual(["rules[0].id"]);
        expect((error as Error).message).toMatch(
          /^Invalid policy \(1 problem\): rules\[0\]\.id "risk" is reserved/,
        );
      }
    }
  });

  it("compiles a frozen copy that later edits to the source cannot change", () => {
    const source = policyOf({ id: "p", kind: "price_tolerance", maxIncreasePct: 5 });
    const compiledPolicy = compilePolicy(source);
    (source.rules[0] as { maxIncreasePct: number }).maxIncreasePct = 50;
    expect(compiledPolicy.policy.rules[0]).toMatchObject({ maxIncreasePct: 5 });
    expect(Object.isFrozen(compiledPolicy.policy.rules[0])).toBe(true);
  });
});
