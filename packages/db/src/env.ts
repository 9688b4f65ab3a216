import { resolve } from "node:path";
import { type EnvResult, type EnvSource, parseEnv } from "@po-pro/env";
import { z } from "zod";
import { databaseUrlProblem } from "./errors.js";

const PORT = "must be a port number (0-65535; 0 picks a free one)";

/**
 * The database's environment variables, keyed by name (the `@po-pro/env` convention): an app
 * composes this in its `env.ts`; the `po-pro-db` CLI parses it on its own.
 */
export const dbEnvSchema = z.object({
  /** The PostgreSQL server (migrate, seed, the apps); `pnpm start` prints one. */
  DATABASE_URL: z
    .string()
    .optional()
    .superRefine((url, context) => {
      const problem = url === undefined ? undefined : databaseUrlProblem(url);
      if (problem !== undefined) context.addIssue({ code: "custom", message: problem });
    }),
  /** The embedded server's data directory, relative to where the command was typed. */
  PO_PRO_DATA_DIR: z.string().default(".po-pro/pgdata"),
  /** Where the command was typed (pnpm and npm set it); see `embeddedDataDir`. */
  INIT_CWD: z.string().optional(),
  /** The embedded server's address. */
  PO_PRO_DB_HOST: z.string().default("127.0.0.1"),
  PO_PRO_DB_PORT: z
    .string()
    .regex(/^\d+$/, PORT)
    .transform(Number)
    .refine((port) => port <= 65535, PORT)
    .default(54329),
});

export type DbEnv = z.output<typeof dbEnvSchema>;

/** The database's variables from `env`, or every `{ variable, message }` problem with them. */
export function parseDbEnv(env: EnvSource): EnvResult<DbEnv> {
  return parseEnv(dbEnvSchema, env);
}

/**
 * The embedded data directory as an absolute path. Relative to where the command was typed, so
 * `pnpm start` at the repository root keeps its data in `<root>/.po-pro` whichever package runs
 * the script.
 */
export function embeddedDataDir(env: Pick<DbEnv, "PO_PRO_DATA_DIR" | "INIT_CWD">): string {
  return resolve(env.INIT_CWD ?? process.cwd(), env.PO_PRO_DATA_DIR);
}
