/**
 * The shared scenario corpus, read where it lives (`../shared/fixtures` beside the
 * repository, or `PO_PRO_FIXTURES`), never copied; every `*.json` in `scenarios/` is found.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { SupplierResponse } from "@po-pro/policy";
import type { ExtractionOrder, SupplierEmail } from "../src/types.js";

export interface Scenario {
  id: string;
  description: string;
  policy: string;
  order: ExtractionOrder & {
    poNumber: string;
    supplier: { name: string; email: string };
    negotiationRound: number;
  };
  email: SupplierEmail & { headers?: Record<string, string> };
  expected: {
    extraction: SupplierResponse;
    decision: { recommendedAction: string; complianceStatus: string; breachedRules: string[] };
  };
}

export function fixturesDir(override?: string): string {
  const chosen = override ?? process.env.PO_PRO_FIXTURES;
  if (chosen !== undefined && chosen !== "") return resolve(chosen);
  // <repo>/packages/llm/test → <repo>/../shared/fixtures
  return fileURLToPath(new URL("../../../../shared/fixtures/", import.meta.url));
}

export function loadScenarios(root = fixturesDir()): Scenario[] {
  const dir = join(root, "scenarios");
  return readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => JSON.parse(readFileSync(join(dir, name), "utf8")) as Scenario);
}

export function loadPolicy(name: string, root = fixturesDir()): unknown {
  return JSON.parse(readFileSync(join(root, "policies", `${name}.json`), "utf8"));
}
