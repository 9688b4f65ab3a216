import { z } from "zod";
import {
  currencyCode,
  isoDate,
  paymentTerms,
  priceText,
  toMinorUnits,
  wholeQuantity,
} from "./fields";

const line = z.object({
  sku: z.string().trim().min(1, "Enter the SKU.").max(64, "Keep the SKU under 64 characters."),
  description: z
    .string()
    .trim()
    .min(1, "Describe the item.")
    .max(200, "Keep the description under 200 characters."),
  quantity: wholeQuantity,
  unitPrice: priceText,
});

/** The new-order form. */
export const newOrderForm = z
  .object({
    supplierId: z.uuid("Choose a supplier."),
    poNumber: z
      .string()
      .trim()
      .toUpperCase()
      .min(1, "Enter a PO number.")
      .max(40, "Keep the PO number under 40 characters.")
      .regex(/^[A-Z0-9][A-Z0-9\-_/.]*$/, "Use letters, digits and dashes, such as PO-1042."),
    currency: currencyCode,
    paymentTerms,
    requestedDeliveryDate: isoDate,
    lines: z
      .array(line)
      .min(1, "Add at least one line.")
      .max(100, "An order has at most 100 lines."),
  })
  .superRefine((order, context) => {
    const seen = new Set<string>();
    order.lines.forEach((item, index) => {
      const sku = item.sku.toUpperCase();
      if (seen.has(sku)) {
        context.addIssue({
          code: "custom",
          path: ["lines", index, "sku"],
          message: "This SKU is already on the order.",
        });
      }
      seen.add(sku);
      if (toMinorUnits(item.unitPrice, order.currency) === undefined) {
        context.addIssue({
          code: "custom",
          path: ["lines", index, "unitPrice"],
          message: `${order.currency} prices have fewer decimal places.`,
        });
      }
    });
  })
  .transform((order) => ({
    ...order,
    lines: order.lines.map((item) => ({
      sku: item.sku,
      description: item.description,
      quantity: item.quantity,
      unitPriceMinor: toMinorUnits(item.unitPrice, order.currency) ?? 0,
    })),
  }));

export type NewOrderFormInput = z.input<typeof newOrderForm>;
export type NewOrderFormOutput = z.output<typeof newOrderForm>;
