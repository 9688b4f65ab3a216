import { createHash, randomBytes } from "node:crypto";
import { readdir, readFile, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { createDb, type Database, type DbHandle } from "../client.js";
import { createEmbeddedDb } from "../embedded/open.js";
import { startEmbeddedServer } from "../embedded/server.js";
import { defaultMigrationsFolder, migrate } from "../migrate.js";

export { queryRows } from "../sql-rows.js";

export interface TestDatabase extends DbHandle {
  /** Connection URL of the fresh database (PostgreSQL only; PGlite runs in process). */
  url: string | undefined;
  /** The in-process database when `TEST_DATABASE_URL` is not set (to serve it to other clients). */
  pglite?: PGlite;
}

const PREFIX = "popro_test_";
const STALE_AFTER_SECONDS = 3 * 3600;

/**
 * A fresh, migrated database for one test file: a new database on the server at
 * `TEST_DATABASE_URL` when it is set (dropped again on close), else an in-memory PGlite. Files can
 * run in parallel because none shares a database.
 */
export async function createTestDatabase(
  options: { adminUrl?: string | undefined; migrate?: boolean } = {},
): Promise<TestDatabase> {
  const adminUrl = options.adminUrl ?? process.env.TEST_DATABASE_URL;
  if (adminUrl === undefined || adminUrl === "") {
    if (options.migrate === false) return { ...(await createEmbeddedDb()), url: undefined };
    return {
      ...(await createEmbeddedDb({ loadDataDir: await migratedTemplate() })),
      url: undefined,
    };
  }

  const name = `${PREFIX}${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await dropStaleDatabases(admin);
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await createDb({
    url: url.toString(),
    urlVariable: "TEST_DATABASE_URL",
    maxConnections: 5,
  });
  if (options.migrate !== false) await migrate(handle.db);
  return {
    ...handle,
    url: url.toString(),
    async close() {
      await handle.close();
      const dropper = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await dropper.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

/**
 * A fresh PGlite runs initdb, which takes seconds; loading a dump of an already migrated one takes
 * a fraction of that. The dump is cached in the temp directory, keyed by the migrations' content,
 * and shared by every test file (parallel workers race harmlessly: the rename is atomic).
 */
async function migratedTemplate(): Promise<Blob> {
  const hash = createHash("sha256");
  for (const file of (await readdir(defaultMigrationsFolder)).sort()) {
    if (file.endsWith(".sql")) hash.update(await readFile(join(defaultMigrationsFolder, file)));
  }
  const path = join(tmpdir(), `po-pro-pglite-${hash.digest("hex").slice(0, 16)}.tar`);
  try {
    return new Blob([await readFile(path)]);
  } catch {
    const handle = await createEmbeddedDb();
    try {
      await migrate(handle.db);
      const dump = await handle.pglite.dumpDataDir("none");
      const temporary = `${path}.${process.pid}.${randomBytes(4).toString("hex")}`;
      await writeFile(temporary, Buffer.from(await dump.arrayBuffer()));
      await rename(temporary, path);
      return dump;
    } finally {
      await handle.close();
    }
  }
}

/** Databases left behind by runs that were killed before they could clean up. */
async function dropStaleDatabases(admin: postgres.Sql): Promise<void> {
  const rows = await admin<{ datname: string }[]>`
    select datname from pg_database where datname like ${`${PREFIX}%`}`;
  const cutoff = Date.now() / 1000 - STALE_AFTER_SECONDS;
  for (const { datname } of rows) {
    const created = Number(datname.slice(PREFIX.length).split("_")[0]);
    if (Number.isFinite(created) && created < cutoff) {
      await admin.unsafe(`drop database if exists "${datname}" with (force)`);
    }
  }
}

export interface ConnectableDatabase {
  readonly url: string;
  /**
   * What a database restart looks like to its clients: every connection to the test database is
   * dropped (on a server, its backends are terminated; PGlite's wire server is stopped and started
   * again on the same port), and new connections work again at once.
   */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A URL that other clients (pg-boss, a child process) can connect to: the test database's own on
 * a server, or the in-process PGlite served on 127.0.0.1 for as long as the handle is open.
 */
export async function connectableUrl(database: TestDatabase): Promise<ConnectableDatabase> {
  const url = database.url;
  if (url !== undefined) {
    return {
      url,
      async restart() {
        const admin = postgres(url, { max: 1, onnotice: () => {} });
        try {
          await admin`select pg_terminate_backend(pid) from pg_stat_activity
            where datname = current_database() and pid <> pg_backend_pid()`;
        } finally {
          await admin.end();
        }
      },
      close: async () => {},
    };
  }
  const pglite = database.pglite;
  if (pglite === undefined) {
    throw new Error("connectableUrl: the test database has no PGlite to serve");
  }
  let server = await startEmbeddedServer(pglite, { port: 0 });
  return {
    url: server.url,
    async restart() {
      const { port } = server;
      await server.stop();
      // A dropped client's open transaction dies with the server process on a real restart.
      await pglite.exec("rollback").catch(() => undefined);
      server = await startEmbeddedServer(pglite, { port });
    },
    close: () => server.stop(),
  };
}

/** Empties every PO Pro table (between tests that share one database). */
export async function truncateAll(db: Database): Promise<void> {
  await db.execute(
    sql.raw(
      "truncate table auth_sessions, auth_accounts, auth_verifications, auth_rate_limits, audit_log, outbox, approvals, decisions, extractions, email_messages, order_lines, orders, policies, merchant_suppliers, suppliers, gmail_connections, users, merchants restart identity cascade",
    ),
  );
}

export { type AwaitingRepliesOptions, inBatches, seedAwaitingReplies } from "./awaiting-replies.js";
export * from "./sql-state.js";
