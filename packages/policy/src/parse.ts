/**
 * Save-time validation of a policy document. Every problem is reported at once, each with
 * its JSON path and a sentence a merchant can act on, so an invalid policy is refused when it
 * is written and never discovered when an email arrives.
 */
import {
  PARAMETER_CONSTRAINTS,
  POLICY_VERSION,
  type Policy,
  PolicySchema,
  RISK_RULE_ID,
  RULE_ID_MAX_LENGTH,
  RULE_KINDS,
  RULE_SCHEMAS,
  type RuleKind,
} from "./policy.js";
import { normalizePaymentTerms, PAYMENT_TERMS_PATTERN } from "./terms.js";
import { listed } from "./wording.js";

export interface PolicyProblem {
  /** Where, as a JSON path: "rules[2].maxIncreasePct"; "" for the document itself. */
  readonly path: string;
  /** The whole sentence, path first: "rules[2].maxIncreasePct must be a number between 0 and 100 …". */
  readonly message: string;
}

export type ParsePolicyResult =
  | { readonly ok: true; readonly policy: Policy }
  | { readonly ok: false; readonly problems: readonly PolicyProblem[] };

/** Thrown by `parsePolicyOrThrow` and `compilePolicy`; carries every problem found. */
export class PolicyValidationError extends Error {
  override readonly name = "PolicyValidationError";
  readonly problems: readonly PolicyProblem[];

  constructor(problems: readonly PolicyProblem[]) {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    super(`Invalid policy (${count}): ${problems.map((p) => p.message).join("; ")}`);
    this.problems = problems;
  }
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function shown(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** Edit distance, to suggest "maxIncreasePct" for "maxIncreasePercent". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0;
      const cost = a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}

function suggestion(word: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = distance(word, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  const closeEnough =
    best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3));
  return closeEnough ? ` (did you mean ${best}?)` : "";
}

class Problems {
  readonly items: PolicyProblem[] = [];

  add(path: string, text: string): void {
    const message = path === "" ? text.charAt(0).toUpperCase() + text.slice(1) : `${path} ${text}`;
    this.items.push({ path, message });
  }
}

function checkId(
  problems: Problems,
  path: string,
  id: unknown,
  seen: Map<string, number>,
  index: number,
) {
  if (id === undefined) {
    problems.add(path, 'is missing: every rule needs an id, such as "price"');
    return;
  }
  if (typeof id !== "string" || id.length === 0) {
    problems.add(path, `must be a non-empty string (got ${shown(id)})`);
    return;
  }
  if (id.length > RULE_ID_MAX_LENGTH) {
    problems.add(path, `must be at most ${RULE_ID_MAX_LENGTH} characters long`);
  } else if (id.trim() !== id) {
    problems.add(path, `must not start or end with spaces (got ${shown(id)})`);
  }
  if (id.toLowerCase() === RISK_RULE_ID) {
    problems.add(
      path,
      `"${id}" is reserved for the built-in risk rule, which always applies and cannot be redefined; choose another id`,
    );
  }
  const first = seen.get(id);
  if (first !== undefined) {
    problems.add(path, `"${id}" is already used by rules[${first}]; rule ids must be unique`);
  } else {
    seen.set(id, index);
  }
}

function checkAllowedTerms(problems: Problems, path: string, value: unknown): boolean {
  if (!Array.isArray(value) || value.length === 0) return false;
  const seen = new Set<string>();
  value.forEach((term: unknown, j) => {
    const at = `${path}[${j}]`;
    if (typeof term !== "string" || !PAYMENT_TERMS_PATTERN.test(term)) {
      const normal = typeof term === "string" ? normalizePaymentTerms(term) : undefined;
      problems.add(
        at,
        normal !== undefined
          ? `${shown(term)} is not written in normalised form; write it as ${normal}`
          : `${shown(term)} is not a payment term: use NET<days> (such as NET30), PREPAID, DUE_ON_RECEIPT or COD`,
      );
    } else if (seen.has(term)) {
      problems.add(at, `lists ${term} twice`);
    } else {
      seen.add(term);
    }
  });
  return true;
}

function checkRule(
  problems: Problems,
  rule: unknown,
  index: number,
  ids: Map<string, number>,
  kinds: Map<RuleKind, number>,
): void {
  const path = `rules[${index}]`;
  if (!isObject(rule)) {
    problems.add(path, `must be an object with an id and a kind (got ${shown(rule)})`);
    return;
  }
  checkId(problems, `${path}.id`, rule.id, ids, index);

  const kind = rule.kind;
  if (kind === undefined) {
    problems.add(`${path}.kind`, `is missing: use one of ${listed(RULE_KINDS)}`);
    return;
  }
  if (typeof kind !== "string" || !Object.hasOwn(RULE_SCHEMAS, kind)) {
    const hint = typeof kind === "string" ? suggestion(kind, RULE_KINDS) : "";
    problems.add(
      `${path}.kind`,
      `${shown(kind)} is not a rule kind${hint}; use one of ${listed(RULE_KINDS)}`,
    );
    return;
  }
  const known = kind as RuleKind;
  const firstOfKind = kinds.get(known);
  if (firstOfKind !== undefined) {
    problems.add(
      `${path}.kind`,
      `repeats ${known}, already set by rules[${firstOfKind}]; a policy has at most one rule of each kind`,
    );
  } else {
    kinds.set(known, index);
  }

  const constraints: Readonly<Record<string, string>> = PARAMETER_CONSTRAINTS[known];
  const shape = RULE_SCHEMAS[known].shape as Readonly<
    Record<string, { safeParse(v: unknown): { success: boolean } }>
  >;
  const parameters = Object.keys(constraints);
  for (const key of Object.keys(rule)) {
    if (key === "id" || key === "kind" || Object.hasOwn(constraints, key)) continue;
    const takes =
      parameters.length === 0 ? "it takes no parameters" : `it takes ${listed(parameters)}`;
    problems.add(
      `${path}.${key}`,
      `is not a parameter of ${known}${suggestion(key, parameters)}; ${takes}`,
    );
  }

  const valid = new Set<string>();
  for (const name of parameters) {
    const at = `${path}.${name}`;
    const value = rule[name];
    const constraint = constraints[name] ?? "";
    const schema = shape[name];
    if (value === undefined) {
      if (schema !== undefined && !schema.safeParse(undefined).success) {
        problems.add(at, `is missing: ${known} needs it, and it ${constraint}`);
      }
      continue;
    }
    if (schema?.safeParse(value).success) {
      valid.add(name);
      if (name === "allowed") checkAllowedTerms(problems, at, value);
      continue;
    }
    if (name === "allowed" && checkAllowedTerms(problems, at, value)) continue;
    problems.add(at, `${constraint} (got ${shown(value)})`);
  }

  if (known === "price_tolerance" && valid.has("maxIncreasePct") && valid.has("counterUpToPct")) {
    const max = rule.maxIncreasePct as number;
    const counter = rule.counterUpToPct as number;
    if (counter < max) {
      problems.add(
        `${path}.counterUpToPct`,
        `(${counter}) must be at least maxIncreasePct (${max}): an increase is only countered once it is over the tolerance`,
      );
    }
  }
}

/**
 * Validates a policy document — a parsed JSON value, or JSON text — and returns the typed
 * policy or every problem found.
 */
export function parsePolicy(input: unknown): ParsePolicyResult {
  const problems = new Problems();
  let document = input;
  if (typeof input === "string") {
    try {
      document = JSON.parse(input);
    } catch (error) {
      problems.add("", `the policy is not valid JSON: ${(error as Error).message}`);
      return { ok: false, problems: problems.items };
    }
  }
  if (!isObject(document)) {
    problems.add(
      "",
      `a policy must be a JSON object with "version" and "rules" (got ${shown(document)})`,
    );
    return { ok: false, problems: problems.items };
  }
  for (const key of Object.keys(document)) {
    if (key !== "version" && key !== "rules") {
      problems.add(
        key,
        `is not part of a policy${suggestion(key, ["version", "rules"])}; a policy has only version and rules`,
      );
    }
  }
  if (document.version === undefined) {
    problems.add("version", `is missing: use ${POLICY_VERSION}`);
  } else if (document.version !== POLICY_VERSION) {
    problems.add(
      "version",
      `must be ${POLICY_VERSION}, the only policy format there is (got ${shown(document.version)})`,
    );
  }
  const rules = document.rules;
  if (rules === undefined) {
    problems.add("rules", "is missing: a policy needs a list of rules");
  } else if (!Array.isArray(rules)) {
    problems.add("rules", `must be a list of rules (got ${shown(rules)})`);
  } else if (rules.length === 0) {
    problems.add("rules", "must list at least one rule");
  } else {
    const ids = new Map<string, number>();
    const kinds = new Map<RuleKind, number>();
    rules.forEach((rule: unknown, i) => {
      checkRule(problems, rule, i, ids, kinds);
    });
  }
  if (problems.items.length > 0) return { ok: false, problems: problems.items };

  // The checks above cover the schema; parsing through it as well yields a clean, typed copy
  // and guards against the two drifting apart.
  const parsed = PolicySchema.safeParse(document);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path
        .map((segment, i) =>
          typeof segment === "number" ? `[${segment}]` : `${i === 0 ? "" : "."}${String(segment)}`,
        )
        .join("");
      problems.add(path, `is invalid: ${issue.message}`);
    }
    return { ok: false, problems: problems.items };
  }
  return { ok: true, policy: parsed.data };
}

/** `parsePolicy`, throwing a `PolicyValidationError` with every problem when invalid. */
export function parsePolicyOrThrow(input: unknown): Policy {
  const result = parsePolicy(input);
  if (!result.ok) throw new PolicyValidationError(result.problems);
  return result.policy;
}
