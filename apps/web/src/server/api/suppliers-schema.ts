/**
 * /api/suppliers: the query, body and response objects, as zod schemas the route parses with and
 * the OpenAPI document is generated from (zod-openapi reads `.meta`). The body's fields are the
 * supplier form's own, so the API and the dashboard accept exactly the same input.
 */
import type { MerchantSupplier } from "@po-pro/db";
import { z } from "zod";
import { supplierFields } from "../../forms/supplier-form";

export const supplierListQuery = z
  .object({
    archived: z
      .enum(["true", "false"], { error: 'must be "true" or "false"' })
      .default("false")
      .transform((value) => value === "true")
      .meta({
        description:
          "`true` lists only archived suppliers; `false` (the default) only active ones.",
      }),
  })
  .meta({ id: "SupplierListQuery", description: "Which of the merchant's suppliers to list." });

export const newSupplierBody = z
  .object({
    name: supplierFields.name.meta({ description: "The merchant's name for the supplier." }),
    contactEmail: supplierFields.contactEmail.meta({
      description:
        "Where purchase orders go and replies are expected from. A single address (`Name <a@b>` is accepted and stored bare, lower-cased); the supplier's domain, unless it is a free-mail provider's, identifies it.",
      example: "orders@pacificthreads.com",
    }),
    contactName: supplierFields.contactName.meta({ description: "The person at the supplier." }),
    notes: supplierFields.notes.meta({ description: "The merchant's own notes." }),
  })
  .meta({ id: "NewSupplier", description: "A supplier to add to the merchant's list." });

export const supplierSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    contactName: z.string().nullable(),
    contactEmail: z.string().meta({ example: "orders@pacificthreads.com" }),
    domain: z.string().nullable().meta({
      description:
        "The supplier's own mail domain: replies from any address there count as the supplier. Null for a free-mail contact, where only `contactEmail` counts.",
    }),
    notes: z.string().nullable(),
    archivedAt: z.iso.datetime().nullable().meta({
      description: "When the merchant archived it; null while active.",
    }),
  })
  .meta({
    id: "Supplier",
    description: "One of the merchant's suppliers, as the merchant sees it.",
  });

export const supplierListResponse = z
  .object({ suppliers: z.array(supplierSchema) })
  .meta({ id: "SupplierList", description: "The merchant's suppliers, by name." });

export const supplierCreatedResponse = z
  .object({ supplier: supplierSchema })
  .meta({ id: "SupplierCreated", description: "The supplier just added." });

export type ApiSupplier = z.infer<typeof supplierSchema>;

export function toApiSupplier(supplier: MerchantSupplier): ApiSupplier {
  return {
    id: supplier.supplierId,
    name: supplier.name,
    contactName: supplier.contactName,
    contactEmail: supplier.contactEmail,
    domain: supplier.domain,
    notes: supplier.notes,
    archivedAt: supplier.archivedAt?.toISOString() ?? null,
  };
}
