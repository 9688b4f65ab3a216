import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { parseDatabaseUrl, toConnectionError } from "./errors";
import * as schema from "./schema";

export type Schema = typeof schema;

/**
 * What every data-access function takes: a drizzle database or a transaction on one, whichever
 * driver is underneath (postgres.js or in-process PGlite).
 */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<
  PgQueryResultHKT,
  Schema,
  ExtractTablesWithRelations<Schema>
>;

export interface CreateDbOptions {
  /** PostgreSQL URL. Without one, an embedded PGlite database is used. */
  url?: string | undefined;
  /** The environment variable the URL came from, named in errors. Default `DATABASE_URL`. */
  urlVariable?: string;
  /** postgres.js pool size. Default 10. */
  maxConnections?: number;
  /** Seconds to wait for a connection before giving up. Default 10. */
  connectTimeoutSeconds?: number;
  /** Shown in `pg_stat_activity`. */
  applicationName?: string;
  /** Embedded only: data directory; in memory when absent. */
  dataDir?: string | undefined;
  /** Embedded only: start from this `dumpDataDir()` tarball instead of an empty cluster. */
  loadDataDir?: Blob | undefined;
}

export interface DbHandle {
  db: Database;
  backend: "postgres" | "pglite";
  /** Where the data lives, safe to print (passwords redacted). */
  target: string;
  /** The PGlite instance when the backend is embedded (to serve it with startEmbeddedServer). */
  pglite?: PGlite;
  close(): Promise<void>;
}

/**
 * Opens the database and checks that it answers, so that a wrong URL fails at start-up with one
 * sentence naming the variable and the host rather than at the first query with driver internals.
 */
export async function createDb(options: CreateDbOptions = {}): Promise<DbHandle> {
  const variable = options.urlVariable ?? "DATABASE_URL";
  if (options.url === undefined || options.url === "") {
    if (options.dataDir !== undefined) await mkdir(options.dataDir, { recursive: true });
    const client = new PGlite({ dataDir: options.dataDir, loadDataDir: options.loadDataDir });
    await client.waitReady;
    return {
      db: drizzlePglite({ client, schema, casing: "snake_case" }),
      backend: "pglite",
      target: options.dataDir === undefined ? "pglite (in memory)" : `pglite (${options.dataDir})`,
      pglite: client,
      close: () => client.close(),
    };
  }

  const target = parseDatabaseUrl(options.url, variable);
  const client = postgres(options.url, {
    max: options.maxConnections ?? 10,
    connect_timeout: options.connectTimeoutSeconds ?? 10,
    idle_timeout: 60,
    onnotice: () => {},
    connection: { application_name: options.applicationName ?? "po-pro" },
  });
  try {
    await client`select 1`;
  } catch (error) {
    await client.end({ timeout: 0 }).catch(() => {});
    throw toConnectionError(error, variable, target);
  }
  return {
    db: drizzlePostgres({ client, schema, casing: "snake_case" }),
    backend: "postgres",
    target: target.redacted,
    close: () => client.end({ timeout: 5 }),
  };
}
