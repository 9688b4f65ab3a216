/**
 * JSON built in SQL, shared by the reads that return an order with its lines or a trail in one
 * statement. Not exported from the package.
 */
import { type SQL, sql } from "drizzle-orm";
import { orderLines, orders } from "../schema/index.js";
import type { OrderLine } from "./orders.js";

/** The order's lines, in line order, as one JSON array column (one statement per order read). */
export const linesOfOrder: SQL<OrderLine[] | string> = sql`(
  select coalesce(json_agg(json_build_object(
    'id', l.id, 'merchantId', l.merchant_id, 'orderId', l.order_id, 'lineNo', l.line_no,
    'sku', l.sku, 'description', l.description, 'quantity', l.quantity,
    'unitPriceMinor', l.unit_price_minor
  ) order by l.line_no), '[]'::json)
  from ${orderLines} l where l.merchant_id = ${orders.merchantId} and l.order_id = ${orders.id})`;

/** PGlite hands json back as text, postgres.js parses it. */
export function parseJson<T>(value: T | string): T {
  return typeof value === "string" ? (JSON.parse(value) as T) : value;
}

/** Lines from `linesOfOrder`; a bigint in JSON may come back as a string. */
export function parseLines(value: OrderLine[] | string): OrderLine[] {
  return parseJson(value).map((line) => ({ ...line, unitPriceMinor: Number(line.unitPriceMinor) }));
}

/** A timestamp from JSON (`2026-01-01T00:00:00.123456+00:00`), or null. */
export function parseTime(value: string | null | undefined): Date | null {
  return value === null || value === undefined ? null : new Date(value);
}
