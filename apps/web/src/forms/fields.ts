/**
 * Field schemas shared by the dashboard's forms: the browser validates with them as the merchant
 * types, and the server action parses the same submission again with them. Inputs are strings
 * (what a form holds); outputs are what the database and the job contract take.
 */
import { currencyExponent, minorToDecimalString, normalizePaymentTerms } from "@po-pro/policy";
import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import { z } from "zod";

export const currencyCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, "Use a three-letter currency code, such as USD or EUR.");

export const paymentTerms = z
  .string()
  .trim()
  .min(1, "Enter payment terms, such as Net 30.")
  .transform((value, context) => {
    const terms = normalizePaymentTerms(value);
    if (terms === undefined) {
      context.addIssue({
        code: "custom",
        message: "Use terms such as Net 30, prepaid, due on receipt or COD.",
      });
      return z.NEVER;
    }
    return terms;
  });

export const wholeQuantity = z
  .string()
  .trim()
  .regex(/^\d+$/, "Enter a whole number.")
  .transform(Number)
  .refine((n) => n >= 1 && n <= 10_000_000, "Quantity must be between 1 and 10,000,000.");

/** A price as typed ("12.50"), checked against nothing yet: `toMinorUnits` needs the currency. */
export const priceText = z
  .string()
  .trim()
  .regex(/^\d{1,9}(\.\d{1,3})?$/, "Enter a price of 0 or more, such as 12.50.");

/** "12.50" in USD → 1250; undefined when the price has more decimals than the currency. */
export function toMinorUnits(price: string, currency: string): number | undefined {
  const exponent = currencyExponent(currency);
  const [whole = "0", fraction = ""] = price.split(".");
  if (fraction.length > exponent) return undefined;
  return Number(whole) * 10 ** exponent + Number(fraction.padEnd(exponent, "0") || "0");
}

/** 1250 in USD → "12.50": the same text a merchant would type. */
export function fromMinorUnits(minor: number, currency: string): string {
  return minorToDecimalString(minor, currencyExponent(currency));
}

export const isoDate = z.iso.date("Enter a date as YYYY-MM-DD.");

/** Field path → message, as server actions return them and forms show them. */
export type FieldErrors = Record<string, string>;

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.join(".") || "form";
    errors[path] ??= issue.message;
  }
  return errors;
}

export interface ActionFailure {
  ok: false;
  message: string;
  fieldErrors?: FieldErrors;
}

/** What every server action answers: done (with a value), or why not (a sentence, per field). */
export type ActionResult<T> = { ok: true; value: T } | ActionFailure;

/** A refusal naming the fields at fault, with the sentence forms show above them. */
export function invalidFields(fieldErrors: FieldErrors): ActionFailure {
  return { ok: false, message: "Some fields need attention.", fieldErrors };
}

/**
 * Shows a failed action's field errors at their inputs (the server parsed with the form's own
 * schema, so the paths are the form's). Returns how many there were.
 */
export function showFieldErrors<T extends FieldValues>(
  setError: UseFormSetError<T>,
  failure: ActionFailure,
  options: { shouldFocus: boolean } = { shouldFocus: false },
): number {
  const errors = Object.entries(failure.fieldErrors ?? {});
  for (const [field, message] of errors) setError(field as Path<T>, { message }, options);
  return errors.length;
}
