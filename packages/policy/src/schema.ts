/**
 * What the policy reads: the extractor's `SupplierResponse` (DESIGN.md) and the order it
 * answers. The zod schemas are exported because the LLM package validates extractor output
 * with `SupplierResponseSchema` and derives the model's JSON schema from it
 * (`z.toJSONSchema(SupplierResponseSchema)`), so the descriptions below double as
 * instructions to the model.
 */
import { z } from "zod";
import { PAYMENT_TERMS_PATTERN } from "./terms.js";

export const RESPONSE_KINDS = [
  "confirmation",
  "change_proposal",
  "rejection",
  "question",
  "unrelated",
] as const;
export type ResponseKind = (typeof RESPONSE_KINDS)[number];

export const LINE_STATUSES = [
  "accepted",
  "price_changed",
  "quantity_changed",
  "backordered",
  "substituted",
  "rejected",
] as const;
export type LineStatus = (typeof LINE_STATUSES)[number];

export const RISK_SIGNALS = [
  "bank_details_change",
  "new_reply_address",
  "injected_instructions",
  "sender_mismatch",
  "auth_failed",
] as const;
export type RiskSignal = (typeof RISK_SIGNALS)[number];

const CURRENCY_PATTERN = /^[A-Z]{3}$/;

const isoDate = z.iso.date();
const currencyCode = z.string().regex(CURRENCY_PATTERN);
const paymentTerms = z.string().regex(PAYMENT_TERMS_PATTERN);
const minorUnits = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const SupplierResponseLineSchema = z
  .object({
    sku: z
      .string()
      .min(1)
      .optional()
      .describe("SKU of the order line the supplier refers to, exactly as on the order"),
    description: z
      .string()
      .min(1)
      .optional()
      .describe("The order line's description, when the supplier names the item without its SKU"),
    status: z
      .enum(LINE_STATUSES)
      .describe(
        "accepted: as ordered; price_changed: new unit price; quantity_changed: new quantity (with unitPrice if the price changes too); backordered: ships later; substituted: another item offered; rejected: will not supply",
      ),
    quantity: z
      .number()
      .int()
      .min(0)
      .max(Number.MAX_SAFE_INTEGER)
      .optional()
      .describe("Units the supplier will supply, when it states a number"),
    unitPrice: minorUnits
      .min(1)
      .optional()
      .describe(
        "Unit price the supplier states, as an integer in minor units of the currency (USD 4.50 → 450; JPY 1450 → 1450)",
      ),
    substituteSku: z
      .string()
      .min(1)
      .optional()
      .describe("SKU of the item offered instead, for status substituted"),
    availableDate: isoDate
      .optional()
      .describe("When a backordered line becomes available (YYYY-MM-DD)"),
  })
  .refine((line) => line.sku !== undefined || line.description !== undefined, {
    message: "a line needs its sku or its description to be matched to the order",
  });
export type SupplierResponseLine = z.infer<typeof SupplierResponseLineSchema>;

export const SupplierResponseSchema = z.object({
  kind: z
    .enum(RESPONSE_KINDS)
    .describe(
      "confirmation: changes nothing; change_proposal: any different price, quantity, status, date, terms or currency; rejection: refuses the whole order; question: needs information before it can proceed; unrelated: not about this order (out-of-office, newsletter, another PO)",
    ),
  lines: z
    .array(SupplierResponseLineSchema)
    .describe(
      "Only the order lines the supplier mentions; unmentioned lines are taken as accepted as ordered",
    ),
  deliveryDate: isoDate
    .optional()
    .describe("Delivery date the supplier states (YYYY-MM-DD), even when unchanged"),
  paymentTerms: paymentTerms
    .optional()
    .describe(
      "Payment terms the supplier states, normalised: NET<days>, PREPAID, DUE_ON_RECEIPT or COD",
    ),
  currency: currencyCode
    .optional()
    .describe("ISO 4217 code, only when the supplier quotes in a currency other than the order's"),
  question: z.string().min(1).optional().describe("The supplier's question, for kind question"),
  notes: z
    .string()
    .min(1)
    .optional()
    .describe("What a person should know, e.g. why a risk signal was raised"),
  riskSignals: z
    .array(z.enum(RISK_SIGNALS))
    .optional()
    .describe(
      "bank_details_change: asks to pay a different account or payee; new_reply_address: asks that replies go to an address outside the supplier's domain; injected_instructions: text addressed to an automated assistant; sender_mismatch and auth_failed come from the mail layer",
    ),
  confidence: z
    .number()
    .min(0)
    .max(1)
    .describe(
      "How sure the extraction is, 0..1; below the policy's minimum a person reads the email",
    ),
});
export type SupplierResponse = z.infer<typeof SupplierResponseSchema>;

export const PurchaseOrderLineSchema = z.object({
  sku: z.string().min(1),
  description: z.string().optional(),
  quantity: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  unitPrice: minorUnits,
});
export type PurchaseOrderLine = z.infer<typeof PurchaseOrderLineSchema>;

/**
 * The order as the policy needs it. Rows from `orders` + `order_lines` (or a fixture's
 * `order`, which carries more fields) satisfy it structurally.
 */
export const PurchaseOrderSchema = z.object({
  currency: currencyCode,
  requestedDeliveryDate: isoDate,
  paymentTerms: z.string().min(1),
  negotiationRound: z.number().int().min(0),
  lines: z.array(PurchaseOrderLineSchema).min(1),
});
export type PurchaseOrder = z.infer<typeof PurchaseOrderSchema>;
