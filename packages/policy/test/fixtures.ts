/**
 * Loads the shared scenario corpus for the conformance tests and the benchmark. The corpus
 * is read where it lives (`../shared/fixtures` beside the repository, or `PO_PRO_FIXTURES`),
 * never copied, and every `*.json` in `scenarios/` is picked up, so new scenarios are tested
 * as they appear. Like the reference checker, a held-out set at `<fixtures>/../../holdout/
 * scenarios` is included when it exists.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ComplianceStatus, RecommendedAction } from "../src/decision.js";
import type { Policy } from "../src/policy.js";
import type { PurchaseOrder, SupplierResponse } from "../src/schema.js";

export interface Scenario {
  readonly id: string;
  readonly description: string;
  readonly policy: string;
  readonly order: PurchaseOrder & { readonly poNumber: string };
  readonly expected: {
    readonly extraction: SupplierResponse;
    readonly decision: {
      readonly recommendedAction: RecommendedAction;
      readonly complianceStatus: ComplianceStatus;
      readonly breachedRules: readonly string[];
    };
  };
}

export interface ScenarioFile {
  /** "scenarios/005-price-up-just-over-5pct-dollar.json", relative to its set's root. */
  readonly file: string;
  readonly scenario: Scenario;
}

export function fixturesDir(): string {
  const override = process.env.PO_PRO_FIXTURES;
  if (override !== undefined && override !== "") return resolve(override);
  // <repo>/packages/policy/test → <repo>/../shared/fixtures
  return fileURLToPath(new URL("../../../../shared/fixtures/", import.meta.url));
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, "utf8"));
}

function scenarioDirs(root: string): string[] {
  const dirs = [join(root, "scenarios")];
  const holdout = resolve(root, "..", "..", "holdout", "scenarios");
  if (existsSync(holdout)) dirs.push(holdout);
  return dirs;
}

/** Every scenario file, sorted by name within each set. */
export function loadScenarios(root = fixturesDir()): ScenarioFile[] {
  const found: ScenarioFile[] = [];
  for (const dir of scenarioDirs(root)) {
    const names = readdirSync(dir)
      .filter((name) => name.endsWith(".json"))
      .sort();
    for (const name of names) {
      found.push({ file: name, scenario: readJson(join(dir, name)) as Scenario });
    }
  }
  return found;
}

/** The raw policy document `policies/<name>.json` (validate it with parsePolicy). */
export function loadPolicyDocument(name: string, root = fixturesDir()): unknown {
  return readJson(join(root, "policies", `${name}.json`));
}

export function policyNames(root = fixturesDir()): string[] {
  return readdirSync(join(root, "policies"))
    .filter((name) => name.endsWith(".json"))
    .map((name) => name.slice(0, -".json".length))
    .sort();
}

export type { Policy };
