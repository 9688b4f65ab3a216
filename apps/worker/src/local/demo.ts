/**
 * `pnpm start` with nothing configured: the embedded database served on 127.0.0.1 (so psql and
 * the worker's queue can connect), the supplier simulator playing the demo merchant's suppliers,
 * and a few new demo orders so POs go out and replies come back within the first minute.
 */
import {
  createOrder,
  type Database,
  getMerchantBySlug,
  listSuppliers,
  type MerchantId,
  migrate,
} from "@po-pro/db";
import { createEmbeddedDb, type EmbeddedServer, startEmbeddedServer } from "@po-pro/db/embedded";
import { DEMO_MERCHANT_SLUG, seedDemo } from "@po-pro/db/seed";
import { enqueue } from "@po-pro/jobs";
import { createSupplierSimulator, cycleReplies, type SupplierSimulator } from "@po-pro/mail/local";
import type { PgBoss } from "pg-boss";
import type { Logger } from "pino";

export interface EmbeddedDatabase {
  readonly url: string;
  readonly dataDir: string;
  readonly seeded: boolean;
  close(): Promise<void>;
}

export async function startEmbeddedDatabase(options: {
  dataDir: string;
  host: string;
  port: number;
}): Promise<EmbeddedDatabase> {
  const handle = await createEmbeddedDb({ dataDir: options.dataDir });
  let server: EmbeddedServer;
  let created: boolean;
  try {
    await migrate(handle.db);
    ({ created } = await seedDemo(handle.db));
    server = await startEmbeddedServer(handle.pglite, {
      host: options.host,
      port: options.port,
    }).catch((error: NodeJS.ErrnoException) => {
      throw error.code === "EADDRINUSE"
        ? new Error(
            `PO_PRO_DB_PORT: ${options.host}:${options.port} is already in use by another program; stop it, or set PO_PRO_DB_PORT to a free port (a second PO Pro also needs its own PO_PRO_DATA_DIR)`,
          )
        : error;
    });
  } catch (error) {
    await handle.close();
    throw error;
  }
  handle.lock?.update({ host: server.host, port: server.port });
  return {
    url: server.url,
    dataDir: options.dataDir,
    seeded: created,
    async close() {
      await server.stop();
      await handle.close();
    },
  };
}

export interface DemoMerchant {
  readonly merchantId: MerchantId;
  readonly simulator: SupplierSimulator | undefined;
  /** Stops the simulator and any demo orders not yet placed. */
  stop(): void;
}

const CATALOG: readonly [sku: string, description: string, unitPriceMinor: number][] = [
  ["TEE-BLK-M", "Organic tee, black, M", 450],
  ["TEE-WHT-L", "Organic tee, white, L", 450],
  ["HOOD-GRY-M", "Fleece hoodie, grey, M", 1850],
  ["SOCK-NVY-OS", "Merino socks, navy", 320],
  ["CAP-KHK-OS", "Twill cap, khaki", 690],
];

/** Plays the demo merchant's suppliers and places `orders` new POs, one every `spacingMs`. */
export async function startDemo(options: {
  db: Database;
  boss: PgBoss;
  log: Logger;
  simulate: boolean;
  simulatorDelayMs: number;
  orders: number;
  spacingMs?: number;
}): Promise<DemoMerchant | undefined> {
  const { db, log } = options;
  const merchant = await getMerchantBySlug(db, DEMO_MERCHANT_SLUG);
  if (merchant === undefined) return undefined;
  // New POs go to active suppliers; the simulated suppliers answer for every supplier, archived
  // ones included, whose POs may still be outstanding.
  const suppliers = await listSuppliers(db, merchant.id);
  const everySupplier = await listSuppliers(db, merchant.id, { archived: "all" });
  const simulator = options.simulate
    ? createSupplierSimulator({
        db,
        merchantId: merchant.id,
        suppliers: everySupplier.map((s) => ({ address: s.contactEmail, name: s.name })),
        delayMs: options.simulatorDelayMs,
        // Every kind of reply within the first few POs, so the demo shows every kind of decision.
        pickReply: cycleReplies(),
        onError: (error) =>
          log.warn({ err: error, event: "simulator_error" }, "supplier simulator: a reply failed"),
      })
    : undefined;
  simulator?.start();

  const timers: NodeJS.Timeout[] = [];
  const stamp = Date.now().toString(36).toUpperCase().slice(-5);
  for (let i = 0; i < options.orders && suppliers.length > 0; i++) {
    const timer = setTimeout(
      () => {
        const supplier = suppliers[i % suppliers.length];
        if (supplier === undefined) return;
        const lines = [0, 1, 2]
          .map((k) => CATALOG[(i + k * 2) % CATALOG.length])
          .filter((line) => line !== undefined)
          .slice(0, 1 + (i % 3))
          .map(([sku, description, unitPriceMinor]) => ({
            sku,
            description,
            quantity: 100 + 50 * ((i * 7) % 5),
            unitPriceMinor,
          }));
        const requested = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);
        createOrder(db, merchant.id, {
          supplierId: supplier.supplierId,
          poNumber: `PO-${stamp}-${i + 1}`,
          currency: "USD",
          paymentTerms: "NET30",
          requestedDeliveryDate: requested,
          lines,
        })
          .then((order) =>
            enqueue(options.boss, "send-po", { merchantId: merchant.id, orderId: order.id }),
          )
          .catch((error: unknown) => log.warn({ err: error }, "demo: placing an order failed"));
      },
      i * (options.spacingMs ?? 3000),
    );
    timer.unref();
    timers.push(timer);
  }
  return {
    merchantId: merchant.id,
    simulator,
    stop() {
      simulator?.stop();
      for (const timer of timers) clearTimeout(timer);
    },
  };
}
