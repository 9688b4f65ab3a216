import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { Database } from "../client.js";
import type { MerchantId, SupplierId } from "../ids.js";
import { queryRows } from "../sql-rows.js";

/** The merchant has no supplier to order from (add one with `addSupplier` first). */
export class NoSuppliersError extends Error {
  override readonly name = "NoSuppliersError";
  constructor(readonly merchantId: MerchantId) {
    super(`merchant ${merchantId} has none of the given suppliers; add a supplier first`);
  }
}

export interface ManyOrdersResult {
  /** Orders inserted. */
  count: number;
  /** Every PO number is this prefix and a six-digit (or longer) sequence from 000001. */
  poPrefix: string;
}

/**
 * Inserts `count` orders for the dashboard benchmark, in two set-based statements (100 000 take
 * seconds): 1–3 lines each, every status in turn, spread over the merchant's suppliers (or
 * `suppliers`), `updated_at` spread over the past 180 days, one PO number prefix per call.
 */
export async function seedManyOrders(
  db: Database,
  merchantId: MerchantId,
  options: { count: number; suppliers?: SupplierId[]; poPrefix?: string; now?: Date },
): Promise<ManyOrdersResult> {
  const count = Math.max(0, Math.floor(options.count));
  const poPrefix = options.poPrefix ?? `BULK-${randomBytes(3).toString("hex").toUpperCase()}-`;
  // An ISO string: postgres.js's raw parameters take no Date (drizzle turns its serialiser off).
  const now = (options.now ?? new Date()).toISOString();
  const only =
    options.suppliers !== undefined
      ? sql`and supplier_id = any(${sql.param(options.suppliers)}::uuid[])`
      : sql``;
  const [supplierCount] = await queryRows<{ n: number | string }>(
    db,
    sql`select count(*) as n from merchant_suppliers where merchant_id = ${merchantId} ${only}`,
  );
  if (Number(supplierCount?.n ?? 0) === 0) throw new NoSuppliersError(merchantId);
  if (count === 0) return { count: 0, poPrefix };

  await db.transaction(async (tx) => {
    // Statuses cycle fastest, then suppliers, so every supplier has orders in every status.
    await tx.execute(sql`
      with sup as (
        select supplier_id, (row_number() over (order by supplier_id) - 1)::int as i,
               (count(*) over ())::int as n
        from merchant_suppliers where merchant_id = ${merchantId} ${only}
      ), statuses as (select enum_range(null::order_status) as s)
      insert into orders (merchant_id, supplier_id, po_number, status, currency, payment_terms,
                          requested_delivery_date, negotiation_round, created_at, updated_at)
      select ${merchantId}, sup.supplier_id, ${poPrefix} || lpad(g::text, 6, '0'),
             statuses.s[1 + g % cardinality(statuses.s)], 'USD',
             (array['NET30', 'NET45', 'NET60', 'PREPAID'])[1 + g % 4],
             (${now}::timestamptz - (g % 90) * interval '1 day' + interval '30 days')::date,
             case when statuses.s[1 + g % cardinality(statuses.s)] = 'negotiating' then 1 else 0 end,
             ${now}::timestamptz - (g::float8 / ${count}) * interval '180 days' - interval '1 day',
             ${now}::timestamptz - (g::float8 / ${count}) * interval '180 days'
      from generate_series(1, ${count}::int) g
      cross join statuses
      join sup on sup.i = (g / cardinality(statuses.s)) % sup.n`);
    await tx.execute(sql`
      insert into order_lines (merchant_id, order_id, line_no, sku, description, quantity,
                               unit_price_minor)
      select o.merchant_id, o.id, l, 'SKU-' || l || '-' || right(o.po_number, 3),
             'Bulk item ' || l, 10 * (1 + (h % 50)), 100 + (h % 5000)
      from (select merchant_id, id, po_number, abs(hashtext(po_number)) as h
            from orders where merchant_id = ${merchantId} and starts_with(po_number, ${poPrefix})) o
      cross join lateral generate_series(1, 1 + (o.h % 3)::int) l`);
  });
  // Fresh statistics, so the planner sees the new rows at once; outside a transaction also the
  // visibility map, so counts are index-only scans as they are once autovacuum has been by.
  await db.execute(
    db instanceof PgTransaction
      ? sql`analyze orders, order_lines`
      : sql`vacuum (analyze) orders, order_lines`,
  );
  return { count, poPrefix };
}
