import { EnvError, type EnvProblem, type EnvSource } from "@po-pro/env";
import { embeddedDataDir, parseDbEnv } from "./env.js";

/** What the `po-pro-db` CLI runs with. */
export interface CliEnv {
  databaseUrl: string | undefined;
  dataDir: string;
  host: string;
  port: number;
}

/**
 * Parses the CLI's variables and throws one `EnvError` listing every problem, including a missing
 * DATABASE_URL when the command needs one.
 */
export function readCliEnv(env: EnvSource, options: { needsUrl: boolean }): CliEnv {
  const result = parseDbEnv(env);
  const problems: EnvProblem[] = result.ok ? [] : [...result.problems];
  if (options.needsUrl && (env.DATABASE_URL ?? "").trim() === "") {
    problems.push({
      variable: "DATABASE_URL",
      message:
        "is not set; set it to your PostgreSQL server, or run `pnpm start` for the embedded database (it migrates and seeds itself)",
    });
  }
  if (!result.ok || problems.length > 0) throw new EnvError(problems);
  return {
    databaseUrl: result.value.DATABASE_URL,
    dataDir: embeddedDataDir(result.value),
    host: result.value.PO_PRO_DB_HOST,
    port: result.value.PO_PRO_DB_PORT,
  };
}
