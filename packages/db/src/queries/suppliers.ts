import { and, asc, eq, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import type { MerchantId, SupplierId } from "../ids.js";
import { merchantSuppliers, suppliers } from "../schema/index.js";

/** A supplier as one merchant sees it. */
export interface MerchantSupplier {
  supplierId: SupplierId;
  name: string;
  domain: string | null;
  contactName: string | null;
  contactEmail: string;
  notes: string | null;
}

/**
 * The supplier's own mail domain as `@po-pro/mail`'s `supplierDomain` classifies it: the
 * lower-cased (punycode) domain, or null for a free-mail address, which never identifies a
 * supplier. The caller classifies; the database only stores and compares it.
 */
export type SupplierDomain = string | null;

const columns = {
  supplierId: merchantSuppliers.supplierId,
  name: merchantSuppliers.displayName,
  domain: suppliers.domain,
  contactName: merchantSuppliers.contactName,
  contactEmail: merchantSuppliers.contactEmail,
  notes: merchantSuppliers.notes,
};

/** A merchant's supplier links joined with the shared supplier rows. */
function selectMerchantSuppliers(db: Database) {
  return db
    .select(columns)
    .from(merchantSuppliers)
    .innerJoin(suppliers, eq(suppliers.id, merchantSuppliers.supplierId))
    .$dynamic();
}

export async function listSuppliers(
  db: Database,
  merchantId: MerchantId,
): Promise<MerchantSupplier[]> {
  return selectMerchantSuppliers(db)
    .where(eq(merchantSuppliers.merchantId, merchantId))
    .orderBy(asc(merchantSuppliers.displayName));
}

export async function getSupplier(
  db: Database,
  merchantId: MerchantId,
  supplierId: SupplierId,
): Promise<MerchantSupplier | undefined> {
  const [row] = await selectMerchantSuppliers(db).where(
    and(eq(merchantSuppliers.merchantId, merchantId), eq(merchantSuppliers.supplierId, supplierId)),
  );
  return row;
}

/**
 * The merchant's supplier an address belongs to: the exact contact address, else a supplier whose
 * own (non free-mail) domain it is. Used to attribute inbound mail and to flag sender mismatches.
 */
export async function findSupplierByEmail(
  db: Database,
  merchantId: MerchantId,
  sender: { address: string; domain: SupplierDomain },
): Promise<MerchantSupplier | undefined> {
  const normalized = sender.address.trim().toLowerCase();
  const domain = sender.domain;
  const [row] = await selectMerchantSuppliers(db)
    .where(
      and(
        eq(merchantSuppliers.merchantId, merchantId),
        domain === null
          ? sql`lower(${merchantSuppliers.contactEmail}) = ${normalized}`
          : sql`(lower(${merchantSuppliers.contactEmail}) = ${normalized} or ${suppliers.domain} = ${domain})`,
      ),
    )
    // An exact address match wins over a domain match.
    .orderBy(sql`lower(${merchantSuppliers.contactEmail}) = ${normalized} desc`)
    .limit(1);
  return row;
}

/**
 * Adds a supplier to the merchant's list. Suppliers with their own domain are shared rows keyed by
 * the domain; the merchant's name for it, contact and notes stay the merchant's own.
 */
export async function addSupplier(
  db: Database,
  merchantId: MerchantId,
  input: {
    name: string;
    contactEmail: string;
    /** `supplierDomain(contactEmail)` from `@po-pro/mail`. */
    domain: SupplierDomain;
    contactName?: string;
    notes?: string;
  },
): Promise<MerchantSupplier> {
  return db.transaction(async (tx) => {
    const domain = input.domain;
    let supplierId: SupplierId | undefined;
    if (domain !== null) {
      const [row] = await tx
        .insert(suppliers)
        .values({ name: input.name, domain })
        .onConflictDoUpdate({ target: suppliers.domain, set: { domain } })
        .returning({ id: suppliers.id });
      supplierId = row?.id;
    } else {
      const [row] = await tx
        .insert(suppliers)
        .values({ name: input.name })
        .returning({ id: suppliers.id });
      supplierId = row?.id;
    }
    if (supplierId === undefined) throw new Error("supplier insert returned no row");
    await tx.insert(merchantSuppliers).values({
      merchantId,
      supplierId,
      displayName: input.name,
      contactEmail: input.contactEmail,
      contactName: input.contactName ?? null,
      notes: input.notes ?? null,
    });
    return {
      supplierId,
      name: input.name,
      domain,
      contactName: input.contactName ?? null,
      contactEmail: input.contactEmail,
      notes: input.notes ?? null,
    };
  });
}
