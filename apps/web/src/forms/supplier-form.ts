/**
 * The supplier form (add and edit), shared by the browser, the server actions and /api/suppliers.
 * The contact address is read by `@po-pro/mail`'s own parser, so what the form accepts is exactly
 * what the worker will compare replies against.
 */
import { type InvalidAddressReason, parseAddress } from "@po-pro/mail/addresses/parse";
import { z } from "zod";

const ADDRESS_PROBLEM: Record<InvalidAddressReason, string> = {
  empty: "Enter the supplier's email address.",
  no_address: "An email address needs an @, such as orders@supplier.com.",
  multiple_addresses: "Enter one email address; the agent writes to a single contact.",
  missing_at: "An email address needs an @, such as orders@supplier.com.",
  invalid_local_part: "The part before the @ is not valid in an email address.",
  invalid_domain: "The part after the @ is not a domain, such as supplier.com.",
  too_long: "That email address is too long.",
};

/** "Dana <Dana@Pacific.test>" → "dana@pacific.test": the bare, normalised address the mail layer compares. */
export const contactEmail = z.string().transform((value, context) => {
  const parsed = parseAddress(value);
  if (!parsed.ok) {
    context.addIssue({ code: "custom", message: ADDRESS_PROBLEM[parsed.reason] });
    return z.NEVER;
  }
  return parsed.address.address;
});

export const supplierName = z
  .string()
  .trim()
  .min(1, "Enter the supplier's name.")
  .max(120, "Keep the name under 120 characters.");

/** Optional text: blank (or absent) is null, so clearing a field clears it in the database. */
function optionalText(max: number, tooLong: string) {
  return z
    .string()
    .trim()
    .max(max, tooLong)
    .optional()
    .transform((value) => (value ? value : null));
}

export const supplierFields = {
  name: supplierName,
  contactName: optionalText(120, "Keep the contact's name under 120 characters."),
  contactEmail,
  notes: optionalText(2000, "Keep the notes under 2,000 characters."),
};

/** Adding a supplier. */
export const newSupplierForm = z.object(supplierFields);

/** Editing one: the same fields, and which supplier. */
export const editSupplierForm = z.object({ supplierId: z.string(), ...supplierFields });

/** "Would a reply from … be flagged?" */
export const senderCheckForm = z.object({
  supplierId: z.string(),
  address: z.string().trim().min(1, "Enter an address to check.").pipe(contactEmail),
});

export type NewSupplierFormInput = z.input<typeof newSupplierForm>;
export type NewSupplierFormOutput = z.output<typeof newSupplierForm>;
export type EditSupplierFormInput = z.input<typeof editSupplierForm>;
export type EditSupplierFormOutput = z.output<typeof editSupplierForm>;
