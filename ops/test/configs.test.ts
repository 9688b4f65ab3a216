/**
 * The ops configs as Prometheus' and Alertmanager's own checkers read them (Debian's
 * `prometheus` and `prometheus-alertmanager` packages; `.ci/run` installs them).
 */
import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const run = promisify(execFile);
const ops = join(dirname(fileURLToPath(import.meta.url)), "..");

describe("ops configs", () => {
  it("promtool accepts the Prometheus config", async () => {
    const { stdout } = await run("promtool", [
      "check",
      "config",
      join(ops, "prometheus/prometheus.yml"),
    ]);
    expect(stdout).toContain("SUCCESS");
  });

  it("promtool accepts every rule file", async () => {
    const rules = await yamlFiles("prometheus/rules");
    expect(rules.length).toBeGreaterThan(0);
    const { stdout } = await run("promtool", ["check", "rules", ...rules]);
    expect(stdout.match(/SUCCESS/g)).toHaveLength(rules.length);
  });

  it("the rules pass their promtool unit tests (each alert firing and not firing)", async () => {
    const tests = await yamlFiles("prometheus/tests");
    expect(tests.length).toBeGreaterThan(0);
    // promtool exits non-zero on any failed test, and prints what it expected and got on stderr.
    const { stdout } = await run("promtool", ["test", "rules", ...tests]);
    expect(stdout.match(/SUCCESS/g)).toHaveLength(tests.length);
  });

  it("every alert has severity, service, summary and description, and a test firing and holding it", async () => {
    type AlertRule = {
      alert: string;
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    };
    const rules: AlertRule[] = [];
    for (const file of await yamlFiles("prometheus/rules")) {
      const { groups } = parse(await readFile(file, "utf8")) as {
        groups: { rules: AlertRule[] }[];
      };
      rules.push(...groups.flatMap((g) => g.rules).filter((r) => r.alert !== undefined));
    }
    type Case = { alertname: string; exp_alerts?: { exp_labels?: Record<string, string> }[] };
    const cases: Case[] = [];
    for (const file of await yamlFiles("prometheus/tests")) {
      const { tests } = parse(await readFile(file, "utf8")) as {
        tests: { alert_rule_test?: Case[] }[];
      };
      cases.push(...tests.flatMap((t) => t.alert_rule_test ?? []));
    }
    expect(rules.length).toBeGreaterThanOrEqual(14);
    for (const rule of rules) {
      expect(["page", "ticket"], rule.alert).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary, rule.alert).toMatch(/\S/);
      expect(rule.annotations?.description, rule.alert).toMatch(/\S/);
      const own = cases.filter((c) => c.alertname === rule.alert);
      const firing = own.flatMap((c) => c.exp_alerts ?? []);
      expect(firing.length, `${rule.alert} has no firing test`).toBeGreaterThan(0);
      expect(
        own.some((c) => (c.exp_alerts ?? []).length === 0),
        `${rule.alert} has no not-firing test`,
      ).toBe(true);
      // The label Alertmanager routes and inhibits on, whether the rule sets it or its query keeps it.
      for (const alert of firing) expect(alert.exp_labels?.service, rule.alert).toMatch(/\S/);
    }
  });

  it("amtool accepts the Alertmanager config", async () => {
    const { stdout } = await run("amtool", [
      "check-config",
      join(ops, "alertmanager/alertmanager.yml"),
    ]);
    expect(stdout).toContain("SUCCESS");
  });
});

async function yamlFiles(folder: string): Promise<string[]> {
  const names = await readdir(join(ops, folder));
  return names.filter((name) => name.endsWith(".yml")).map((name) => join(ops, folder, name));
}
