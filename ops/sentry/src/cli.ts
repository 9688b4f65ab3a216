/**
 * `plan` prints how the live Sentry project differs from `alerts.ts`; `apply` makes it match.
 * Exit codes: 0 done (or nothing to do), 1 Sentry refused or failed, 2 bad configuration or usage.
 */
import { pathToFileURL } from "node:url";
import { type EnvSource, formatEnvProblems } from "@po-pro/env";
import { ALERTS } from "./alerts.js";
import { SentryApiError, SentryClient } from "./client.js";
import type { AlertDeclaration } from "./declaration.js";
import { DeclarationError } from "./desired.js";
import { parseSentryOpsEnv } from "./env.js";
import { apply, plan } from "./plan.js";
import { countChanges, formatPlan, hasWork } from "./report.js";

export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

export interface CliOptions {
  readonly declaration?: AlertDeclaration;
  readonly io?: CliIo;
}

const USAGE = "usage: ops-sentry plan | apply";

export async function runCli(
  args: readonly string[],
  env: EnvSource,
  options: CliOptions = {},
): Promise<number> {
  const io = options.io ?? {
    out: (line: string) => process.stdout.write(`${line}\n`),
    err: (line: string) => process.stderr.write(`${line}\n`),
  };
  const command = args[0];
  if (command !== "plan" && command !== "apply") {
    io.err(USAGE);
    return 2;
  }
  const parsed = parseSentryOpsEnv(env);
  if (!parsed.ok) {
    io.err(formatEnvProblems(parsed.problems));
    return 2;
  }
  const config = parsed.value;
  const target = { org: config.SENTRY_ORG, project: config.SENTRY_PROJECT };
  const client = new SentryClient({ baseUrl: config.SENTRY_URL, token: config.SENTRY_AUTH_TOKEN });
  try {
    io.out(`Sentry ${config.SENTRY_URL} organization ${target.org}, project ${target.project}`);
    const changes = await plan(client, target, options.declaration ?? ALERTS);
    io.out(formatPlan(changes));
    if (command === "plan") return 0;
    if (!hasWork(changes)) {
      io.out("Nothing to change: Sentry already matches alerts.ts.");
      return 0;
    }
    await apply(client, target, changes);
    const c = countChanges(changes);
    io.out(
      `Applied: ${c.create} created, ${c.update} updated, ${c.delete} deleted (${client.writes} write calls).`,
    );
    return 0;
  } catch (error) {
    if (error instanceof SentryApiError || error instanceof DeclarationError) {
      io.err(error.message);
      return error instanceof DeclarationError ? 2 : 1;
    }
    throw error;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runCli(process.argv.slice(2), process.env);
}
