import { defaultPolicy } from "@po-pro/db/seed";
import type { Policy } from "@po-pro/policy";
import { describe, expect, it } from "vitest";
import { diffPolicies } from "./policy-diff";

describe("policy diff", () => {
  it("is empty between equal policies", () => {
    expect(diffPolicies(defaultPolicy, structuredClone(defaultPolicy), "USD")).toEqual([]);
  });

  it("names rules added, removed and parameters changed, old → new, in plain words", () => {
    const next: Policy = {
      version: 1,
      rules: [
        { id: "price", kind: "price_tolerance", maxIncreasePct: 8 },
        ...defaultPolicy.rules.filter(
          (r) =>
            r.kind !== "price_tolerance" &&
            r.kind !== "substitution" &&
            r.kind !== "approval_threshold",
        ),
        { id: "approval", kind: "approval_threshold", maxTotalMinor: 2500000 },
      ],
    };
    const from: Policy = {
      version: 1,
      rules: defaultPolicy.rules.filter((r) => r.kind !== "currency"),
    };
    expect(diffPolicies(from, next, "USD")).toEqual([
      {
        change: "changed",
        kind: "price_tolerance",
        title: "Price increases",
        ruleId: "price",
        parameters: [
          { parameter: "maxIncreasePct", label: "Accept increases up to", from: "5 %", to: "8 %" },
          {
            parameter: "counterUpToPct",
            label: "Counter-offer increases up to",
            from: "15 %",
            to: "no counter-offers",
          },
        ],
      },
      {
        change: "added",
        kind: "currency",
        title: "Currency changes",
        ruleId: "currency",
        parameters: [],
      },
      {
        change: "changed",
        kind: "approval_threshold",
        title: "Approval threshold",
        ruleId: "approval",
        parameters: [
          {
            parameter: "maxTotalMinor",
            label: "Ask me above an order total of",
            from: "$15,000.00",
            to: "$25,000.00",
          },
        ],
      },
      {
        change: "removed",
        kind: "substitution",
        title: "Substitutions",
        ruleId: "substitution",
        parameters: [
          {
            parameter: "mode",
            label: "When an item is substituted",
            from: "Counter, asking for the original item",
            to: "",
          },
        ],
      },
    ]);
  });

  it("reports a renamed rule", () => {
    const renamed: Policy = {
      version: 1,
      rules: defaultPolicy.rules.map((r) => (r.kind === "currency" ? { ...r, id: "fx" } : r)),
    };
    expect(diffPolicies(defaultPolicy, renamed, "USD")).toMatchObject([
      {
        change: "changed",
        kind: "currency",
        ruleId: "fx",
        renamedFrom: "currency",
        parameters: [],
      },
    ]);
  });
});
