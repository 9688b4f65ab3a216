/**
 * The policy editor's form: one card per rule, each parameter a text box, switch or select. The
 * values are turned into a policy document and validated with `@po-pro/policy`'s `parsePolicy` —
 * the one validator the worker trusts — on the client as the merchant types and again in the
 * server action; every problem comes back at the input it is about.
 */
import {
  formatMoney,
  normalizePaymentTerms,
  PARAMETER_CONSTRAINTS,
  type Policy,
  type PolicyProblem,
  type PolicyRule,
  parsePolicy,
  RULE_KINDS,
  type RuleKind,
} from "@po-pro/policy";
import { z } from "zod";
import { type FieldErrors, fromMinorUnits, toMinorUnits } from "./fields";

/** One rule as the form holds it: every parameter of every kind, as typed. */
export interface RuleFormValues {
  id: string;
  kind: RuleKind;
  maxIncreasePct: string;
  counterEnabled: boolean;
  counterUpToPct: string;
  maxDelayDays: string;
  minPercent: string;
  /** approval_threshold, in major units of the merchant's currency ("15000.00"). */
  maxTotal: string;
  /** payment_terms, comma-separated ("NET30, NET45"). */
  allowed: string;
  mode: "never" | "escalate";
  max: string;
  min: string;
}

export interface PolicyFormValues {
  rules: RuleFormValues[];
}

const text = z.string().max(200, "Keep this under 200 characters.");

const ruleForm = z.object({
  id: z.string().max(100),
  kind: z.enum(RULE_KINDS),
  maxIncreasePct: text,
  counterEnabled: z.boolean(),
  counterUpToPct: text,
  maxDelayDays: text,
  minPercent: text,
  maxTotal: text,
  allowed: text,
  mode: z.enum(["never", "escalate"]),
  max: text,
  min: text,
});

/** The shape a server action accepts; `validatePolicyForm` checks the values themselves. */
export const policyForm = z.object({
  rules: z.array(ruleForm).max(RULE_KINDS.length * 2),
});

export const savePolicyForm = policyForm.extend({
  note: z.string().trim().max(500, "Keep the note under 500 characters.").optional(),
  /** The version the editor was opened on: a save over a newer one is refused. */
  baseVersion: z.number().int().min(0),
});

/** Plain words for each rule kind and parameter, shared by the editor, the diff and messages. */
export const RULE_WORDS: Readonly<
  Record<RuleKind, { title: string; description: string; newId: string }>
> = {
  price_tolerance: {
    title: "Price increases",
    description: "How much a supplier may raise a unit price before the agent pushes back.",
    newId: "price",
  },
  delivery_delay: {
    title: "Delivery delays",
    description: "How late a delivery date may be before it comes to you.",
    newId: "delivery",
  },
  fill_rate: {
    title: "Partial shipments",
    description: "How much of the order must ship now (backordered and rejected lines ship none).",
    newId: "fill_rate",
  },
  approval_threshold: {
    title: "Approval threshold",
    description: "Orders whose total after the supplier's changes is above this come to you.",
    newId: "approval",
  },
  payment_terms: {
    title: "Payment terms",
    description:
      "Terms accepted besides the order's own; others are countered with the order's terms.",
    newId: "payment_terms",
  },
  substitution: {
    title: "Substitutions",
    description: "What the agent does when a supplier offers a different item.",
    newId: "substitution",
  },
  negotiation_rounds: {
    title: "Counter-offer rounds",
    description: "Once an order has had this many counter-offers, the next one comes to you.",
    newId: "rounds",
  },
  currency: {
    title: "Currency changes",
    description: "A quote in another currency than the order's always comes to you.",
    newId: "currency",
  },
  extraction_confidence: {
    title: "Reading confidence",
    description: "Below this confidence in how the agent read a reply, you read it yourself.",
    newId: "confidence",
  },
};

/** Each parameter's label, in the words the editor shows (the form's field names as keys). */
export const PARAMETER_LABELS: Readonly<Record<string, string>> = {
  maxIncreasePct: "Accept increases up to",
  counterUpToPct: "Counter-offer increases up to",
  maxDelayDays: "Accept delays up to",
  minPercent: "Accept when at least this share ships now",
  maxTotalMinor: "Ask me above an order total of",
  maxTotal: "Ask me above an order total of",
  allowed: "Also accept",
  mode: "When an item is substituted",
  max: "Counter-offers per order",
  min: "Act on replies read with confidence of at least",
};

export const SUBSTITUTION_MODES = {
  never: "Counter, asking for the original item",
  escalate: "Ask me",
} as const;

/** The form's field for a document parameter (amounts are typed in major units). */
const FIELD_OF: Readonly<Record<string, keyof RuleFormValues>> = { maxTotalMinor: "maxTotal" };

export function emptyRule(kind: RuleKind, id: string): RuleFormValues {
  return {
    id,
    kind,
    maxIncreasePct: "",
    counterEnabled: false,
    counterUpToPct: "",
    maxDelayDays: "",
    minPercent: "",
    maxTotal: "",
    allowed: "",
    mode: "never",
    max: "",
    min: "",
  };
}

/** A rule id not used yet, for a rule the merchant adds. */
export function newRuleId(kind: RuleKind, taken: readonly string[]): string {
  const base = RULE_WORDS[kind].newId;
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}_${n}`;
  return id;
}

/** A stored policy as the editor shows it. */
export function toFormValues(policy: Policy, currency: string): PolicyFormValues {
  return {
    rules: policy.rules.map((rule): RuleFormValues => {
      const values = emptyRule(rule.kind, rule.id);
      switch (rule.kind) {
        case "price_tolerance":
          values.maxIncreasePct = String(rule.maxIncreasePct);
          values.counterEnabled = rule.counterUpToPct !== undefined;
          values.counterUpToPct =
            rule.counterUpToPct === undefined ? "" : String(rule.counterUpToPct);
          break;
        case "delivery_delay":
          values.maxDelayDays = String(rule.maxDelayDays);
          break;
        case "fill_rate":
          values.minPercent = String(rule.minPercent);
          break;
        case "approval_threshold":
          values.maxTotal = fromMinorUnits(rule.maxTotalMinor, currency);
          break;
        case "payment_terms":
          values.allowed = rule.allowed.join(", ");
          break;
        case "substitution":
          values.mode = rule.mode;
          break;
        case "negotiation_rounds":
          values.max = String(rule.max);
          break;
        case "extraction_confidence":
          values.min = String(rule.min);
          break;
        case "currency":
          break;
      }
      return values;
    }),
  };
}

const NUMBER = /^-?\d+(\.\d+)?$/;
const AMOUNT = /^\d{1,13}(\.\d+)?$/;

const GROUPED = /^\d{1,3}(,\d{3})+(\.\d+)?$/;

/** "15,000.50" → "15000.50"; a comma that is not a thousands separator ("1,5") stays, to be refused. */
function ungrouped(value: string): string {
  const typed = value.trim();
  return GROUPED.test(typed) ? typed.replace(/,/g, "") : typed;
}

/** A number as typed: a number when it is one, nothing when empty, else the text (so the parser says what is wrong with it). */
function numberOrText(value: string): number | string | undefined {
  const typed = ungrouped(value);
  if (typed === "") return undefined;
  return NUMBER.test(typed) ? Number(typed) : value.trim();
}

function defined(entries: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
}

/**
 * The document the form describes, and the problems only the form can see (an amount that is not
 * one). Parameters of other kinds are left out.
 */
export function toPolicyDocument(
  values: PolicyFormValues,
  currency: string,
): { document: { version: 1; rules: Record<string, unknown>[] }; formErrors: FieldErrors } {
  const formErrors: FieldErrors = {};
  const rules = values.rules.map((rule, index) => {
    const base = { id: rule.id, kind: rule.kind };
    switch (rule.kind) {
      case "price_tolerance":
        return defined({
          ...base,
          maxIncreasePct: numberOrText(rule.maxIncreasePct),
          counterUpToPct: rule.counterEnabled ? numberOrText(rule.counterUpToPct) : undefined,
        });
      case "delivery_delay":
        return defined({ ...base, maxDelayDays: numberOrText(rule.maxDelayDays) });
      case "fill_rate":
        return defined({ ...base, minPercent: numberOrText(rule.minPercent) });
      case "approval_threshold": {
        const typed = ungrouped(rule.maxTotal);
        const minor = AMOUNT.test(typed) ? toMinorUnits(typed, currency) : undefined;
        if (minor === undefined) {
          formErrors[`rules.${index}.maxTotal`] =
            typed === ""
              ? `Enter an amount in ${currency}, such as 15000.00.`
              : `Enter an amount of 0 or more in ${currency}, such as 15000.00 (got "${rule.maxTotal.trim()}").`;
        }
        // A stand-in when the amount is unreadable: its own message above says why.
        return { ...base, maxTotalMinor: minor ?? 0 };
      }
      case "payment_terms": {
        const allowed = rule.allowed
          .split(",")
          .map((term) => term.trim())
          .filter((term) => term !== "")
          .map((term) => normalizePaymentTerms(term) ?? term);
        return { ...base, allowed };
      }
      case "substitution":
        return { ...base, mode: rule.mode };
      case "negotiation_rounds":
        return defined({ ...base, max: numberOrText(rule.max) });
      case "extraction_confidence":
        return defined({ ...base, min: numberOrText(rule.min) });
      case "currency":
        return base;
    }
    return base;
  });
  return { document: { version: 1, rules }, formErrors };
}

/** "rules[2].maxIncreasePct" (parser) → "rules.2.maxIncreasePct" (form); undefined for the document itself. */
export function fieldOfProblem(path: string): string {
  const match = /^rules\[(\d+)\](?:\.(\w+))?/.exec(path);
  if (match === null) return path === "rules" ? "rules" : "form";
  const [, index, parameter] = match;
  if (parameter === undefined) return `rules.${index}.kind`;
  return `rules.${index}.${FIELD_OF[parameter] ?? parameter}`;
}

function withLabels(text: string): string {
  return text.replace(/\b(maxIncreasePct|counterUpToPct)\b/g, (name) =>
    (PARAMETER_LABELS[name] ?? name).toLowerCase().replace(/^accept /, "accepted "),
  );
}

function sentence(text: string): string {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** The parser's sentence, said at the input: without the path, in the editor's words. */
export function fieldMessage(problem: PolicyProblem, rules: readonly { kind: string }[]): string {
  let rest = problem.message.startsWith(`${problem.path} `)
    ? problem.message.slice(problem.path.length + 1)
    : problem.message;
  const match = /^rules\[(\d+)\]\.(\w+)$/.exec(problem.path);
  const kind = match ? rules[Number(match[1])]?.kind : undefined;
  const parameter = match?.[2];
  if (rest.startsWith("is missing") && kind !== undefined && parameter !== undefined) {
    const constraint = (PARAMETER_CONSTRAINTS as Record<string, Record<string, string>>)[kind]?.[
      parameter
    ];
    if (constraint !== undefined) return sentence(`Enter a value: it ${constraint}`);
  }
  if (rest.startsWith("(") && parameter !== undefined) {
    rest = `${PARAMETER_LABELS[parameter] ?? parameter} ${rest}`;
  }
  return sentence(withLabels(rest));
}

export type PolicyFormResult =
  | { ok: true; policy: Policy }
  | { ok: false; fieldErrors: FieldErrors };

/** The form's policy, or every problem with it keyed by the input it belongs to. */
export function validatePolicyForm(values: PolicyFormValues, currency: string): PolicyFormResult {
  const { document, formErrors } = toPolicyDocument(values, currency);
  const parsed = parsePolicy(document);
  if (parsed.ok && Object.keys(formErrors).length === 0) return { ok: true, policy: parsed.policy };
  const fieldErrors: FieldErrors = { ...formErrors };
  if (!parsed.ok) {
    for (const problem of parsed.problems) {
      const field = fieldOfProblem(problem.path);
      if (Object.hasOwn(formErrors, field)) continue;
      const message = fieldMessage(problem, values.rules);
      // Several problems with one input (two unreadable payment terms) are all shown there.
      fieldErrors[field] = fieldErrors[field] ? `${fieldErrors[field]} ${message}` : message;
    }
  }
  return { ok: false, fieldErrors };
}

/** A parameter's value as the merchant reads it: "5 %", "7 days", "$15,000.00", "NET30, NET45". */
export function formatParameter(parameter: string, value: unknown, currency: string): string {
  if (value === undefined) return parameter === "counterUpToPct" ? "no counter-offers" : "not set";
  switch (parameter) {
    case "maxIncreasePct":
    case "counterUpToPct":
    case "minPercent":
      return `${String(value)} %`;
    case "maxDelayDays":
      return value === 1 ? "1 day" : `${String(value)} days`;
    case "maxTotalMinor":
      return typeof value === "number" ? formatMoney(value, currency) : String(value);
    case "allowed":
      return Array.isArray(value) ? value.join(", ") : String(value);
    case "mode":
      return SUBSTITUTION_MODES[value as keyof typeof SUBSTITUTION_MODES] ?? String(value);
    case "max":
      return value === 1 ? "1 counter-offer" : `${String(value)} counter-offers`;
    default:
      return String(value);
  }
}

/** The parameters of a rule, in the order the editor shows them. */
export function parametersOf(rule: PolicyRule): [string, unknown][] {
  const { id: _id, kind, ...parameters } = rule;
  const names = Object.keys(
    (PARAMETER_CONSTRAINTS as Record<string, Record<string, string>>)[kind] ?? {},
  );
  return names.map((name) => [name, (parameters as Record<string, unknown>)[name]]);
}
