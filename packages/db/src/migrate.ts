import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { desc, sql } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { bigint, pgSchema, serial, text } from "drizzle-orm/pg-core";
import type { Database } from "./client.js";
import { DatabaseNotMigratedError } from "./errors.js";
import { queryRows } from "./sql-rows.js";

/** drizzle-kit's bookkeeping table, so `drizzle-kit` tooling and this runner agree. */
const drizzleSchema = pgSchema("drizzle");
const journal = drizzleSchema.table("__drizzle_migrations", {
  id: serial("id").primaryKey(),
  hash: text("hash").notNull(),
  createdAt: bigint("created_at", { mode: "number" }),
});

/** Arbitrary constant shared by every PO Pro migrator ("popro" in ASCII). */
const MIGRATION_LOCK = 0x706f70726f;

// A path, not `new URL("../drizzle", import.meta.url)`: bundlers (Next's Turbopack) take that form
// for an asset to resolve and fail on a folder. Apps that migrate ship the folder beside dist.
export const defaultMigrationsFolder = join(dirname(fileURLToPath(import.meta.url)), "../drizzle");

export interface MigrateResult {
  /** Migrations applied by this call (0 when the schema was already current). */
  applied: number;
  /** Migrations known to the code. */
  total: number;
}

/**
 * Brings the database to the latest schema. drizzle's own migrator reads its journal before it
 * takes any lock, so two processes starting together both apply the same migration and one fails;
 * here the whole run is one transaction that first takes an advisory lock, so a second migrator
 * waits, then finds nothing left to do.
 */
export async function migrate(
  db: Database,
  options: { migrationsFolder?: string } = {},
): Promise<MigrateResult> {
  const migrations = readMigrationFiles({
    migrationsFolder: options.migrationsFolder ?? defaultMigrationsFolder,
  });
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await tx.execute(sql`create schema if not exists drizzle`);
    await tx.execute(
      sql`create table if not exists drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)`,
    );
    const [last] = await tx
      .select({ createdAt: journal.createdAt })
      .from(journal)
      .orderBy(desc(journal.createdAt))
      .limit(1);
    const lastApplied = last?.createdAt ?? Number.NEGATIVE_INFINITY;
    let applied = 0;
    for (const migration of migrations) {
      if (migration.folderMillis <= lastApplied) continue;
      for (const statement of migration.sql) {
        if (statement.trim() !== "") await tx.execute(sql.raw(statement));
      }
      await tx.insert(journal).values({ hash: migration.hash, createdAt: migration.folderMillis });
      applied += 1;
    }
    return { applied, total: migrations.length };
  });
}

export interface MigrationStatus {
  /** Migrations recorded in the database's journal. */
  applied: number;
  /** Migrations known to the code and not applied yet. */
  pending: number;
}

/** How far the database's schema is behind the code, without changing anything. */
export async function migrationStatus(
  db: Database,
  options: { migrationsFolder?: string } = {},
): Promise<MigrationStatus> {
  const migrations = readMigrationFiles({
    migrationsFolder: options.migrationsFolder ?? defaultMigrationsFolder,
  });
  const [journalTable] = await queryRows<{ present: boolean }>(
    db,
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  );
  if (journalTable?.present !== true) return { applied: 0, pending: migrations.length };
  const [last] = await db
    .select({ createdAt: journal.createdAt })
    .from(journal)
    .orderBy(desc(journal.createdAt))
    .limit(1);
  const lastApplied = last?.createdAt ?? Number.NEGATIVE_INFINITY;
  const pending = migrations.filter((migration) => migration.folderMillis > lastApplied).length;
  return { applied: migrations.length - pending, pending };
}

/** Throws `DatabaseNotMigratedError` unless every migration the code knows has been applied. */
export async function assertMigrated(db: Database): Promise<void> {
  const status = await migrationStatus(db);
  if (status.pending > 0) throw new DatabaseNotMigratedError(status);
}
