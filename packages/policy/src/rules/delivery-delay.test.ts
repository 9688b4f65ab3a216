import { describe, expect, it } from "vitest";
import { compiled, line, order, outline, response } from "../../test/builders.js";
import { evaluate } from "../evaluate.js";

const policy = compiled({ id: "delivery", kind: "delivery_delay", maxDelayDays: 7 });

describe("delivery_delay boundaries (limit 7 days)", () => {
  it.each([
    ["no date proposed", "2026-12-10", undefined, "accept"],
    ["an earlier date", "2026-12-10", "2026-12-01", "accept"],
    ["the requested date", "2026-12-10", "2026-12-10", "accept"],
    ["exactly 7 days late", "2026-12-10", "2026-12-17", "accept"],
    ["8 days late", "2026-12-10", "2026-12-18", "escalate"],
    ["7 days across a year end", "2026-12-28", "2027-01-04", "accept"],
    ["8 days across a year end", "2026-12-28", "2027-01-05", "escalate"],
    ["7 days across 29 February", "2028-02-26", "2028-03-04", "accept"],
    ["8 days across 29 February", "2028-02-26", "2028-03-05", "escalate"],
  ])("%s → %s", (_name, requested, proposed, action) => {
    const decision = evaluate(
      policy,
      order({ requestedDeliveryDate: requested }),
      response(proposed === undefined ? {} : { deliveryDate: proposed }),
    );
    expect(decision.recommendedAction).toBe(action);
  });

  it("ignores a backorder's availableDate", () => {
    const r = response({ lines: [line("B", "backordered", { availableDate: "2027-06-01" })] });
    expect(evaluate(policy, order(), r).matchedRules).toEqual([]);
  });

  it("reports days late against the limit", () => {
    const decision = evaluate(policy, order(), response({ deliveryDate: "2026-12-18" }));
    expect(outline(decision)).toEqual(["escalate", "non_compliant", ["delivery"]]);
    expect(decision.matchedRules[0]).toMatchObject({ observed: 8, limit: 7 });
    expect(decision.matchedRules[0]?.reason).toBe(
      "Delivery is proposed for 2026-12-18, 8 days after the requested 2026-12-10; the policy allows 7 days.",
    );
  });
});
