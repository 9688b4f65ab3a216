import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const web = new URL("../..", import.meta.url);
const dir = mkdtempSync(join(tmpdir(), "po-pro-local-processes-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A long-running child that says when it is asked to stop, and a crashing one that logs first.
const SLEEPER = `process.on("SIGINT", () => { console.log("sleeper got SIGINT"); process.exit(0); }); console.log("sleeper " + process.pid); setInterval(() => {}, 1000);`;
const CRASHER = `console.log("boom: the reason"); setTimeout(() => process.exit(3), 800);`;

/** Runs LocalProcesses (as local.ts does) in its own process; resolves with its output and exit. */
function runHarness(
  body: string,
  interruptOn?: string,
): Promise<{ code: number | null; out: string }> {
  const script = `
    const { LocalProcesses } = await import("./scripts/local/processes.ts");
    const processes = new LocalProcesses((line) => console.log("[po-pro] " + line));
    process.on("SIGINT", () => void processes.stop(0));
    const node = process.execPath;
    const options = { cwd: process.cwd(), env: process.env };
    ${body}
  `;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: web,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let interrupted = false;
  child.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
    // Ctrl-C once the line is out (and the sleeper started, so there is something to stop).
    if (interruptOn && !interrupted && out.includes(interruptOn) && /sleeper \d+/.test(out)) {
      interrupted = true;
      child.kill("SIGINT");
    }
  });
  child.stderr.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, out })));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("LocalProcesses", () => {
  it("stops the rest, with a line saying which one died and how, when a service dies", async () => {
    const { code, out } = await runHarness(`
      processes.service("the sleeper", node, ["-e", ${JSON.stringify(SLEEPER)}], options);
      processes.service("the crasher", node, ["-e", ${JSON.stringify(CRASHER)}], {
        ...options,
        logFile: ${JSON.stringify(join(dir, "crasher.log"))},
      });
    `);
    expect(code).toBe(1);
    expect(out).toContain("boom: the reason"); // the end of its log, shown when it died
    expect(out).toContain("[po-pro] the crasher stopped (exit 3); stopping the rest");
    expect(out).toContain("sleeper got SIGINT");
    expect(out.indexOf("sleeper got SIGINT")).toBeLessThan(out.indexOf("[po-pro] stopped"));
    const sleeper = Number(/sleeper (\d+)/.exec(out)?.[1]);
    expect(alive(sleeper)).toBe(false);
  }, 30_000);

  it("carries on without an optional service that fails to start, and stops the rest on SIGINT", async () => {
    const { code, out } = await runHarness(
      `
      processes.service("the sleeper", node, ["-e", ${JSON.stringify(SLEEPER)}], options);
      processes.service("Prometheus", node, ["-e", "process.exit(2)"], { ...options, optional: true });
    `,
      "carrying on without it",
    );
    expect(out).toContain("[po-pro] Prometheus did not start (exit 2); carrying on without it");
    expect(out).not.toContain("stopping the rest");
    expect(out).toContain("sleeper got SIGINT");
    expect(out).toContain("[po-pro] stopped");
    expect(code).toBe(0);
  }, 30_000);
});
