import type { OrderStatus } from "@po-pro/db";
import { z } from "zod";
import { ORDER_STATUSES } from "../../components/order-status";

export const orderStatusJson = z
  .enum(ORDER_STATUSES as [OrderStatus, ...OrderStatus[]])
  .meta({ id: "OrderStatus" });

/** One order as `/api/orders` returns it (the JSON of `@po-pro/db`'s `OrderSummary`). */
export const orderSummaryJson = z
  .object({
    id: z.uuid(),
    poNumber: z.string().meta({ example: "PO-1058" }),
    status: orderStatusJson,
    currency: z.string().length(3).meta({ example: "USD" }),
    supplierId: z.uuid(),
    supplierName: z.string(),
    totalMinor: z.int().meta({ description: "Order total in the currency's minor unit (cents)." }),
    negotiationRound: z.int().min(0),
    nextFollowUpAt: z.iso.datetime().nullable(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: "OrderSummary" });

export const orderListJson = z
  .object({
    orders: z.array(orderSummaryJson),
    counts: z
      .record(orderStatusJson, z.int().min(0))
      .meta({ description: "Orders per status, for the whole merchant (not only this page)." }),
    next: z
      .string()
      .nullable()
      .meta({ description: "Pass as `after` for the next page; null on the last page." }),
  })
  .meta({ id: "OrderList" });
