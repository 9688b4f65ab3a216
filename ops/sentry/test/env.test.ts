import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/cli.js";

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL("..", import.meta.url));

async function cli(args: string[], env: Record<string, string>) {
  const err: string[] = [];
  const code = await runCli(args, env, { io: { out: () => {}, err: (line) => err.push(line) } });
  return { code, err: err.join("\n") };
}

describe("configuration", () => {
  it("names every missing variable in one message and exits non-zero", async () => {
    const { code, err } = await cli(["plan"], {});
    expect(code).toBe(2);
    expect(err).toContain("Invalid configuration (3 problems)");
    expect(err).toMatch(/SENTRY_AUTH_TOKEN: required/);
    expect(err).toMatch(/SENTRY_ORG: required/);
    expect(err).toMatch(/SENTRY_PROJECT: required/);
    // SENTRY_URL has a default.
    expect(err).not.toContain("SENTRY_URL");
  });

  it("names every malformed variable without echoing the token", async () => {
    const { code, err } = await cli(["apply"], {
      SENTRY_AUTH_TOKEN: "sntrys_abc def",
      SENTRY_ORG: "Acme Inc",
      SENTRY_PROJECT: "12345",
      SENTRY_URL: "ftp://sentry.example",
    });
    expect(code).toBe(2);
    expect(err).toContain("Invalid configuration (4 problems)");
    for (const variable of ["SENTRY_AUTH_TOKEN", "SENTRY_ORG", "SENTRY_PROJECT", "SENTRY_URL"]) {
      expect(err).toContain(`${variable}: must`);
    }
    expect(err).not.toContain("sntrys_abc");
  });

  it("refuses an unknown command", async () => {
    const { code, err } = await cli(["destroy"], {});
    expect(code).toBe(2);
    expect(err).toContain("usage: ops-sentry plan | apply");
  });

  it("exits non-zero from the real command line, naming each missing variable", async () => {
    const { SENTRY_AUTH_TOKEN, SENTRY_ORG, SENTRY_PROJECT, SENTRY_URL, ...rest } = process.env;
    const failure = await run(
      process.execPath,
      ["--conditions=@po-pro/source", "--import", "tsx", "src/cli.ts", "plan"],
      { cwd: packageDir, env: rest },
    ).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toContain("SENTRY_AUTH_TOKEN");
    expect(failure?.stderr).toContain("SENTRY_ORG");
    expect(failure?.stderr).toContain("SENTRY_PROJECT");
  });
});
