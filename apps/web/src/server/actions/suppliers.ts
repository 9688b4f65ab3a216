"use server";

import {
  archiveSupplier,
  getSupplier,
  NotFoundError,
  parseId,
  restoreSupplier,
  type SupplierId,
} from "@po-pro/db";
import { tagSupplier } from "@po-pro/observability";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { type ActionResult, invalidFields } from "../../forms/fields";
import { editSupplierForm, newSupplierForm, senderCheckForm } from "../../forms/supplier-form";
import { checkSender, type SenderVerdict } from "../supplier-sender";
import { createSupplier, editSupplier } from "../suppliers";
import { NOT_FOUND, runAction } from "./run-action";

/** A supplier id from the form, or undefined when it is not one (answered like another's). */
function supplierIdOf(raw: string): SupplierId | undefined {
  try {
    return parseId("supplier", raw);
  } catch {
    return undefined;
  }
}

/** Adds a supplier; its contact address is checked with the mail layer's own parser. */
export async function createSupplierAction(
  input: unknown,
): Promise<ActionResult<{ supplierId: string }>> {
  return runAction("createSupplier", newSupplierForm, input, async ({ db, me, input: form }) => {
    const written = await createSupplier(db, me.merchantId, form);
    if (!written.ok) return invalidFields(written.fieldErrors);
    tagSupplier(written.supplier.supplierId);
    revalidatePath("/suppliers");
    return { ok: true, value: { supplierId: written.supplier.supplierId } };
  });
}

/** Changes the merchant's name, contact and notes for one of its suppliers. */
export async function updateSupplierAction(
  input: unknown,
): Promise<ActionResult<{ supplierId: string }>> {
  return runAction("updateSupplier", editSupplierForm, input, async ({ db, me, input: form }) => {
    const supplierId = supplierIdOf(form.supplierId);
    if (supplierId === undefined) return NOT_FOUND;
    try {
      const written = await editSupplier(db, me.merchantId, supplierId, form);
      if (!written.ok) return invalidFields(written.fieldErrors);
    } catch (error) {
      if (error instanceof NotFoundError) return NOT_FOUND;
      throw error;
    }
    tagSupplier(supplierId);
    revalidatePath("/suppliers");
    revalidatePath(`/suppliers/${supplierId}`);
    return { ok: true, value: { supplierId } };
  });
}

const oneSupplier = z.object({ supplierId: z.string() });

async function setArchived(
  name: string,
  input: unknown,
  archived: boolean,
): Promise<ActionResult<{ supplierId: string; archived: boolean }>> {
  return runAction(name, oneSupplier, input, async ({ db, me, input: form }) => {
    const supplierId = supplierIdOf(form.supplierId);
    if (supplierId === undefined) return NOT_FOUND;
    try {
      await (archived ? archiveSupplier : restoreSupplier)(db, me.merchantId, supplierId);
    } catch (error) {
      if (error instanceof NotFoundError) return NOT_FOUND;
      throw error;
    }
    tagSupplier(supplierId);
    revalidatePath("/suppliers");
    revalidatePath(`/suppliers/${supplierId}`);
    revalidatePath("/orders/new");
    return { ok: true, value: { supplierId, archived } };
  });
}

/** Takes a supplier out of the lists and the order form; its orders carry on. */
export async function archiveSupplierAction(
  input: unknown,
): Promise<ActionResult<{ supplierId: string; archived: boolean }>> {
  return setArchived("archiveSupplier", input, true);
}

/** Puts an archived supplier back. */
export async function restoreSupplierAction(
  input: unknown,
): Promise<ActionResult<{ supplierId: string; archived: boolean }>> {
  return setArchived("restoreSupplier", input, false);
}

/** "Would a reply from … be flagged?", answered by the worker's own sender checks. */
export async function checkSenderAction(input: unknown): Promise<ActionResult<SenderVerdict>> {
  return runAction("checkSender", senderCheckForm, input, async ({ db, me, input: form }) => {
    const supplierId = supplierIdOf(form.supplierId);
    if (supplierId === undefined) return NOT_FOUND;
    const supplier = await getSupplier(db, me.merchantId, supplierId);
    if (supplier === undefined) return NOT_FOUND;
    return { ok: true, value: checkSender(supplier, form.address) };
  });
}
