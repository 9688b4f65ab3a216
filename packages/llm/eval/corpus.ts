/**
 * One eval over one labelled corpus: extract, add the envelope's signals as the pipeline
 * does (`withSenderSignals` from @po-pro/mail), evaluate with @po-pro/policy, and score per
 * field, action and safety. Used by `pnpm eval` and by the conformance test.
 */
import { type SenderFacts, withSenderSignals } from "@po-pro/mail/addresses";
import { type CompiledPolicy, evaluate, type SupplierResponse } from "@po-pro/policy";
import type { ExtractionOrder, SupplierEmail } from "../src/types.js";
import { compareExtraction, FIELDS, type Field, isUnsafe } from "./score.js";

export interface EvalScenario {
  id: string;
  policy: CompiledPolicy;
  order: ExtractionOrder & { negotiationRound: number; supplier: { email: string } };
  email: SupplierEmail & { headers?: Record<string, string> };
  expected: { extraction: SupplierResponse; decision: { recommendedAction: string } };
}

/**
 * A scenario's envelope as @po-pro/mail reads a parsed message: its `headers` map (one value
 * per name, as written) becomes lower-cased names with a list of values.
 */
export function senderFactsOf(
  email: { from: string; headers?: Readonly<Record<string, string>> },
  supplierEmail: string,
): SenderFacts {
  const headers = Object.fromEntries(
    Object.entries(email.headers ?? {}).map(([name, value]) => [name.toLowerCase(), [value]]),
  );
  return { from: email.from, supplierEmail, headers };
}

export type Extract = (
  order: ExtractionOrder,
  email: SupplierEmail,
) => Promise<{ response: SupplierResponse; provider: string }>;

export interface EvalReport {
  name: string;
  source: string;
  total: number;
  correct: number;
  unsafe: string[];
  wrong: string[];
  fieldHits: Record<Field, number>;
  providers: Record<string, number>;
  lines: string[];
}

export async function evaluateCorpus(
  name: string,
  source: string,
  scenarios: readonly EvalScenario[],
  extract: Extract,
): Promise<EvalReport> {
  const report: EvalReport = {
    name,
    source,
    total: scenarios.length,
    correct: 0,
    unsafe: [],
    wrong: [],
    fieldHits: Object.fromEntries(FIELDS.map((f) => [f, 0])) as Record<Field, number>,
    providers: {},
    lines: [],
  };
  for (const scenario of scenarios) {
    const result = await extract(scenario.order, scenario.email);
    report.providers[result.provider] = (report.providers[result.provider] ?? 0) + 1;
    const response = withSenderSignals(
      result.response,
      senderFactsOf(scenario.email, scenario.order.supplier.email),
    );
    const action = evaluate(scenario.policy, scenario.order, response).recommendedAction;
    const min = scenario.policy.policy.rules.find((r) => r.kind === "extraction_confidence");
    const fields = compareExtraction(
      scenario.order,
      response,
      scenario.expected.extraction,
      min?.kind === "extraction_confidence" ? min.min : 0,
    );
    for (const field of FIELDS) if (fields[field]) report.fieldHits[field]++;
    const label = scenario.expected.decision.recommendedAction;
    if (action === label) report.correct++;
    else report.wrong.push(`${scenario.id}: ${action} (label ${label})`);
    if (isUnsafe(action, label))
      report.unsafe.push(`${scenario.id}: ${action} where the label says ${label}`);
    const misses = FIELDS.filter((f) => !fields[f]);
    report.lines.push(
      `${scenario.id}  ${action}${action === label ? "" : ` ≠ ${label}`}  conf ${response.confidence}${misses.length > 0 ? `  misses: ${misses.join(", ")}` : ""}${response.notes !== undefined ? `\n    ${response.notes}` : ""}`,
    );
  }
  return report;
}

export const pct = (k: number, n: number) => `${n === 0 ? "0.0" : ((100 * k) / n).toFixed(1)} %`;

/** Meets the goal: no unsafe decision and at least 70 % of actions right. */
export function meetsGoal(report: EvalReport): boolean {
  return report.unsafe.length === 0 && report.total > 0 && report.correct / report.total >= 0.7;
}

/** The report, unsafe decisions first. */
export function formatReport(report: EvalReport, verbose: boolean): string {
  const n = report.total;
  const out: string[] = [`\n== ${report.name}: ${n} scenarios from ${report.source}`];
  out.push(`unsafe decisions: ${report.unsafe.length}  goal 0`);
  for (const line of report.unsafe) out.push(`  UNSAFE ${line}`);
  out.push(`correct actions: ${report.correct}/${n} (${pct(report.correct, n)})  goal ≥ 70 %`);
  out.push(
    `providers: ${Object.entries(report.providers)
      .map(([p, k]) => `${p} ${k}`)
      .join(", ")}`,
  );
  out.push("per-field extraction accuracy:");
  for (const field of FIELDS)
    out.push(
      `  ${field.padEnd(14)} ${String(report.fieldHits[field]).padStart(3)}/${n}  ${pct(report.fieldHits[field], n)}`,
    );
  if (verbose) {
    for (const line of report.wrong) out.push(`  wrong ${line}`);
    out.push(...report.lines);
  }
  return out.join("\n");
}
