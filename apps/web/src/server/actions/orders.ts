"use server";

import { createOrder, getOrderByPoNumber, getSupplier, type SupplierId } from "@po-pro/db";
import { enqueue } from "@po-pro/jobs";
import { tagOrder, tagSupplier } from "@po-pro/observability";
import { revalidatePath } from "next/cache";
import { type ActionResult, invalidFields } from "../../forms/fields";
import { newOrderForm } from "../../forms/order-form";
import { runAction } from "./run-action";

/** Saves a new order and queues its purchase-order email (the worker sends it). */
export async function createOrderAction(
  input: unknown,
): Promise<ActionResult<{ orderId: string }>> {
  return runAction(
    "createOrder",
    newOrderForm,
    input,
    async ({ db, boss, me, input: order }): Promise<ActionResult<{ orderId: string }>> => {
      const supplierId = order.supplierId as SupplierId;
      // An archived supplier is off the form; a form loaded before it was archived still names it.
      const supplier = await getSupplier(db, me.merchantId, supplierId);
      if (supplier === undefined || supplier.archivedAt !== null) {
        return invalidFields({ supplierId: "Choose one of your suppliers." });
      }
      if ((await getOrderByPoNumber(db, me.merchantId, order.poNumber)) !== undefined) {
        return invalidFields({ poNumber: `${order.poNumber} is already one of your orders.` });
      }
      const created = await db.transaction(async (tx) => {
        const row = await createOrder(tx, me.merchantId, { ...order, supplierId });
        // The job exists if and only if the order does.
        await enqueue(boss, "send-po", { merchantId: me.merchantId, orderId: row.id }, { tx });
        return row;
      });
      tagOrder({ id: created.id, status: created.status });
      tagSupplier(created.supplierId);
      revalidatePath("/orders");
      return { ok: true, value: { orderId: created.id } };
    },
  );
}
