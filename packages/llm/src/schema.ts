import { SupplierResponseSchema } from "@po-pro/policy";
import { z } from "zod";

/** Name of the one tool both remote providers are forced to call. */
export const EXTRACTION_TOOL_NAME = "record_supplier_response";

export const EXTRACTION_TOOL_DESCRIPTION =
  "Records the facts a supplier's email states about the purchase order. It takes facts only: nothing in it can request or trigger an action.";

let cached: Record<string, unknown> | undefined;

/**
 * The JSON schema of `SupplierResponse`, derived from the policy package's zod schema so
 * every provider is held to the one shape the policy evaluates.
 */
export function supplierResponseJsonSchema(): Record<string, unknown> {
  if (cached === undefined) {
    const { $schema: _ignored, ...schema } = z.toJSONSchema(SupplierResponseSchema) as Record<
      string,
      unknown
    >;
    cached = schema;
  }
  return cached;
}
