// Join conditions shared by the queries of several domains (internal: not exported by the package).
import { and, eq } from "drizzle-orm";
import { merchantSuppliers, orders } from "../schema/index.js";

/** Joins an order to the merchant's own link to its supplier (name and contact as it knows them). */
export const supplierOfOrder = and(
  eq(merchantSuppliers.merchantId, orders.merchantId),
  eq(merchantSuppliers.supplierId, orders.supplierId),
);
