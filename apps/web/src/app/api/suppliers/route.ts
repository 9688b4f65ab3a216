import { listSuppliers } from "@po-pro/db";
import { jsonError } from "../../../server/api/json-error";
import { apiRoute, parseBody, parseQuery, privateJson } from "../../../server/api/route";
import {
  newSupplierBody,
  supplierListQuery,
  toApiSupplier,
} from "../../../server/api/suppliers-schema";
import { getServices } from "../../../server/services";
import { createSupplier } from "../../../server/suppliers";

/** The merchant's suppliers: `?archived=true` for the archived ones, active ones otherwise. */
export const GET = apiRoute(async (request, caller) => {
  const { archived } = parseQuery(request, supplierListQuery);
  const { db } = await getServices();
  const suppliers = await listSuppliers(db, caller.merchantId, { archived });
  return privateJson({ suppliers: suppliers.map(toApiSupplier) });
});

/** Adds a supplier: 201 with it, 400 naming each bad field, 409 when it is already on file. */
export const POST = apiRoute(async (request, caller) => {
  const body = await parseBody(request, newSupplierBody);
  const { db } = await getServices();
  const written = await createSupplier(db, caller.merchantId, body);
  if (!written.ok) {
    return jsonError(
      409,
      "supplier_exists",
      written.fieldErrors.contactEmail ?? "This supplier is already on file.",
      written.fieldErrors,
    );
  }
  return privateJson({ supplier: toApiSupplier(written.supplier) }, { status: 201 });
});
