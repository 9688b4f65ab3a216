import { z } from "zod";
import { isoDate, paymentTerms, priceText, toMinorUnits, wholeQuantity } from "./fields";

/** A field left blank (or left out) means "keep the supplier's". */
const optional = <S extends z.ZodType<unknown, string>>(schema: S) =>
  z
    .string()
    .optional()
    .transform((value) => (value === undefined || value.trim() === "" ? undefined : value))
    .pipe(schema.optional());

/**
 * The merchant's counter-offer on an approval: per line, the quantity and price to ask for
 * (blank keeps the supplier's), and optionally a delivery date and payment terms. `currency` is
 * the order's, carried in the form so both sides check decimals the same way.
 */
export const counterForm = z
  .object({
    approvalId: z.uuid(),
    currency: z.string().regex(/^[A-Z]{3}$/),
    lines: z.array(
      z.object({
        sku: z.string().min(1),
        quantity: optional(wholeQuantity),
        unitPrice: optional(priceText),
      }),
    ),
    deliveryDate: optional(isoDate),
    paymentTerms: optional(paymentTerms),
  })
  .superRefine((form, context) => {
    form.lines.forEach((item, index) => {
      if (
        item.unitPrice !== undefined &&
        toMinorUnits(item.unitPrice, form.currency) === undefined
      ) {
        context.addIssue({
          code: "custom",
          path: ["lines", index, "unitPrice"],
          message: `${form.currency} prices have fewer decimal places.`,
        });
      }
    });
    const asksSomething =
      form.deliveryDate !== undefined ||
      form.paymentTerms !== undefined ||
      form.lines.some((item) => item.quantity !== undefined || item.unitPrice !== undefined);
    if (!asksSomething) {
      context.addIssue({
        code: "custom",
        path: ["root"],
        message: "Change at least one term to counter.",
      });
    }
  })
  .transform((form) => ({
    approvalId: form.approvalId,
    terms: {
      lines: form.lines
        .filter((item) => item.quantity !== undefined || item.unitPrice !== undefined)
        .map((item) => ({
          sku: item.sku,
          ...(item.quantity !== undefined ? { quantity: item.quantity } : {}),
          ...(item.unitPrice !== undefined
            ? { unitPrice: toMinorUnits(item.unitPrice, form.currency) ?? 0 }
            : {}),
        })),
      ...(form.deliveryDate !== undefined ? { deliveryDate: form.deliveryDate } : {}),
      ...(form.paymentTerms !== undefined ? { paymentTerms: form.paymentTerms } : {}),
    },
  }));

export type CounterFormInput = z.input<typeof counterForm>;
export type CounterFormOutput = z.output<typeof counterForm>;
