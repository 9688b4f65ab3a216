/**
 * `pnpm eval`: runs the extraction chain (the keyless extractor alone unless API keys are
 * set) over the in-repo corpus and, when it is present, the shared labelled corpus, and
 * reports each separately, unsafe decisions first. Exits non-zero on any unsafe decision or
 * below 70 % correct actions on any corpus.
 *
 *   pnpm eval [--fixtures <dir>] [--verbose]
 */
import { resolve } from "node:path";
import { requireEnv } from "@po-pro/env";
import { FixturesNotFoundError, fixturesDir, loadPolicyDocument } from "@po-pro/fixtures";
import { compilePolicy, parsePolicyOrThrow } from "@po-pro/policy";
import { parseLlmEnv, providersFromConfig } from "../src/config.js";
import { createLlm } from "../src/llm.js";
import { corpusPolicy } from "../test/corpus/policies.js";
import { CORPUS } from "../test/corpus/scenarios.js";
import { loadScenarios } from "../test/scenarios.js";
import {
  type EvalScenario,
  type Extract,
  evaluateCorpus,
  formatReport,
  meetsGoal,
} from "./corpus.js";

const args = process.argv.slice(2);
const verbose = args.includes("--verbose");
const at = args.indexOf("--fixtures");
const explicit = at >= 0 ? args[at + 1] : undefined;
if (at >= 0 && explicit === undefined) {
  console.error("--fixtures needs a folder: pnpm eval --fixtures <dir>");
  process.exit(2);
}

/** The shared corpus's folder, or undefined when it is absent and was not asked for. */
function sharedRoot(): string | undefined {
  try {
    return fixturesDir(explicit !== undefined ? resolve(process.cwd(), explicit) : undefined);
  } catch (error) {
    if (!(error instanceof FixturesNotFoundError)) throw error;
    if (explicit !== undefined || process.env.PO_PRO_FIXTURES) {
      console.error(error.message);
      process.exit(2);
    }
    return undefined;
  }
}

const config = requireEnv(parseLlmEnv(process.env));
const llm = createLlm({ providers: providersFromConfig(config), ...config });
const extract: Extract = async (order, email) => {
  const result = await llm.extract({ order, email });
  return { response: result.response, provider: result.provider };
};

const root = sharedRoot();
const reports = [
  await evaluateCorpus(
    "in-repo corpus",
    "packages/llm/test/corpus",
    CORPUS.map((s) => ({ ...s, policy: corpusPolicy(s.policy as never) }) as EvalScenario),
    extract,
  ),
];
if (root !== undefined) {
  const policies = new Map<string, ReturnType<typeof compilePolicy>>();
  const policy = (name: string) => {
    let compiled = policies.get(name);
    if (compiled === undefined) {
      compiled = compilePolicy(parsePolicyOrThrow(loadPolicyDocument(name, root)));
      policies.set(name, compiled);
    }
    return compiled;
  };
  const shared = loadScenarios(root).map(
    (s) => ({ ...s, policy: policy(s.policy) }) as EvalScenario,
  );
  reports.push(await evaluateCorpus("shared corpus", root, shared, extract));
} else console.log("(no shared corpus beside the repository; set PO_PRO_FIXTURES to add it)");

// Unsafe decisions first, across every corpus.
const unsafe = reports.flatMap((r) => r.unsafe.map((u) => `${r.name}: ${u}`));
console.log(`unsafe decisions, all corpora: ${unsafe.length}`);
for (const line of unsafe) console.log(`  UNSAFE ${line}`);
for (const report of reports) console.log(formatReport(report, verbose));
process.exitCode = reports.every(meetsGoal) ? 0 : 1;
