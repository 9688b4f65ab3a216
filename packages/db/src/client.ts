import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import {
  DatabaseConfigError,
  DatabaseConnectionError,
  type ParsedDatabaseUrl,
  parseDatabaseUrl,
  toConnectionError,
} from "./errors.js";
import { describePeer } from "./peer-probe.js";
import * as schema from "./schema/index.js";

export type Schema = typeof schema;

/**
 * What every data-access function takes: a drizzle database or a transaction on one, whichever
 * driver is underneath (postgres.js here, in-process PGlite from `@po-pro/db/embedded`).
 */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<
  PgQueryResultHKT,
  Schema,
  ExtractTablesWithRelations<Schema>
>;

export interface CreateDbOptions {
  /** PostgreSQL URL (`pnpm start` prints one for the embedded database). */
  url: string | undefined;
  /** The environment variable the URL came from, named in errors. Default `DATABASE_URL`. */
  urlVariable?: string;
  /** postgres.js pool size. Default 10. */
  maxConnections?: number;
  /** Seconds the first connection may take, handshake included, before giving up. Default 10. */
  connectTimeoutSeconds?: number;
  /** Shown in `pg_stat_activity`. */
  applicationName?: string;
  /** Called with each statement's text as it is sent (postgres.js `debug`); benchmarks count them. */
  onQuery?: (sql: string) => void;
}

export interface DbHandle {
  db: Database;
  backend: "postgres" | "pglite";
  /** Where the data lives, safe to print (passwords redacted). */
  target: string;
  close(): Promise<void>;
}

/**
 * Opens a PostgreSQL database and checks that it answers, so that a wrong URL fails at start-up
 * with one sentence naming the variable and the host rather than at the first query with driver
 * internals.
 */
export async function createDb(options: CreateDbOptions): Promise<DbHandle> {
  const variable = options.urlVariable ?? "DATABASE_URL";
  if (options.url === undefined || options.url.trim() === "") {
    throw new DatabaseConfigError(
      variable,
      `${variable} is not set; expected postgres://user:password@host:5432/database`,
    );
  }
  const target = parseDatabaseUrl(options.url, variable);
  const timeoutSeconds = options.connectTimeoutSeconds ?? 10;
  const client = postgres(options.url, {
    max: options.maxConnections ?? 10,
    connect_timeout: timeoutSeconds,
    idle_timeout: 60,
    onnotice: () => {},
    connection: { application_name: options.applicationName ?? "po-pro" },
    ...(options.onQuery !== undefined
      ? { debug: (_connection: number, sql: string) => options.onQuery?.(sql) }
      : {}),
  });
  try {
    await withDeadline(client`select 1`, timeoutSeconds, variable, target);
  } catch (error) {
    await client.end({ timeout: 0 }).catch(() => {});
    throw error instanceof DatabaseConnectionError
      ? error
      : toConnectionError(error, variable, target);
  }
  return {
    db: drizzle({ client, schema, casing: "snake_case" }),
    backend: "postgres",
    target: target.redacted,
    close: () => client.end({ timeout: 5 }),
  };
}

/**
 * postgres.js bounds the TCP connect only: a peer that accepts, answers something other than
 * PostgreSQL and closes makes it reconnect forever. The first query therefore gets a deadline,
 * and on expiry a one-off probe says what is listening there.
 */
async function withDeadline<T>(
  query: Promise<T>,
  seconds: number,
  variable: string,
  target: ParsedDatabaseUrl,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<"expired">((resolve) => {
    timer = setTimeout(() => resolve("expired"), seconds * 1000);
  });
  try {
    const outcome = await Promise.race([query, expired]);
    if (outcome !== "expired") return outcome as T;
  } finally {
    clearTimeout(timer);
  }
  query.catch(() => {});
  const where = `${target.host}:${target.port}`;
  const peer = await describePeer(target.host, target.port);
  return Promise.reject(
    new DatabaseConnectionError(
      variable,
      where,
      "CONNECT_DEADLINE",
      `Cannot connect to PostgreSQL at ${where} from ${variable}: no PostgreSQL session within ${seconds} s (${peer})`,
    ),
  );
}
