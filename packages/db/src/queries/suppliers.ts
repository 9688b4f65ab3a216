import { and, asc, desc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import type { MerchantId, OrderId, SupplierId } from "../ids.js";
import { merchantSuppliers, orders, suppliers } from "../schema/index.js";
import { found } from "./not-found.js";
import type { OrderStatus } from "./orders.js";

/** A supplier as one merchant sees it. */
export interface MerchantSupplier {
  supplierId: SupplierId;
  name: string;
  domain: string | null;
  contactName: string | null;
  contactEmail: string;
  notes: string | null;
  /** When the merchant archived it: out of the lists and the order form; its orders keep it. */
  archivedAt: Date | null;
}

/**
 * The supplier's own mail domain as `@po-pro/mail`'s `supplierDomain` classifies it: the
 * lower-cased (punycode) domain, or null for a free-mail address, which never identifies a
 * supplier. The caller classifies; the database only stores and compares it.
 */
export type SupplierDomain = string | null;

/** The merchant already has this supplier (the same company, keyed by its mail domain). */
export class SupplierAlreadyAddedError extends Error {
  override readonly name = "SupplierAlreadyAddedError";
  constructor(readonly existing: MerchantSupplier) {
    super(`the merchant already has supplier ${existing.supplierId} (${existing.domain})`);
  }
}

/**
 * A new contact address would move the supplier to another mail domain. The domain is the shared
 * supplier row's identity (other merchants' links point at it) and what `findSupplierByEmail`
 * matches, so it never changes under a link: another company is another supplier.
 */
export class SupplierDomainChangeError extends Error {
  override readonly name = "SupplierDomainChangeError";
  constructor(
    readonly supplierId: SupplierId,
    readonly onFile: SupplierDomain,
    readonly requested: SupplierDomain,
  ) {
    super(
      `supplier ${supplierId} is on file at ${onFile ?? "a free-mail address"}; a contact at ${requested ?? "a free-mail address"} would be another supplier`,
    );
  }
}

const columns = {
  supplierId: merchantSuppliers.supplierId,
  name: merchantSuppliers.displayName,
  domain: suppliers.domain,
  contactName: merchantSuppliers.contactName,
  contactEmail: merchantSuppliers.contactEmail,
  notes: merchantSuppliers.notes,
  archivedAt: merchantSuppliers.archivedAt,
};

/** A merchant's supplier links joined with the shared supplier rows. */
function selectMerchantSuppliers(db: Database) {
  return db
    .select(columns)
    .from(merchantSuppliers)
    .innerJoin(suppliers, eq(suppliers.id, merchantSuppliers.supplierId))
    .$dynamic();
}

const ofMerchant = (merchantId: MerchantId, supplierId: SupplierId) =>
  and(eq(merchantSuppliers.merchantId, merchantId), eq(merchantSuppliers.supplierId, supplierId));

/**
 * The merchant's suppliers by name. Active ones only by default — what the order form offers;
 * `archived: true` lists only the archived ones, `"all"` both.
 */
export async function listSuppliers(
  db: Database,
  merchantId: MerchantId,
  options: { archived?: boolean | "all" } = {},
): Promise<MerchantSupplier[]> {
  const archived = options.archived ?? false;
  return selectMerchantSuppliers(db)
    .where(
      and(
        eq(merchantSuppliers.merchantId, merchantId),
        archived === "all"
          ? undefined
          : archived
            ? isNotNull(merchantSuppliers.archivedAt)
            : isNull(merchantSuppliers.archivedAt),
      ),
    )
    .orderBy(asc(merchantSuppliers.displayName), asc(merchantSuppliers.supplierId));
}

/** One of the merchant's suppliers, archived or not (its orders still name it). */
export async function getSupplier(
  db: Database,
  merchantId: MerchantId,
  supplierId: SupplierId,
): Promise<MerchantSupplier | undefined> {
  const [row] = await selectMerchantSuppliers(db).where(ofMerchant(merchantId, supplierId));
  return row;
}

/**
 * The merchant's supplier an address belongs to: the exact contact address, else a supplier whose
 * own (non free-mail) domain it is. Used to attribute inbound mail and to flag sender mismatches;
 * archived suppliers are found too, since replies about their orders still arrive.
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
 * the domain; the merchant's name for it, contact and notes stay the merchant's own. A domain the
 * merchant already has a supplier at throws `SupplierAlreadyAddedError` (archived ones included).
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
    const [linked] = await tx
      .insert(merchantSuppliers)
      .values({
        merchantId,
        supplierId,
        displayName: input.name,
        contactEmail: input.contactEmail,
        contactName: input.contactName ?? null,
        notes: input.notes ?? null,
      })
      .onConflictDoNothing()
      .returning({ supplierId: merchantSuppliers.supplierId });
    if (linked === undefined) {
      const existing = await getSupplier(tx, merchantId, supplierId);
      if (existing === undefined) throw new Error("supplier link conflict without a link");
      throw new SupplierAlreadyAddedError(existing);
    }
    return {
      supplierId,
      name: input.name,
      domain,
      contactName: input.contactName ?? null,
      contactEmail: input.contactEmail,
      notes: input.notes ?? null,
      archivedAt: null,
    };
  });
}

/** The fields of a merchant's supplier that `updateSupplier` changes; absent ones stay. */
export type SupplierChanges = {
  name?: string;
  /** null clears it. */
  contactName?: string | null;
  /** null clears them. */
  notes?: string | null;
} & (
  | { contactEmail?: undefined; domain?: undefined }
  | {
      contactEmail: string;
      /** `supplierDomain(contactEmail)` from `@po-pro/mail`: it must be the supplier's own. */
      domain: SupplierDomain;
    }
);

/**
 * Changes the merchant's own view of a supplier (`merchant_suppliers`); the shared supplier row
 * is never touched. A contact address at another domain than the supplier's throws
 * `SupplierDomainChangeError`; another merchant's supplier throws `NotFoundError`.
 */
export async function updateSupplier(
  db: Database,
  merchantId: MerchantId,
  supplierId: SupplierId,
  changes: SupplierChanges,
): Promise<MerchantSupplier> {
  return db.transaction(async (tx) => {
    const current = found(
      await getSupplier(tx, merchantId, supplierId),
      "supplier",
      supplierId,
      merchantId,
    );
    if (changes.contactEmail !== undefined && changes.domain !== current.domain) {
      throw new SupplierDomainChangeError(supplierId, current.domain, changes.domain);
    }
    const set = {
      ...(changes.name !== undefined ? { displayName: changes.name } : {}),
      ...(changes.contactName !== undefined ? { contactName: changes.contactName } : {}),
      ...(changes.contactEmail !== undefined ? { contactEmail: changes.contactEmail } : {}),
      ...(changes.notes !== undefined ? { notes: changes.notes } : {}),
    };
    if (Object.keys(set).length === 0) return current;
    await tx.update(merchantSuppliers).set(set).where(ofMerchant(merchantId, supplierId));
    return found(await getSupplier(tx, merchantId, supplierId), "supplier", supplierId, merchantId);
  });
}

async function setArchivedAt(
  db: Database,
  merchantId: MerchantId,
  supplierId: SupplierId,
  archivedAt: Date | null,
): Promise<MerchantSupplier> {
  const [row] = await db
    .update(merchantSuppliers)
    .set({ archivedAt })
    .where(ofMerchant(merchantId, supplierId))
    .returning({ supplierId: merchantSuppliers.supplierId });
  found(row, "supplier", supplierId, merchantId);
  return found(await getSupplier(db, merchantId, supplierId), "supplier", supplierId, merchantId);
}

/**
 * Takes a supplier out of the merchant's lists and order form. Its orders, their replies and the
 * worker's sender checks on them are unaffected. Archiving an archived supplier keeps its date.
 */
export async function archiveSupplier(
  db: Database,
  merchantId: MerchantId,
  supplierId: SupplierId,
): Promise<MerchantSupplier> {
  const current = found(
    await getSupplier(db, merchantId, supplierId),
    "supplier",
    supplierId,
    merchantId,
  );
  if (current.archivedAt !== null) return current;
  return setArchivedAt(db, merchantId, supplierId, new Date());
}

/** Puts an archived supplier back in the merchant's lists and order form. */
export async function restoreSupplier(
  db: Database,
  merchantId: MerchantId,
  supplierId: SupplierId,
): Promise<MerchantSupplier> {
  return setArchivedAt(db, merchantId, supplierId, null);
}

/** How many orders the merchant has with each of its suppliers (suppliers with none are absent). */
export async function countOrdersBySupplier(
  db: Database,
  merchantId: MerchantId,
): Promise<Map<SupplierId, number>> {
  const rows = await db
    .select({ supplierId: orders.supplierId, count: sql<number>`count(*)`.mapWith(Number) })
    .from(orders)
    .where(eq(orders.merchantId, merchantId))
    .groupBy(orders.supplierId);
  return new Map(rows.map((row) => [row.supplierId, row.count]));
}

export interface SupplierOrder {
  id: OrderId;
  poNumber: string;
  status: OrderStatus;
  updatedAt: Date;
}

/** The merchant's most recently changed orders with one supplier (none for another's supplier). */
export async function listSupplierOrders(
  db: Database,
  merchantId: MerchantId,
  supplierId: SupplierId,
  options: { limit?: number } = {},
): Promise<SupplierOrder[]> {
  return db
    .select({
      id: orders.id,
      poNumber: orders.poNumber,
      status: orders.status,
      updatedAt: orders.updatedAt,
    })
    .from(orders)
    .where(and(eq(orders.merchantId, merchantId), eq(orders.supplierId, supplierId)))
    .orderBy(desc(orders.updatedAt), desc(orders.id))
    .limit(options.limit ?? 10);
}
