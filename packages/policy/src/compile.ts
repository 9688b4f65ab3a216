/**
 * Compiling turns a validated policy into closures with their parameters baked in (scaled
 * integer percent limits, a Set of allowed terms), once per policy version, so `evaluate`
 * does no parsing, lookup or validation per email.
 */
import { PolicyValidationError, parsePolicy } from "./parse.js";
import type { Policy } from "./policy.js";
import { compileRule } from "./rules/index.js";
import { type CompiledRoundsRule, compileNegotiationRounds } from "./rules/negotiation-rounds.js";
import type { CompiledRule } from "./rules/rule.js";

export interface CompiledPolicy {
  /** The policy this was compiled from: a validated, frozen copy. */
  readonly policy: Readonly<Policy>;
  /** @internal Rules in policy order. */
  readonly rules: readonly CompiledRule[];
  /** @internal The extraction_confidence minimum, when the policy has that rule. */
  readonly confidenceMin: number | undefined;
  /** @internal The negotiation_rounds rule and its position, when the policy has one. */
  readonly rounds: { readonly index: number; readonly rule: CompiledRoundsRule } | undefined;
  /** @internal Per-rule verdict scratch for `evaluate` (synchronous, so never shared by two calls). */
  readonly verdicts: Uint8Array;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * Compiles a policy for `evaluate`. The policy is validated again here (cheap, once per
 * version) so a document that skipped `parsePolicy` fails now, with every problem, rather
 * than at evaluation time.
 *
 * @throws PolicyValidationError when the policy is invalid.
 */
export function compilePolicy(policy: Policy): CompiledPolicy {
  const parsed = parsePolicy(policy);
  if (!parsed.ok) throw new PolicyValidationError(parsed.problems);
  const source = deepFreeze(parsed.policy);

  let confidenceMin: number | undefined;
  let rounds: CompiledPolicy["rounds"];
  const rules = source.rules.map((rule, index): CompiledRule => {
    if (rule.kind === "negotiation_rounds") {
      const compiled = compileNegotiationRounds(rule);
      rounds = { index, rule: compiled };
      return compiled;
    }
    if (rule.kind === "extraction_confidence") confidenceMin = rule.min;
    return compileRule(rule);
  });

  return Object.freeze({
    policy: source,
    // Not frozen: iterating a frozen array takes slower paths in V8, and the type is readonly.
    rules,
    confidenceMin,
    rounds,
    verdicts: new Uint8Array(rules.length),
  });
}
