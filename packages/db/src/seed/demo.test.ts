import { loadPolicyDocument } from "@po-pro/fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  getActivePolicy,
  listApprovals,
  listAudit,
  listOrderDecisions,
  listOrderOutbox,
  listOrders,
  listSuppliers,
} from "../queries";
import { createTestDatabase, type TestDatabase } from "../testing";
import { defaultPolicy } from "./default-policy";
import { seedDemo } from "./demo";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

describe("seedDemo", () => {
  it("ships the default policy of shared/fixtures/policies/default.json", () => {
    expect(defaultPolicy).toEqual(loadPolicyDocument("default"));
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

    const negotiating = byStatus.get("negotiating")?.id ?? "";
    const [counter] = await listOrderDecisions(database.db, m, negotiating);
    expect(counter?.recommendedAction).toBe("counter_offer");
    const [counterMail] = await listOrderOutbox(database.db, m, negotiating);
    expect(counterMail?.status).toBe("sent");
    expect(counterMail?.idempotencyKey).toBe(`decision:${counter?.id}:counter_offer`);

    const trail = await listAudit(database.db, m, { orderId: negotiating });
    expect(trail.map((e) => e.event).sort()).toEqual(["counter_offer_sent", "po_sent"]);
  });

  it("is idempotent: a second run finds the demo merchant and adds nothing", async () => {
    const again = await seedDemo(database.db);
    expect(again.created).toBe(false);
    expect((await listOrders(database.db, again.merchantId)).length).toBe(6);
  });
});
