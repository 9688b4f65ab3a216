/**
 * The provisioned Grafana dashboards against Grafana's schema, without a Grafana (none installs
 * here): each JSON file is compiled by TypeScript as a value of `PoProDashboard`
 * (ops/grafana/schema.ts, Grafana's foundation SDK types), so a misspelt option, a query field
 * Grafana does not know or a wrong enum value fails with its line in the JSON. Their PromQL runs
 * against a real Prometheus in prometheus.integration.test.ts.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { PoProDashboard } from "../grafana/schema.js";

const ops = join(dirname(fileURLToPath(import.meta.url)), "..");
const dashboardsDir = join(ops, "grafana/dashboards");
const dashboards = readdirSync(dashboardsDir).filter((name) => name.endsWith(".json"));

const HEADER =
  'import type { PoProDashboard } from "./schema.js";\nexport const dashboard: PoProDashboard =\n';
const HEADER_LINES = HEADER.split("\n").length - 1;

/** TypeScript's complaints about `json` as a `PoProDashboard`, each with its line in the JSON. */
function schemaProblems(json: string): string[] {
  const fileName = join(ops, "grafana/dashboard-under-check.ts");
  const source = `${HEADER}${json};\n`;
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, language, ...rest) =>
    name === fileName
      ? ts.createSourceFile(name, source, language)
      : getSourceFile.call(host, name, language, ...rest);
  host.fileExists = (name) => name === fileName || fileExists.call(host, name);
  host.readFile = (name) => (name === fileName ? source : readFile.call(host, name));
  const program = ts.createProgram([fileName], options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
    if (diagnostic.file?.fileName !== fileName || diagnostic.start === undefined) return message;
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return `line ${line + 1 - HEADER_LINES}: ${message}`;
  });
}

function load(name: string): { text: string; dashboard: PoProDashboard } {
  const text = readFileSync(join(dashboardsDir, name), "utf8");
  return { text, dashboard: JSON.parse(text) as PoProDashboard };
}

describe("Grafana dashboards", () => {
  it("there is at least one", () => {
    expect(dashboards).toContain("po-pro-overview.json");
  });

  it.each(dashboards)(
    "%s matches Grafana's dashboard, panel and Prometheus query schema",
    (name) => {
      expect(schemaProblems(load(name).text)).toEqual([]);
    },
  );

  it("the schema check catches a misspelt query field and a wrong enum value", () => {
    const { dashboard } = load("po-pro-overview.json");
    const broken = structuredClone(dashboard) as unknown as {
      panels: {
        targets?: Record<string, unknown>[];
        options?: { legend: { displayMode: string } };
      }[];
    };
    const panel = broken.panels.find((p) => p.targets !== undefined);
    if (panel?.targets?.[0] === undefined || panel.options === undefined)
      throw new Error("no panel");
    panel.targets[0].exemplars = true;
    panel.options.legend.displayMode = "lists";
    const problems = schemaProblems(JSON.stringify(broken, null, 2)).join("\n");
    expect(problems).toMatch(/line \d+: .*'"exemplars"' does not exist/);
    expect(problems).toMatch(/line \d+: Type '"lists"' is not assignable/);
  });

  it.each(dashboards)(
    "%s: unique panel ids, our Prometheus data source, an exemplar on every latency panel",
    (name) => {
      const { dashboard } = load(name);
      const ids = dashboard.panels.map((panel) => panel.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const panel of dashboard.panels) {
        if (panel.type === "row") continue;
        expect(panel.datasource, panel.title).toEqual({ type: "prometheus", uid: "prometheus" });
        expect(panel.targets.length, panel.title).toBeGreaterThan(0);
        const latency = panel.targets.some((t) => t.expr.includes("duration_seconds_bucket"));
        const traced = !panel.targets.some((t) => t.expr.includes("po_pro_llm_request_duration"));
        if (latency && traced) {
          expect(
            panel.targets.every((t) => t.exemplar === true),
            panel.title,
          ).toBe(true);
        }
      }
    },
  );

  it("the data source has the uid the panels use and links exemplars to the Sentry trace", () => {
    const text = readFileSync(join(ops, "grafana/provisioning/datasources/prometheus.yml"), "utf8");
    const { datasources } = parse(text) as {
      datasources: {
        uid: string;
        type: string;
        jsonData: { exemplarTraceIdDestinations: { name: string; url: string }[] };
      }[];
    };
    const [prometheus] = datasources;
    expect(prometheus).toMatchObject({ uid: "prometheus", type: "prometheus" });
    expect(prometheus?.jsonData.exemplarTraceIdDestinations).toEqual([
      expect.objectContaining({
        // The label packages/observability's traceExemplar() puts on every exemplar.
        name: "trace_id",
        // ${SENTRY_ORG} from Grafana's environment; $$ leaves ${__value.raw} to the link template.
        // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's placeholders, not JavaScript's
        url: "https://${SENTRY_ORG}.sentry.io/performance/trace/$${__value.raw}",
      }),
    ]);
  });
});
