/**
 * Adding and editing a merchant's supplier, shared by the server actions and /api/suppliers: the
 * contact address is classified by `@po-pro/mail` (its own domain, or free mail), and the two
 * refusals the database makes — a supplier already on file, a contact at another company's
 * domain — come back as a sentence at the contact field.
 */
import "server-only";
import {
  addSupplier,
  type Database,
  findSupplierByEmail,
  type MerchantId,
  type MerchantSupplier,
  SupplierAlreadyAddedError,
  SupplierDomainChangeError,
  type SupplierId,
  updateSupplier,
} from "@po-pro/db";
import { supplierDomain } from "@po-pro/mail/addresses";
import type { FieldErrors } from "../forms/fields";
import type { NewSupplierFormOutput } from "../forms/supplier-form";

export type SupplierWrite =
  | { ok: true; supplier: MerchantSupplier }
  | { ok: false; fieldErrors: FieldErrors };

function alreadyOnFile(existing: MerchantSupplier, domain: string | null): FieldErrors {
  const where =
    domain !== null && existing.domain === domain
      ? `${existing.name} is already one of your suppliers at ${domain}`
      : `${existing.name} already uses this address`;
  const archived = existing.archivedAt !== null ? " (archived: restore it instead)" : "";
  return { contactEmail: `${where}${archived}.` };
}

function anotherCompany(name: string, error: SupplierDomainChangeError): FieldErrors {
  const onFile =
    error.onFile === null
      ? `${name} is on file with a free-mail address, so only that exact address counts as ${name}`
      : `${name} is on file at ${error.onFile}, and replies are checked against that domain`;
  const requested = error.requested ?? "a free-mail address";
  return {
    contactEmail: `${onFile}. An address at ${requested} is another supplier: add it as a new one.`,
  };
}

export async function createSupplier(
  db: Database,
  merchantId: MerchantId,
  input: NewSupplierFormOutput,
): Promise<SupplierWrite> {
  const domain = supplierDomain(input.contactEmail);
  const existing = await findSupplierByEmail(db, merchantId, {
    address: input.contactEmail,
    domain,
  });
  if (existing !== undefined) return { ok: false, fieldErrors: alreadyOnFile(existing, domain) };
  try {
    const supplier = await addSupplier(db, merchantId, {
      name: input.name,
      contactEmail: input.contactEmail,
      domain,
      ...(input.contactName !== null ? { contactName: input.contactName } : {}),
      ...(input.notes !== null ? { notes: input.notes } : {}),
    });
    return { ok: true, supplier };
  } catch (error) {
    // Added by another request since the check above.
    if (error instanceof SupplierAlreadyAddedError) {
      return { ok: false, fieldErrors: alreadyOnFile(error.existing, domain) };
    }
    throw error;
  }
}

/** Throws NotFoundError for a supplier that is not the merchant's. */
export async function editSupplier(
  db: Database,
  merchantId: MerchantId,
  supplierId: SupplierId,
  input: NewSupplierFormOutput,
): Promise<SupplierWrite> {
  const domain = supplierDomain(input.contactEmail);
  const other = await findSupplierByEmail(db, merchantId, {
    address: input.contactEmail,
    domain: null,
  });
  if (other !== undefined && other.supplierId !== supplierId) {
    return { ok: false, fieldErrors: alreadyOnFile(other, null) };
  }
  try {
    const supplier = await updateSupplier(db, merchantId, supplierId, {
      name: input.name,
      contactName: input.contactName,
      contactEmail: input.contactEmail,
      domain,
      notes: input.notes,
    });
    return { ok: true, supplier };
  } catch (error) {
    if (error instanceof SupplierDomainChangeError) {
      return { ok: false, fieldErrors: anotherCompany(input.name, error) };
    }
    throw error;
  }
}
