import { sql } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "./client";
import { migrate } from "./migrate";
import * as schema from "./schema";
import { startEmbeddedServer } from "./server/embedded-server";
import { createTestDatabase, queryRows, type TestDatabase } from "./testing";

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
      const embedded = await createDb();
      opened.push(embedded);
      if (embedded.pglite === undefined) throw new Error("expected PGlite");
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
