/**
 * The default policy's decisions expressed in json-rules-engine 7: one engine rule per
 * policy rule outcome (price has a counter and an escalate rule), custom operators for the
 * per-line and aggregate checks (integer cross-multiplication, as exact as ours), dynamic
 * facts for the order total and the delay, and the design's first-match combining applied to
 * the events the engine fires.
 */
import { Engine, type RuleProperties } from "json-rules-engine";
import { isoDayNumber } from "../src/dates.js";
import { PERCENT_DECIMALS, toScaledInteger } from "../src/exact.js";
import type { Policy } from "../src/policy.js";
import type { PurchaseOrder, SupplierResponse } from "../src/schema.js";
import { type FactLine, type Facts, type Outline, toFacts } from "./facts.js";

const SCALE = 1_000_000; // percent × 10^4 limits against (p − o) · 100 · 10^4

function scaled(percent: number): number {
  return toScaledInteger(percent, PERCENT_DECIMALS) ?? Number.NaN;
}

function increaseAbove(line: FactLine, limit: number): boolean {
  return line.st !== "rejected" && line.hp && (line.p - line.op) * SCALE > limit * line.op;
}

/** One leaf condition, as json-rules-engine takes it. */
interface Condition {
  fact: string;
  operator: string;
  value: unknown;
}

const orderRule: Condition = { fact: "kind", operator: "notEqual", value: "unrelated" };
const sameCurrency: Condition = { fact: "sameCurrency", operator: "equal", value: true };

export function createJsonRulesEngine(
  policy: Policy,
): (order: PurchaseOrder, response: SupplierResponse) => Promise<Outline> {
  const engine = new Engine([], { allowUndefinedFacts: true });
  engine.addOperator<FactLine[], number>("anyIncreaseAbove", (lines, limit) =>
    lines.some((l) => increaseAbove(l, limit)),
  );
  engine.addOperator<FactLine[], number>(
    "noIncreaseAbove",
    (lines, limit) => !lines.some((l) => increaseAbove(l, limit)),
  );
  engine.addOperator<FactLine[], number>("fillBelow", (lines, limit) => {
    let shipped = 0;
    let ordered = 0;
    for (const l of lines) {
      ordered += l.oq;
      if (l.st !== "backordered" && l.st !== "rejected") shipped += l.q;
    }
    return ordered > 0 && shipped * SCALE < limit * ordered;
  });
  engine.addOperator<FactLine[], string>("anyStatus", (lines, status) =>
    lines.some((l) => l.st === status),
  );
  engine.addFact("total", async (_params, almanac) => {
    const lines = (await almanac.factValue("lines")) as FactLine[];
    let total = 0;
    for (const l of lines) if (l.st !== "rejected") total += l.q * l.p;
    return total;
  });
  engine.addFact("delayDays", async (_params, almanac) => {
    const proposed = (await almanac.factValue("deliveryDate")) as string | null;
    if (proposed === null) return null;
    return (
      isoDayNumber(proposed) -
      isoDayNumber((await almanac.factValue("requestedDeliveryDate")) as string)
    );
  });

  const add = (ruleId: string, outcome: string, all: Condition[]) => {
    const rule: RuleProperties = {
      name: `${ruleId}:${outcome}`,
      conditions: { all },
      event: { type: ruleId, params: { outcome } },
    };
    engine.addRule(rule);
  };
  engine.addRule({
    name: "risk",
    conditions: { all: [{ fact: "riskCount", operator: "greaterThan", value: 0 }] },
    event: { type: "risk" },
  });

  let roundsId: string | undefined;
  let confidenceId: string | undefined;
  for (const rule of policy.rules) {
    switch (rule.kind) {
      case "price_tolerance": {
        const max = scaled(rule.maxIncreasePct);
        if (rule.counterUpToPct === undefined) {
          add(rule.id, "escalate", [
            orderRule,
            sameCurrency,
            { fact: "lines", operator: "anyIncreaseAbove", value: max },
          ]);
        } else {
          const cap = scaled(rule.counterUpToPct);
          add(rule.id, "escalate", [
            orderRule,
            sameCurrency,
            { fact: "lines", operator: "anyIncreaseAbove", value: cap },
          ]);
          add(rule.id, "counter", [
            orderRule,
            sameCurrency,
            { fact: "lines", operator: "anyIncreaseAbove", value: max },
            { fact: "lines", operator: "noIncreaseAbove", value: cap },
          ]);
        }
        break;
      }
      case "delivery_delay":
        add(rule.id, "escalate", [
          orderRule,
          { fact: "delayDays", operator: "greaterThan", value: rule.maxDelayDays },
        ]);
        break;
      case "fill_rate":
        add(rule.id, "escalate", [
          orderRule,
          { fact: "lines", operator: "fillBelow", value: scaled(rule.minPercent) },
        ]);
        break;
      case "approval_threshold":
        add(rule.id, "escalate", [
          orderRule,
          sameCurrency,
          { fact: "total", operator: "greaterThan", value: rule.maxTotalMinor },
        ]);
        break;
      case "payment_terms":
        add(rule.id, "counter", [
          orderRule,
          { fact: "proposedTerms", operator: "notEqual", value: null },
          { fact: "proposedTerms", operator: "notIn", value: rule.allowed },
          { fact: "proposedTerms", operator: "notEqual", value: { fact: "orderTerms" } },
        ]);
        break;
      case "substitution":
        add(rule.id, rule.mode === "never" ? "counter" : "escalate", [
          orderRule,
          { fact: "lines", operator: "anyStatus", value: "substituted" },
        ]);
        break;
      case "negotiation_rounds":
        roundsId = rule.id;
        add(rule.id, "exhausted", [
          { fact: "negotiationRound", operator: "greaterThanInclusive", value: rule.max },
        ]);
        break;
      case "currency":
        add(rule.id, "escalate", [
          orderRule,
          { fact: "sameCurrency", operator: "equal", value: false },
        ]);
        break;
      case "extraction_confidence":
        confidenceId = rule.id;
        add(rule.id, "escalate", [{ fact: "confidence", operator: "lessThan", value: rule.min }]);
        break;
    }
  }
  const order = policy.rules.map((r) => r.id);

  return async (o, r) => {
    const facts: Facts = toFacts(o, r);
    const { events } = await engine.run(facts as unknown as Record<string, unknown>);
    const outcomes = new Map<string, string>();
    let risk = false;
    for (const event of events) {
      if (event.type === "risk") risk = true;
      else outcomes.set(event.type, String(event.params?.outcome));
    }
    const exhausted = roundsId !== undefined && outcomes.get(roundsId) === "exhausted";
    if (roundsId !== undefined) outcomes.delete(roundsId);
    const lowConfidence = confidenceId !== undefined && outcomes.has(confidenceId);
    const values = [...outcomes.values()];
    const escalated = values.includes("escalate");
    const countered = values.includes("counter");
    // The design's combining order, first match wins.
    let decided: [Outline["recommendedAction"], Outline["complianceStatus"]];
    let roundsFired = false;
    if (risk || lowConfidence) decided = ["escalate", "needs_review"];
    else if (facts.kind === "unrelated") decided = ["none", "not_applicable"];
    else if (facts.kind === "question" || facts.kind === "rejection")
      decided = ["escalate", "needs_review"];
    else if (escalated) decided = ["escalate", "non_compliant"];
    else if (countered && exhausted) {
      decided = ["escalate", "non_compliant"];
      roundsFired = true;
    } else if (countered) decided = ["counter_offer", "negotiable"];
    else decided = ["accept", "compliant"];
    const breached = order.filter((id) => outcomes.has(id) || (roundsFired && id === roundsId));
    return {
      recommendedAction: decided[0],
      complianceStatus: decided[1],
      breachedRules: risk ? ["risk", ...breached] : breached,
    };
  };
}
