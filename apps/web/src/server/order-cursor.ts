import type { OrderId } from "@po-pro/db";

/**
 * The orders list's keyset cursor: the last row's `updatedAt` (stored to the millisecond, so a
 * `Date` carries it exactly) and id, opaque in the URL.
 */
export interface OrderCursor {
  updatedAt: Date;
  id: OrderId;
}

export function encodeCursor(cursor: OrderCursor): string {
  return Buffer.from(`${cursor.updatedAt.toISOString()}|${cursor.id}`).toString("base64url");
}

/** The cursor in `raw`, or undefined when it is not one (the list then starts from the top). */
export function decodeCursor(raw: string | null | undefined): OrderCursor | undefined {
  if (!raw) return undefined;
  const [time, id] = Buffer.from(raw, "base64url").toString().split("|");
  const updatedAt = new Date(time ?? "");
  if (Number.isNaN(updatedAt.getTime())) return undefined;
  if (
    id === undefined ||
    !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)
  ) {
    return undefined;
  }
  return { updatedAt, id: id as OrderId };
}
