import {
  type SupplierResponse,
  SupplierResponseSchema,
  unmatchedResponseLines,
} from "@po-pro/policy";
import type { ExtractionOrder } from "./types.js";

export type Validation =
  | { ok: true; response: SupplierResponse }
  | { ok: false; problems: string[] };

/**
 * Holds a provider's output to the SupplierResponse schema and to the order: every line
 * must answer one order line, by SKU or description. An item that is not on the order can
 * only appear as a substitution (`substituteSku`) of an ordered line.
 */
export function validateResponse(output: unknown, order: ExtractionOrder): Validation {
  const parsed = SupplierResponseSchema.safeParse(output);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map(
        (issue) => `${issue.path.length > 0 ? issue.path.join(".") : "(root)"}: ${issue.message}`,
      ),
    };
  }
  const response = parsed.data;
  const unmatched = unmatchedResponseLines(
    {
      currency: order.currency,
      requestedDeliveryDate: order.requestedDeliveryDate,
      paymentTerms: order.paymentTerms,
      negotiationRound: 0,
      lines: [...order.lines],
    },
    response,
  );
  if (unmatched.length > 0) {
    const skus = order.lines.map((line) => line.sku).join(", ");
    return {
      ok: false,
      problems: unmatched.map((index) => {
        const line = response.lines[index];
        return `lines.${index}: ${JSON.stringify(line?.sku ?? line?.description)} is not a line of the order, or repeats one (order SKUs: ${skus}); an item offered instead of an ordered one is status "substituted" on the ordered SKU with the new item in substituteSku`;
      }),
    };
  }
  return { ok: true, response };
}
