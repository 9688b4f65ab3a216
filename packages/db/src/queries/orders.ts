import { and, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import type { MerchantId, OrderId, SupplierId } from "../ids.js";
import { merchantSuppliers, orderLines, orderStatus, orders } from "../schema/index.js";
import { queryRows } from "../sql-rows.js";
import { supplierOfOrder } from "./joins.js";
import { linesOfOrder, parseLines } from "./json-columns.js";
import { found } from "./not-found.js";
import { updateOrderQuery } from "./writes.js";

export type Order = typeof orders.$inferSelect;
export type OrderLine = typeof orderLines.$inferSelect;
export type OrderStatus = Order["status"];

export interface OrderSummary {
  id: OrderId;
  poNumber: string;
  status: OrderStatus;
  currency: string;
  supplierId: SupplierId;
  supplierName: string;
  totalMinor: number;
  negotiationRound: number;
  nextFollowUpAt: Date | null;
  updatedAt: Date;
}

export interface OrderDetail extends Order {
  supplierName: string;
  supplierEmail: string;
  lines: OrderLine[];
}

export interface NewOrder {
  supplierId: SupplierId;
  poNumber: string;
  currency: string;
  paymentTerms: string;
  requestedDeliveryDate?: string;
  shipTo?: string;
  status?: OrderStatus;
  lines: Array<{ sku: string; description: string; quantity: number; unitPriceMinor: number }>;
}

const totalMinor =
  sql<number>`(select coalesce(sum(${orderLines.quantity} * ${orderLines.unitPriceMinor}), 0) from ${orderLines} where ${orderLines.orderId} = ${orders.id})`.mapWith(
    Number,
  );

/** `like` matches `%` and `_` as wildcards; a search for "PO_1" means those characters. */
function likeContains(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * What a PO number containing `term` must have among its `po_pro_ngrams`: the term's trigrams, or
 * the term itself when it is shorter. Lower-cased here, like `lower()` does for ASCII PO numbers.
 */
function searchGrams(term: string): string[] {
  const chars = Array.from(term.toLowerCase());
  if (chars.length <= 3) return [chars.join("")];
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) grams.add(chars.slice(i, i + 3).join(""));
  return [...grams];
}

/**
 * The orders a dashboard search matches: the PO number contains the term, or the supplier's name
 * (as this merchant calls it) does, both case-insensitively. The merchant's few suppliers are
 * matched first, by the caller, so the orders side stays a plain `supplier_id = any(...)`. The
 * n-gram index finds rare PO numbers; for common ones the planner walks the ordered index instead.
 */
function searchCondition(term: string, supplierIds: SupplierId[]): SQL {
  const grams = sql.join(
    searchGrams(term).map((gram) => sql`${gram}`),
    sql`, `,
  );
  // `like` first: kept in this order inside the `or`, and far cheaper than the n-grams.
  const poNumber = sql`(lower(${orders.poNumber}) like lower(${likeContains(term)}) and po_pro_ngrams(${orders.poNumber}) @> array[${grams}]::text[])`;
  if (supplierIds.length === 0) return poNumber;
  return sql`(${poNumber} or ${inArray(orders.supplierId, supplierIds)})`;
}

/**
 * A merchant's orders, most recently changed first, optionally by status and by a search on the PO
 * number or the supplier's name. Keyset pagination: pass the last row's `updatedAt` and `id` as
 * `after` for the next page.
 */
export async function listOrders(
  db: Database,
  merchantId: MerchantId,
  options: {
    statuses?: OrderStatus[];
    /** Case-insensitive "contains" on the PO number or on the supplier's display name. */
    search?: string;
    limit?: number;
    after?: { updatedAt: Date; id: OrderId };
  } = {},
): Promise<OrderSummary[]> {
  const { statuses, after } = options;
  const term = options.search?.trim() ?? "";
  let search: SQL | undefined;
  if (term !== "") {
    const suppliers = await db
      .select({ id: merchantSuppliers.supplierId })
      .from(merchantSuppliers)
      .where(
        and(
          eq(merchantSuppliers.merchantId, merchantId),
          sql`strpos(lower(${merchantSuppliers.displayName}), lower(${term})) > 0`,
        ),
      );
    search = searchCondition(
      term,
      suppliers.map((row) => row.id),
    );
  }
  return db
    .select({
      id: orders.id,
      poNumber: orders.poNumber,
      status: orders.status,
      currency: orders.currency,
      supplierId: orders.supplierId,
      supplierName: merchantSuppliers.displayName,
      totalMinor,
      negotiationRound: orders.negotiationRound,
      nextFollowUpAt: orders.nextFollowUpAt,
      updatedAt: orders.updatedAt,
    })
    .from(orders)
    .innerJoin(merchantSuppliers, supplierOfOrder)
    .where(
      and(
        eq(orders.merchantId, merchantId),
        statuses && statuses.length > 0 ? inArray(orders.status, statuses) : undefined,
        search,
        // A row comparison: the index (merchant_id, updated_at desc, id desc) starts right there.
        after
          ? sql`(${orders.updatedAt}, ${orders.id}) < (${after.updatedAt.toISOString()}::timestamptz, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(orders.updatedAt), desc(orders.id))
    .limit(Math.min(options.limit ?? 50, 500));
}

/**
 * How many of the merchant's orders are in each status, every status present (zeros included).
 * One index-only count per status on (merchant_id, status, …): it reads the merchant's own index
 * entries only, whatever else the table holds.
 */
export async function countOrdersByStatus(
  db: Database,
  merchantId: MerchantId,
): Promise<Record<OrderStatus, number>> {
  const rows = await queryRows<{ status: OrderStatus; count: number | string }>(
    db,
    sql`select s::text as status, (select count(*) from ${orders}
        where ${orders.merchantId} = ${merchantId} and ${orders.status} = s) as count
      from unnest(enum_range(null::order_status)) s`,
  );
  const counts = Object.fromEntries(orderStatus.enumValues.map((status) => [status, 0])) as Record<
    OrderStatus,
    number
  >;
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}

async function loadDetail(
  db: Database,
  merchantId: MerchantId,
  condition: ReturnType<typeof eq>,
): Promise<OrderDetail | undefined> {
  const [row] = await db
    .select({
      order: orders,
      supplierName: merchantSuppliers.displayName,
      supplierEmail: merchantSuppliers.contactEmail,
      lines: linesOfOrder,
    })
    .from(orders)
    .innerJoin(merchantSuppliers, supplierOfOrder)
    .where(and(eq(orders.merchantId, merchantId), condition));
  if (row === undefined) return undefined;
  return {
    ...row.order,
    supplierName: row.supplierName,
    supplierEmail: row.supplierEmail,
    lines: parseLines(row.lines),
  };
}

export function getOrder(
  db: Database,
  merchantId: MerchantId,
  orderId: OrderId,
): Promise<OrderDetail | undefined> {
  return loadDetail(db, merchantId, eq(orders.id, orderId));
}

export function getOrderByPoNumber(
  db: Database,
  merchantId: MerchantId,
  poNumber: string,
): Promise<OrderDetail | undefined> {
  return loadDetail(db, merchantId, eq(orders.poNumber, poNumber));
}

/** The order a mail thread belongs to (replies arrive in the thread the PO was sent in). */
export function getOrderByThread(
  db: Database,
  merchantId: MerchantId,
  threadId: string,
): Promise<OrderDetail | undefined> {
  return loadDetail(db, merchantId, eq(orders.threadId, threadId));
}

export async function createOrder(
  db: Database,
  merchantId: MerchantId,
  input: NewOrder,
): Promise<OrderDetail> {
  return db.transaction(async (tx) => {
    const [order] = await tx
      .insert(orders)
      .values({
        merchantId,
        supplierId: input.supplierId,
        poNumber: input.poNumber,
        currency: input.currency,
        paymentTerms: input.paymentTerms,
        requestedDeliveryDate: input.requestedDeliveryDate ?? null,
        shipTo: input.shipTo ?? null,
        status: input.status ?? "draft",
      })
      .returning({ id: orders.id });
    const created = found(order, "order", input.poNumber, merchantId);
    if (input.lines.length > 0) {
      await tx.insert(orderLines).values(
        input.lines.map((line, index) => ({
          merchantId,
          orderId: created.id,
          lineNo: index + 1,
          ...line,
        })),
      );
    }
    return found(await getOrder(tx, merchantId, created.id), "order", created.id, merchantId);
  });
}

export type OrderPatch = Partial<
  Pick<
    Order,
    | "status"
    | "threadId"
    | "negotiationRound"
    | "nextFollowUpAt"
    | "followUpCount"
    | "sentAt"
    | "paymentTerms"
    | "requestedDeliveryDate"
  >
>;

export async function updateOrder(
  db: Database,
  merchantId: MerchantId,
  orderId: OrderId,
  patch: OrderPatch,
): Promise<Order> {
  const [row] = await updateOrderQuery(db, merchantId, orderId, patch).returning();
  return found(row, "order", orderId, merchantId);
}

/**
 * Locks an order row for the rest of the transaction and returns it as it is now, so two workers
 * acting on the same order (two replies, a reply and a follow-up, a reply and the merchant's
 * answer) take turns instead of overwriting each other's status or negotiation round. Lock the
 * order before its approval.
 */
export async function lockOrder(
  tx: Database,
  merchantId: MerchantId,
  orderId: OrderId,
): Promise<Order | undefined> {
  const [row] = await tx
    .select()
    .from(orders)
    .where(and(eq(orders.merchantId, merchantId), eq(orders.id, orderId)))
    .for("update");
  return row;
}
