import { resolve } from "node:path";
import { DatabaseConfigError } from "./errors";

/** The database CLI's configuration; the only place in this package that reads process.env. */
export interface CliEnv {
  databaseUrl: string | undefined;
  dataDir: string;
  host: string;
  port: number;
}

export function readCliEnv(env: NodeJS.ProcessEnv = process.env): CliEnv {
  const port = env.PO_PRO_DB_PORT ?? "54329";
  if (!/^\d+$/.test(port) || Number(port) > 65535) {
    throw new DatabaseConfigError(
      "PO_PRO_DB_PORT",
      `PO_PRO_DB_PORT must be a port number (0-65535), got "${port}"`,
    );
  }
  // pnpm and npm set INIT_CWD to where the command was typed, so `pnpm start` at the repository
  // root keeps its data in <root>/.po-pro whichever package runs the script.
  const base = env.INIT_CWD ?? process.cwd();
  return {
    databaseUrl: env.DATABASE_URL === "" ? undefined : env.DATABASE_URL,
    dataDir: resolve(base, env.PO_PRO_DATA_DIR ?? ".po-pro/pgdata"),
    host: env.PO_PRO_DB_HOST ?? "127.0.0.1",
    port: Number(port),
  };
}
