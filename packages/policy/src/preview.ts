/**
 * "What would this policy have done?": re-evaluates past (order, response) pairs under a
 * candidate policy and reports the decisions that change, so a merchant sees the effect of a
 * stricter or looser policy before saving it.
 */
import { type CompiledPolicy, compilePolicy } from "./compile.js";
import type { ComplianceStatus, PolicyDecision, RecommendedAction } from "./decision.js";
import { evaluate } from "./evaluate.js";
import type { Policy } from "./policy.js";
import type { PurchaseOrder, SupplierResponse } from "./schema.js";
import { plural } from "./wording.js";

/** A past evaluation; a stored decision row (or a full `PolicyDecision`) satisfies `decision`. */
export interface PastEvaluation {
  /** Echoed back on a change, e.g. the decision row's id. */
  readonly id?: string;
  readonly order: PurchaseOrder;
  readonly response: SupplierResponse;
  readonly decision: {
    readonly recommendedAction: RecommendedAction;
    readonly complianceStatus: ComplianceStatus;
    readonly matchedRules: readonly { readonly ruleId: string }[];
  };
}

export interface DecisionOutline {
  readonly recommendedAction: RecommendedAction;
  readonly complianceStatus: ComplianceStatus;
  readonly ruleIds: readonly string[];
}

/** stricter: the action moves toward escalation; looser: away from it; same_action: only status or rules differ. */
export type PreviewDirection = "stricter" | "looser" | "same_action";

export interface PreviewChange {
  /** Position in `history`. */
  readonly index: number;
  readonly id?: string;
  readonly before: DecisionOutline;
  readonly after: DecisionOutline;
  readonly direction: PreviewDirection;
  readonly rulesAdded: readonly string[];
  readonly rulesRemoved: readonly string[];
  /** The candidate policy's full decision (reasons, counter-offer). */
  readonly decision: PolicyDecision;
}

export interface PolicyPreview {
  readonly total: number;
  readonly changed: number;
  readonly unchanged: number;
  readonly stricter: number;
  readonly looser: number;
  /** Action changes, most frequent first. */
  readonly transitions: readonly {
    readonly from: RecommendedAction;
    readonly to: RecommendedAction;
    readonly count: number;
  }[];
  readonly changes: readonly PreviewChange[];
  /** One sentence for the merchant, e.g. "2 of 45 past decisions would change: 2 accepted would be escalated to you." */
  readonly summary: string;
}

// How far an action goes toward the merchant; a higher rank is stricter.
const RANK: Readonly<Record<RecommendedAction, number>> = {
  none: 0,
  accept: 1,
  counter_offer: 2,
  escalate: 3,
};

const PAST: Readonly<Record<RecommendedAction, string>> = {
  none: "left alone",
  accept: "accepted",
  counter_offer: "countered",
  escalate: "escalated to you",
};

const WOULD_BE: Readonly<Record<RecommendedAction, string>> = {
  none: "be left alone",
  accept: "be accepted",
  counter_offer: "be countered",
  escalate: "be escalated to you",
};

function isCompiled(candidate: Policy | CompiledPolicy): candidate is CompiledPolicy {
  return "verdicts" in candidate && "policy" in candidate;
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/**
 * Re-evaluates `history` under `candidate` and lists every decision whose action, status or
 * breached rules (ids, in order) would differ.
 *
 * @throws PolicyValidationError when `candidate` is an invalid policy.
 */
export function previewPolicy(
  candidate: Policy | CompiledPolicy,
  history: Iterable<PastEvaluation>,
): PolicyPreview {
  const compiled = isCompiled(candidate) ? candidate : compilePolicy(candidate);
  const changes: PreviewChange[] = [];
  const transitionCounts = new Map<
    string,
    { from: RecommendedAction; to: RecommendedAction; count: number }
  >();
  let total = 0;
  let stricter = 0;
  let looser = 0;

  for (const past of history) {
    const index = total++;
    const decision = evaluate(compiled, past.order, past.response);
    const before: DecisionOutline = {
      recommendedAction: past.decision.recommendedAction,
      complianceStatus: past.decision.complianceStatus,
      ruleIds: past.decision.matchedRules.map((r) => r.ruleId),
    };
    const after: DecisionOutline = {
      recommendedAction: decision.recommendedAction,
      complianceStatus: decision.complianceStatus,
      ruleIds: decision.matchedRules.map((r) => r.ruleId),
    };
    if (
      before.recommendedAction === after.recommendedAction &&
      before.complianceStatus === after.complianceStatus &&
      sameIds(before.ruleIds, after.ruleIds)
    ) {
      continue;
    }
    const delta = RANK[after.recommendedAction] - RANK[before.recommendedAction];
    const direction: PreviewDirection =
      delta > 0 ? "stricter" : delta < 0 ? "looser" : "same_action";
    if (direction === "stricter") stricter++;
    if (direction === "looser") looser++;
    if (direction !== "same_action") {
      const key = `${before.recommendedAction}>${after.recommendedAction}`;
      const entry = transitionCounts.get(key);
      if (entry === undefined) {
        transitionCounts.set(key, {
          from: before.recommendedAction,
          to: after.recommendedAction,
          count: 1,
        });
      } else {
        entry.count++;
      }
    }
    changes.push({
      index,
      ...(past.id === undefined ? {} : { id: past.id }),
      before,
      after,
      direction,
      rulesAdded: after.ruleIds.filter((id) => !before.ruleIds.includes(id)),
      rulesRemoved: before.ruleIds.filter((id) => !after.ruleIds.includes(id)),
      decision,
    });
  }

  const transitions = [...transitionCounts.values()].sort((a, b) => b.count - a.count);
  const parts = transitions.map((t) => `${t.count} ${PAST[t.from]} would ${WOULD_BE[t.to]}`);
  const sameAction = changes.length - stricter - looser;
  if (sameAction > 0) {
    parts.push(
      `${plural(sameAction, "other")} would keep ${sameAction === 1 ? "its" : "their"} action with different rules or status`,
    );
  }
  const summary =
    changes.length === 0
      ? `None of ${plural(total, "past decision")} would change.`
      : `${changes.length} of ${plural(total, "past decision")} would change: ${parts.join("; ")}.`;

  return {
    total,
    changed: changes.length,
    unchanged: total - changes.length,
    stricter,
    looser,
    transitions,
    changes,
    summary,
  };
}
