import { and, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import type { MerchantId, OrderId, SupplierId } from "../ids.js";
import { merchantSuppliers, orderLines, orders } from "../schema/index.js";
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

/** Joins an order to the merchant's own link to its supplier (name and contact as it knows them). */
const supplierOfOrder = and(
  eq(merchantSuppliers.merchantId, orders.merchantId),
  eq(merchantSuppliers.supplierId, orders.supplierId),
);

const totalMinor =
  sql<number>`(select coalesce(sum(${orderLines.quantity} * ${orderLines.unitPriceMinor}), 0) from ${orderLines} where ${orderLines.orderId} = ${orders.id})`.mapWith(
    Number,
  );

/**
 * A merchant's orders, most recently changed first, optionally by status. Keyset pagination: pass
 * the last row's `updatedAt` and `id` as `after` for the next page.
 */
export async function listOrders(
  db: Database,
  merchantId: MerchantId,
  options: {
    statuses?: OrderStatus[];
    limit?: number;
    after?: { updatedAt: Date; id: OrderId };
  } = {},
): Promise<OrderSummary[]> {
  const { statuses, after } = options;
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
        after
          ? or(
              lt(orders.updatedAt, after.updatedAt),
              and(eq(orders.updatedAt, after.updatedAt), lt(orders.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(orders.updatedAt), desc(orders.id))
    .limit(Math.min(options.limit ?? 50, 500));
}

/** The order's lines, in line order, as one JSON array column (one statement per order read). */
const linesOfOrder = sql<OrderLine[]>`(
  select coalesce(json_agg(json_build_object(
    'id', l.id, 'merchantId', l.merchant_id, 'orderId', l.order_id, 'lineNo', l.line_no,
    'sku', l.sku, 'description', l.description, 'quantity', l.quantity,
    'unitPriceMinor', l.unit_price_minor
  ) order by l.line_no), '[]'::json)
  from ${orderLines} l where l.merchant_id = ${orders.merchantId} and l.order_id = ${orders.id})`;

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
    // PGlite hands json back as text, postgres.js parses it.
    lines: (typeof row.lines === "string" ? JSON.parse(row.lines) : row.lines).map(
      (line: OrderLine) => ({ ...line, unitPriceMinor: Number(line.unitPriceMinor) }),
    ),
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
