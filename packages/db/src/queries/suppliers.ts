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

/** Domains anyone can get an address at: they never identify a supplier. */
const FREE_MAIL_DOMAINS = new Set([
  "gmail.com",
  "googlemail.com",
  "outlook.com",
  "hotmail.com",
  "live.com",
  "msn.com",
  "yahoo.com",
  "icloud.com",
  "me.com",
  "aol.com",
  "proton.me",
  "protonmail.com",
  "gmx.com",
  "gmx.de",
  "web.de",
  "mail.com",
  "yandex.com",
  "zoho.com",
]);

export function emailDomain(address: string): string {
  return address.slice(address.lastIndexOf("@") + 1).toLowerCase();
}

/** The supplier's own domain, or null when it writes from a free-mail provider. */
export function supplierDomain(address: string): string | null {
  const domain = emailDomain(address);
  return FREE_MAIL_DOMAINS.has(domain) ? null : domain;
}

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
  address: string,
): Promise<MerchantSupplier | undefined> {
  const normalized = address.trim().toLowerCase();
  const domain = supplierDomain(normalized);
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
  input: { name: string; contactEmail: string; contactName?: string; notes?: string },
): Promise<MerchantSupplier> {
  return db.transaction(async (tx) => {
    const domain = supplierDomain(input.contactEmail);
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
