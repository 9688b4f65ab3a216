// Every script, Turbo task, test and child process runs on the Node pinned in the root
// package.json (the `node` package puts it in node_modules/.bin), not on whatever the machine has.
// CI's other-LTS leg sets PO_PRO_EXPECT_NODE to that major instead.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const root = new URL("../../", import.meta.url);
const rootPackage = JSON.parse(readFileSync(new URL("package.json", root), "utf8")) as {
  devDependencies: Record<string, string>;
};
const pinned = rootPackage.devDependencies.node;
const expectedMajor = process.env.PO_PRO_EXPECT_NODE;

function expectRuntime(version: string): void {
  if (expectedMajor === undefined || expectedMajor === "") {
    expect(version).toBe(`v${pinned}`);
  } else {
    expect(version.split(".")[0]).toBe(`v${expectedMajor}`);
  }
}

describe("the pinned Node runtime", () => {
  it("is an exact version whose major .node-version names", () => {
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    const nodeVersionFile = readFileSync(new URL(".node-version", root), "utf8").trim();
    expect(pinned?.split(".")[0]).toBe(nodeVersionFile);
  });

  it("runs the test worker", () => {
    expectRuntime(process.version);
  });

  it("runs a child process started as `node`", () => {
    expectRuntime(execFileSync("node", ["--version"], { encoding: "utf8" }).trim());
  });

  it("runs tsx, which the scripts, benchmarks and CLIs use", () => {
    const out = execFileSync("tsx", ["-e", "console.log(process.version)"], { encoding: "utf8" });
    expectRuntime(out.trim());
  });
});
