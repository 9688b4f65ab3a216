/**
 * Agreement with the reference evaluator that labelled the external corpus
 * (`check_scenarios.py` beside the fixtures, run with python3; `pnpm test:conformance`):
 * - thousands of generated orders, responses and policies — prices on and one minor unit
 *   around the percentage limits, dates around the delay limits, lines matched by
 *   description, unknown and repeated lines — get the same action, status and breached rules
 *   from both;
 * - the repository's own corpus, labelled by hand from DESIGN.md, gets its labels from the
 *   reference too, so those labels are not only our evaluator's opinion.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { caseArb, policyArb } from "../test/arbitraries.js";
import { inRepoCorpus } from "../test/corpus.js";
import { fixturesDir } from "../test/fixtures.js";
import { compilePolicy } from "./compile.js";
import { evaluate } from "./evaluate.js";

const REFERENCE = `
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("check_scenarios", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
cases = json.load(sys.stdin)
json.dump([module.evaluate(c["order"], c["response"], c["policy"]) for c in cases], sys.stdout)
`;

const CASES = 4000;

/** The reference's decisions for `cases`, in order. */
function referenceDecisions(
  cases: readonly { order: unknown; response: unknown; policy: unknown }[],
) {
  const checker = join(fixturesDir(), "check_scenarios.py");
  if (!existsSync(checker)) throw new Error(`No reference evaluator at ${checker}.`);
  let output: string;
  try {
    output = execFileSync("python3", ["-c", REFERENCE, checker], {
      input: JSON.stringify(cases),
      maxBuffer: 64 * 1024 * 1024,
    }).toString();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT")
      throw new Error(
        "The reference check needs python3 on PATH (Python 3, standard library only).",
      );
    throw error;
  }
  return JSON.parse(output) as { recommendedAction: string }[];
}

describe("agreement with the reference evaluator (check_scenarios.py)", () => {
  it(`decides ${CASES} generated cases exactly as the reference does`, () => {
    const cases = fc
      .sample(fc.tuple(caseArb, policyArb), { numRuns: CASES, seed: 20_261_126 })
      .map(([{ order, response }, policy]) => ({ order, response, policy }));
    const reference = referenceDecisions(cases);

    const mismatches = cases.flatMap((c, i) => {
      const d = evaluate(compilePolicy(c.policy), c.order, c.response);
      const ours = {
        recommendedAction: d.recommendedAction,
        complianceStatus: d.complianceStatus,
        breachedRules: d.matchedRules.map((r) => r.ruleId),
      };
      return JSON.stringify(ours) === JSON.stringify(reference[i])
        ? []
        : [{ case: c, ours, reference: reference[i] }];
    });
    expect(mismatches.slice(0, 3)).toEqual([]);
    // The generated cases reach every action, so agreement is not agreement on "accept" alone.
    const actions = new Set(reference.map((r) => r.recommendedAction));
    expect([...actions].sort()).toEqual(["accept", "counter_offer", "escalate", "none"]);
  });

  it("gives the repository's hand-labelled corpus its labels", () => {
    const corpus = inRepoCorpus();
    const reference = referenceDecisions(
      corpus.scenarios.map((s) => ({
        order: s.order,
        response: s.response,
        policy: corpus.policies.get(s.policy),
      })),
    );
    const disagreements = corpus.scenarios.flatMap((s, i) =>
      JSON.stringify(reference[i]) === JSON.stringify(s.expected)
        ? []
        : [{ id: s.id, label: s.expected, reference: reference[i] }],
    );
    expect(disagreements).toEqual([]);
  });
});
