import { COMPLIANCE_STATUSES, RECOMMENDED_ACTIONS } from "@po-pro/policy";
import { sql } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "./client.js";
import { createEmbeddedDb } from "./embedded/open.js";
import { startEmbeddedServer } from "./embedded/server.js";
import { migrate, migrationStatus } from "./migrate.js";
import * as schema from "./schema/index.js";
import { createTestDatabase, queryRows } from "./testing/index.js";

const schemaTables = (Object.values(schema) as unknown[])
  .filter((value): value is PgTable => value instanceof PgTable)
  .map((table) => getTableConfig(table).name)
  .sort();

async function publicTables(handle: DbHandle): Promise<string[]> {
  const rows = await queryRows<{ table_name: string }>(
    handle.db,
    sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
  );
  return rows.map((row) => row.table_name);
}

const opened: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  for (const handle of opened.reverse()) await handle.close();
});

describe("migrate", () => {
  it("brings an empty database to the latest schema, then finds nothing to do", async () => {
    const database = await createTestDatabase({ migrate: false });
    opened.push(database);
    expect(await publicTables(database)).toEqual([]);

    const first = await migrate(database.db);
    expect(first.applied).toBe(first.total);
    expect(first.total).toBeGreaterThan(0);
    expect(await publicTables(database)).toEqual(schemaTables);

    const second = await migrate(database.db);
    expect(second).toEqual({ applied: 0, total: first.total });
    expect(await publicTables(database)).toEqual(schemaTables);
  });

  it("is safe when two migrators start at once on separate connections", async () => {
    let clients: [DbHandle, DbHandle];
    if (process.env.TEST_DATABASE_URL) {
      const database = await createTestDatabase({ migrate: false });
      opened.push(database);
      const url = database.url ?? "";
      clients = [await createDb({ url }), await createDb({ url })];
    } else {
      // PGlite has one session: serve it, and let two postgres.js clients race through the socket.
      const embedded = await createEmbeddedDb();
      opened.push(embedded);
      const server = await startEmbeddedServer(embedded.pglite);
      opened.push({ close: () => server.stop() });
      clients = [await createDb({ url: server.url }), await createDb({ url: server.url })];
    }
    opened.push(...clients);

    const results = await Promise.all(clients.map((client) => migrate(client.db)));
    const total = results[0]?.total ?? 0;
    expect(results.map((r) => r.applied).sort()).toEqual([0, total]);
    expect(await publicTables(clients[0])).toEqual(schemaTables);
    const journal = await queryRows<{ count: number }>(
      clients[1].db,
      sql`select count(*)::int as count from drizzle.__drizzle_migrations`,
    );
    expect(journal[0]?.count).toBe(total);
  });
});

describe("the migrated schema", () => {
  it("reports what is applied and what is pending", async () => {
    const database = await createTestDatabase({ migrate: false });
    opened.push(database);
    const before = await migrationStatus(database.db);
    expect(before.applied).toBe(0);
    expect(before.pending).toBeGreaterThan(0);
    await migrate(database.db);
    expect(await migrationStatus(database.db)).toEqual({ applied: before.pending, pending: 0 });
  });

  it("stores exactly @po-pro/policy's compliance statuses and recommended actions", async () => {
    const database = await createTestDatabase();
    opened.push(database);
    const labels = async (type: string) =>
      (
        await queryRows<{ label: string }>(
          database.db,
          sql`select enumlabel as label from pg_enum where enumtypid = ${type}::regtype order by enumsortorder`,
        )
      ).map((row) => row.label);
    expect(await labels("compliance_status")).toEqual([...COMPLIANCE_STATUSES]);
    expect(await labels("recommended_action")).toEqual([...RECOMMENDED_ACTIONS]);
  });
});
