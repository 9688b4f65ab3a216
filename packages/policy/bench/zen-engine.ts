/**
 * The default policy's decisions as a ZEN (GoRules JDM) decision graph: an expression node
 * computes each rule's outcome from the facts (ZEN numbers are decimals, so the percentage
 * checks are exact), a first-hit decision table applies the design's combining order, and a
 * second expression node lists the breached rules. ZEN only evaluates asynchronously from
 * Node (there is no evaluateSync for graphs).
 */
import { ZenEngine } from "@gorules/zen-engine";
import { PERCENT_DECIMALS, toScaledInteger } from "../src/exact.js";
import type { Policy } from "../src/policy.js";
import type { PurchaseOrder, SupplierResponse } from "../src/schema.js";
import { type Outline, toFacts } from "./facts.js";

const ORDER_RULE = "kind != 'unrelated'";

function scaled(percent: number): number {
  return toScaledInteger(percent, PERCENT_DECIMALS) ?? Number.NaN;
}

function anyIncreaseAbove(limit: number): string {
  return `some(lines, #.st != 'rejected' and #.hp and (#.p - #.op) * 1000000 > ${limit} * #.op)`;
}

function outcomeExpression(rule: Policy["rules"][number]): string {
  switch (rule.kind) {
    case "price_tolerance": {
      const max = anyIncreaseAbove(scaled(rule.maxIncreasePct));
      const guard = `${ORDER_RULE} and sameCurrency`;
      if (rule.counterUpToPct === undefined) return `${guard} and ${max} ? 'escalate' : 'pass'`;
      const cap = anyIncreaseAbove(scaled(rule.counterUpToPct));
      return `${guard} ? (${cap} ? 'escalate' : (${max} ? 'counter' : 'pass')) : 'pass'`;
    }
    case "delivery_delay":
      return `${ORDER_RULE} and deliveryDate != null and (date(deliveryDate) - date(requestedDeliveryDate)) / 86400 > ${rule.maxDelayDays} ? 'escalate' : 'pass'`;
    case "fill_rate":
      return `${ORDER_RULE} and sum(map(filter(lines, #.st != 'backordered' and #.st != 'rejected'), #.q)) * 1000000 < ${scaled(rule.minPercent)} * sum(map(lines, #.oq)) ? 'escalate' : 'pass'`;
    case "approval_threshold":
      return `${ORDER_RULE} and sameCurrency and sum(map(filter(lines, #.st != 'rejected'), #.q * #.p)) > ${rule.maxTotalMinor} ? 'escalate' : 'pass'`;
    case "payment_terms":
      return `${ORDER_RULE} and proposedTerms != null and not (proposedTerms in [${rule.allowed.map((t) => `'${t}'`).join(", ")}]) and proposedTerms != orderTerms ? 'counter' : 'pass'`;
    case "substitution":
      return `${ORDER_RULE} and some(lines, #.st == 'substituted') ? '${rule.mode === "never" ? "counter" : "escalate"}' : 'pass'`;
    case "negotiation_rounds":
      return "'pass'";
    case "currency":
      return `${ORDER_RULE} and not sameCurrency ? 'escalate' : 'pass'`;
    case "extraction_confidence":
      return `confidence < ${rule.min} ? 'escalate' : 'pass'`;
  }
}

/** The policy as a JDM graph: input → outcomes → combine (decision table) → trail → output. */
export function policyGraph(policy: Policy): object {
  const outcomes = policy.rules.map((rule, i) => ({
    id: `o${i}`,
    key: `outcome.r${i}`,
    value: outcomeExpression(rule),
  }));
  const all = policy.rules.map((_, i) => `$.outcome.r${i}`).join(", ");
  const rounds = policy.rules.find((r) => r.kind === "negotiation_rounds");
  const confidence = policy.rules.findIndex((r) => r.kind === "extraction_confidence");
  const flags = [
    { id: "f1", key: "flags.risk", value: "riskCount > 0" },
    {
      id: "f2",
      key: "flags.lowConfidence",
      value: confidence < 0 ? "false" : `$.outcome.r${confidence} == 'escalate'`,
    },
    { id: "f3", key: "flags.escalated", value: `some([${all}], # == 'escalate')` },
    { id: "f4", key: "flags.countered", value: `some([${all}], # == 'counter')` },
    {
      id: "f5",
      key: "flags.roundsExhausted",
      value: rounds === undefined ? "false" : `negotiationRound >= ${rounds.max}`,
    },
  ];
  const row = (
    id: string,
    cells: [string, string, string, string, string, string],
    action: string,
    status: string,
    fired = false,
  ) => ({
    _id: id,
    iRisk: cells[0],
    iLow: cells[1],
    iKind: cells[2],
    iEsc: cells[3],
    iCtr: cells[4],
    iRnd: cells[5],
    oAction: `'${action}'`,
    oStatus: `'${status}'`,
    oFired: String(fired),
  });
  const entries = [
    "{ id: 'risk', hit: flags.risk }",
    ...policy.rules.map((rule, i) =>
      rule.kind === "negotiation_rounds"
        ? `{ id: '${rule.id}', hit: roundsFired }`
        : `{ id: '${rule.id}', hit: outcome.r${i} != 'pass' }`,
    ),
  ];
  return {
    nodes: [
      { id: "input", type: "inputNode", name: "input", position: { x: 0, y: 0 } },
      {
        id: "outcomes",
        type: "expressionNode",
        name: "outcomes",
        position: { x: 200, y: 0 },
        content: { passThrough: true, expressions: [...outcomes, ...flags] },
      },
      {
        id: "combine",
        type: "decisionTableNode",
        name: "combine",
        position: { x: 400, y: 0 },
        content: {
          hitPolicy: "first",
          passThrough: true,
          inputs: [
            { id: "iRisk", name: "risk", field: "flags.risk" },
            { id: "iLow", name: "low confidence", field: "flags.lowConfidence" },
            { id: "iKind", name: "kind", field: "kind" },
            { id: "iEsc", name: "escalated", field: "flags.escalated" },
            { id: "iCtr", name: "countered", field: "flags.countered" },
            { id: "iRnd", name: "rounds exhausted", field: "flags.roundsExhausted" },
          ],
          outputs: [
            { id: "oAction", name: "action", field: "recommendedAction" },
            { id: "oStatus", name: "status", field: "complianceStatus" },
            { id: "oFired", name: "rounds fired", field: "roundsFired" },
          ],
          rules: [
            row("c1", ["true", "", "", "", "", ""], "escalate", "needs_review"),
            row("c2", ["", "true", "", "", "", ""], "escalate", "needs_review"),
            row("c3", ["", "", "'unrelated'", "", "", ""], "none", "not_applicable"),
            row("c4", ["", "", "'question', 'rejection'", "", "", ""], "escalate", "needs_review"),
            row("c5", ["", "", "", "true", "", ""], "escalate", "non_compliant"),
            row("c6", ["", "", "", "", "true", "true"], "escalate", "non_compliant", true),
            row("c7", ["", "", "", "", "true", ""], "counter_offer", "negotiable"),
            row("c8", ["", "", "", "", "", ""], "accept", "compliant"),
          ],
        },
      },
      {
        id: "trail",
        type: "expressionNode",
        name: "trail",
        position: { x: 600, y: 0 },
        content: {
          passThrough: false,
          expressions: [
            { id: "t1", key: "recommendedAction", value: "recommendedAction" },
            { id: "t2", key: "complianceStatus", value: "complianceStatus" },
            {
              id: "t3",
              key: "breachedRules",
              value: `map(filter([${entries.join(", ")}], #.hit), #.id)`,
            },
          ],
        },
      },
      { id: "output", type: "outputNode", name: "output", position: { x: 800, y: 0 } },
    ],
    edges: [
      { id: "e1", sourceId: "input", targetId: "outcomes", type: "edge" },
      { id: "e2", sourceId: "outcomes", targetId: "combine", type: "edge" },
      { id: "e3", sourceId: "combine", targetId: "trail", type: "edge" },
      { id: "e4", sourceId: "trail", targetId: "output", type: "edge" },
    ],
  };
}

export function createZenEngine(policy: Policy): {
  evaluate: (order: PurchaseOrder, response: SupplierResponse) => Promise<Outline>;
  dispose: () => void;
} {
  const engine = new ZenEngine();
  const decision = engine.createDecision(policyGraph(policy));
  return {
    evaluate: async (order, response) =>
      (await decision.evaluate(toFacts(order, response))).result as Outline,
    dispose: () => engine.dispose(),
  };
}
