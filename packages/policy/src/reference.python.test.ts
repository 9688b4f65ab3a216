/**
 * Differential test against the reference evaluator that labelled the corpus
 * (`check_scenarios.py` beside the fixtures): thousands of generated orders, responses and
 * policies — prices on and one minor unit around the percentage limits, dates around the
 * delay limits, lines matched by description, unknown and repeated lines — must get the same
 * action, status and breached rules from both. Runs Python as a child process, so it
 * runs under `pnpm test:reference` (CI) rather than `pnpm test`.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { caseArb, policyArb } from "../test/arbitraries.js";
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

describe("agreement with the reference evaluator (check_scenarios.py)", () => {
  it(`decides ${CASES} generated cases exactly as the reference does`, () => {
    const cases = fc
      .sample(fc.tuple(caseArb, policyArb), { numRuns: CASES, seed: 20_261_126 })
      .map(([{ order, response }, policy]) => ({ order, response, policy }));
    const reference = JSON.parse(
      execFileSync("python3", ["-c", REFERENCE, join(fixturesDir(), "check_scenarios.py")], {
        input: JSON.stringify(cases),
        maxBuffer: 64 * 1024 * 1024,
      }).toString(),
    ) as unknown[];

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
    const actions = new Set(
      (reference as { recommendedAction: string }[]).map((r) => r.recommendedAction),
    );
    expect([...actions].sort()).toEqual(["accept", "counter_offer", "escalate", "none"]);
  });
});
