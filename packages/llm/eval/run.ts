/**
 * `pnpm eval`: runs the extraction chain over every scenario (the keyless extractor alone
 * unless API keys are set), adds the mail layer's signals as the pipeline will, evaluates
 * with @po-pro/policy and prints per-field accuracy, correct actions and unsafe decisions.
 *
 *   pnpm eval [--fixtures <dir>] [--verbose]
 */
import { resolve } from "node:path";
import { compilePolicy, evaluate, parsePolicyOrThrow, type SupplierResponse } from "@po-pro/policy";
import { llmConfigFromEnv, providersFromConfig } from "../src/config.js";
import { createLlm } from "../src/llm.js";
import { withMailSignals } from "../src/mail-signals.js";
import { fixturesDir, loadPolicy, loadScenarios, type Scenario } from "../test/scenarios.js";
import { compareExtraction, FIELDS, isUnsafe } from "./score.js";

const args = process.argv.slice(2);
const fixturesArg = args.indexOf("--fixtures");
const root =
  fixturesArg >= 0 && args[fixturesArg + 1] !== undefined
    ? resolve(process.cwd(), args[fixturesArg + 1] as string)
    : fixturesDir();
const verbose = args.includes("--verbose");

const config = llmConfigFromEnv(process.env);
const llm = createLlm({ providers: providersFromConfig(config), ...config });
const scenarios = loadScenarios(root);
const policies = new Map<string, ReturnType<typeof compilePolicy>>();
const policyFor = (name: string) => {
  let compiled = policies.get(name);
  if (compiled === undefined) {
    compiled = compilePolicy(parsePolicyOrThrow(loadPolicy(name, root)));
    policies.set(name, compiled);
  }
  return compiled;
};

const fieldHits = new Map<string, number>(FIELDS.map((f) => [f, 0]));
let correct = 0;
const unsafe: string[] = [];
const wrong: string[] = [];
const byProvider = new Map<string, number>();

for (const scenario of scenarios as Scenario[]) {
  const result = await llm.extract({ order: scenario.order, email: scenario.email });
  byProvider.set(result.provider, (byProvider.get(result.provider) ?? 0) + 1);
  const response: SupplierResponse = withMailSignals(result.response, {
    from: scenario.email.from,
    supplierEmail: scenario.order.supplier.email,
    ...(scenario.email.headers !== undefined ? { headers: scenario.email.headers } : {}),
  });
  const compiled = policyFor(scenario.policy);
  const decision = evaluate(compiled, scenario.order, response);
  const min = compiled.policy.rules.find((r) => r.kind === "extraction_confidence");
  const minConfidence = min?.kind === "extraction_confidence" ? min.min : 0;
  const fields = compareExtraction(
    scenario.order,
    response,
    scenario.expected.extraction,
    minConfidence,
  );
  for (const [field, ok] of Object.entries(fields))
    if (ok) fieldHits.set(field, (fieldHits.get(field) ?? 0) + 1);
  const expectedAction = scenario.expected.decision.recommendedAction;
  const action = decision.recommendedAction;
  if (action === expectedAction) correct++;
  else wrong.push(`${scenario.id}: ${action} (label ${expectedAction})`);
  if (isUnsafe(action, expectedAction))
    unsafe.push(`${scenario.id}: ${action} where the label says ${expectedAction}`);
  if (verbose) {
    const misses = Object.entries(fields)
      .filter(([, ok]) => !ok)
      .map(([f]) => f);
    console.log(
      `${scenario.id}  ${action}${action === expectedAction ? "" : ` ≠ ${expectedAction}`}  conf ${response.confidence}  ${misses.length > 0 ? `misses: ${misses.join(", ")}` : ""}${response.notes && verbose ? `\n    ${response.notes}` : ""}`,
    );
  }
}

const n = scenarios.length;
const pct = (k: number) => `${((100 * k) / n).toFixed(1)} %`;
console.log(`\nscenarios: ${n} from ${root}`);
console.log(`providers: ${[...byProvider].map(([p, k]) => `${p} ${k}`).join(", ")}`);
console.log("\nper-field extraction accuracy:");
for (const field of FIELDS)
  console.log(
    `  ${field.padEnd(14)} ${String(fieldHits.get(field)).padStart(3)}/${n}  ${pct(fieldHits.get(field) ?? 0)}`,
  );
console.log(`\ncorrect actions: ${correct}/${n} (${pct(correct)})  goal ≥ 70 %`);
console.log(`unsafe decisions: ${unsafe.length}  goal 0`);
for (const line of unsafe) console.log(`  UNSAFE ${line}`);
if (verbose) for (const line of wrong) console.log(`  wrong ${line}`);
process.exitCode = unsafe.length === 0 && correct / n >= 0.7 ? 0 : 1;
