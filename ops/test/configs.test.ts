/**
 * The ops configs as Prometheus' and Alertmanager's own checkers read them (Debian's
 * `prometheus` and `prometheus-alertmanager` packages; `.ci/run` installs them).
 */
import { execFile } from "node:child_process";
import { readdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

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
