import type { PgBoss } from "pg-boss";
import { describe, expect, it } from "vitest";
import { createWorkerMetrics } from "./metrics.js";

/** Only what `metrics()` calls: pg-boss's queue stats, answered or refused like a database would. */
function queues(answer: () => Promise<unknown[]>): PgBoss {
  return { getQueues: answer } as unknown as PgBoss;
}

describe("worker metrics", () => {
  it("reports database_up 1 with the queue gauges when pg-boss answers, 0 when it cannot", async () => {
    const metrics = createWorkerMetrics({ environment: "test", processMetrics: false });
    expect(await metrics.metrics()).not.toMatch(/^po_pro_database_up/m);

    let down = false;
    metrics.watchQueues(
      queues(async () => {
        if (down) throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
        return [{ name: "process-email", queuedCount: 3, activeCount: 1, readyOldestSeconds: 42 }];
      }),
    );
    const up = await metrics.metrics();
    expect(up).toMatch(/^po_pro_database_up\{service="worker",environment="test"[^}]*\} 1$/m);
    expect(up).toMatch(/^po_pro_queue_depth\{queue="process-email"[^}]*\} 3$/m);
    expect(up).toMatch(/^po_pro_queue_oldest_ready_seconds\{queue="process-email"[^}]*\} 42$/m);

    down = true;
    expect(await metrics.metrics()).toMatch(/^po_pro_database_up\{[^}]*\} 0$/m);
  });
});
