import { parsePolicy } from "@po-pro/policy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "../client.js";
import { startEmbeddedServer } from "../embedded/server.js";
import { DatabaseNotMigratedError } from "../errors.js";
import type { OrderId } from "../ids.js";
import {
  getActivePolicy,
  listApprovals,
  listAudit,
  listOrderDecisions,
  listOrderOutbox,
  listOrders,
  listSuppliers,
} from "../queries/index.js";
import { createTestDatabase, type TestDatabase } from "../testing/index.js";
import { defaultPolicy } from "./default-policy.js";
import { seedDemo } from "./demo.js";

const opened: Array<{ close(): Promise<void> }> = [];
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  opened.push(database);
});
afterAll(async () => {
  for (const handle of opened.reverse()) await handle.close();
});

/** Several clients on separate connections to one fresh database (PGlite: through its server). */
async function separateClients(count: number, migrated: boolean): Promise<DbHandle[]> {
  let url: string;
  if (process.env.TEST_DATABASE_URL) {
    const fresh = await createTestDatabase({ migrate: migrated });
    opened.push(fresh);
    url = fresh.url ?? "";
  } else {
    const embedded = await createTestDatabase({ migrate: migrated });
    opened.push(embedded);
    if (embedded.pglite === undefined) throw new Error("expected the in-process database");
    const server = await startEmbeddedServer(embedded.pglite);
    opened.push({ close: () => server.stop() });
    url = server.url;
  }
  const clients = await Promise.all(
    Array.from({ length: count }, () => createDb({ url, maxConnections: 1 })),
  );
  opened.push(...clients);
  return clients;
}

describe("seedDemo", () => {
  it("ships a default policy that @po-pro/policy accepts", () => {
    const parsed = parsePolicy(defaultPolicy);
    expect(parsed.ok ? [] : parsed.problems).toEqual([]);
  });

  it("loads a merchant with suppliers, the active default policy and orders in six states", async () => {
    const now = new Date("2026-11-26T12:00:00Z");
    const result = await seedDemo(database.db, now);
    expect(result.created).toBe(true);
    const m = result.merchantId;

    expect((await getActivePolicy(database.db, m))?.document).toEqual(defaultPolicy);
    expect((await listSuppliers(database.db, m)).length).toBe(5);

    const orders = await listOrders(database.db, m);
    expect(orders.map((o) => o.status).sort()).toEqual([
      "awaiting_supplier",
      "cancelled",
      "confirmed",
      "draft",
      "needs_approval",
      "negotiating",
    ]);
    const byStatus = new Map(orders.map((o) => [o.status, o]));
    expect(byStatus.get("awaiting_supplier")?.nextFollowUpAt?.toISOString()).toBe(
      "2026-11-27T12:00:00.000Z",
    );
    expect(byStatus.get("negotiating")?.totalMinor).toBe(600 * 450 + 400 * 420);

    const [approval, ...more] = await listApprovals(database.db, m);
    expect(more).toEqual([]);
    expect(approval?.poNumber).toBe(byStatus.get("needs_approval")?.poNumber);
    expect(approval?.reason).toBe(
      "Line EMB-PATCH-LOGO: price up 17.6 % (counter limit 15 %); needs your approval",
    );

    const negotiating = byStatus.get("negotiating")?.id as OrderId;
    const [counter] = await listOrderDecisions(database.db, m, negotiating);
    expect(counter?.recommendedAction).toBe("counter_offer");
    expect(counter?.explanation).toBe(
      "Line SOCK-CRW-WHT: price up 5.1 % (limit 5 %); countering at $4.50",
    );
    const [counterMail] = await listOrderOutbox(database.db, m, negotiating);
    expect(counterMail?.status).toBe("sent");
    expect(counterMail?.idempotencyKey).toBe(`decision:${counter?.id}:counter_offer`);

    const trail = await listAudit(database.db, m, { orderId: negotiating });
    expect(trail.map((e) => e.event).sort()).toEqual(["counter_offer_sent", "po_sent"]);

    const cancelled = byStatus.get("cancelled")?.id as OrderId;
    const [cancellation] = await listAudit(database.db, m, { orderId: cancelled });
    expect(cancellation).toMatchObject({ actor: "merchant", event: "order_cancelled" });
    expect(cancellation?.actorUserId).not.toBeNull();
  });

  it("is idempotent: a second run finds the demo merchant and adds nothing", async () => {
    const again = await seedDemo(database.db);
    expect(again.created).toBe(false);
    expect((await listOrders(database.db, again.merchantId)).length).toBe(6);
  });

  it("is safe when several seeds start at once on separate connections", async () => {
    const clients = await separateClients(4, true);
    const results = await Promise.all(clients.map((client) => seedDemo(client.db)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.merchantId)).size).toBe(1);
    const merchantId = results[0]?.merchantId;
    if (merchantId === undefined) throw new Error("no seed result");
    expect(await listOrders(clients[0]?.db ?? database.db, merchantId)).toHaveLength(6);
  }, 60_000);

  it("refuses a database that was never migrated, naming `pnpm db:migrate`", async () => {
    const [client] = await separateClients(1, false);
    const error = await seedDemo((client as DbHandle).db).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseNotMigratedError);
    expect((error as Error).message).toBe(
      "The database has no PO Pro schema yet (it was never migrated); run `pnpm db:migrate` first.",
    );
  });
});
