import { countOrdersBySupplier, listSuppliers } from "@po-pro/db";
import type { Metadata } from "next";
import Link from "next/link";
import { RelativeTime } from "../../../components/relative-time";
import { Button } from "../../../components/ui/button";
import { cn } from "../../../components/ui/cn";
import { supplierListQuery } from "../../../server/api/suppliers-schema";
import { requireMerchant } from "../../../server/auth/session";
import { firstValues } from "../../../server/order-list";
import { getServices } from "../../../server/services";
import { explainSenderChecks } from "../../../server/supplier-sender";

export const metadata: Metadata = { title: "Suppliers" };

export default async function SuppliersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requireMerchant();
  // The same `?archived=` as /api/suppliers; a hand-edited bad value shows the active list.
  const parsed = supplierListQuery.safeParse(firstValues(await searchParams));
  const archived = parsed.success ? parsed.data.archived : false;
  const { db } = await getServices();
  const [all, orderCounts] = await Promise.all([
    listSuppliers(db, me.merchantId, { archived: "all" }),
    countOrdersBySupplier(db, me.merchantId),
  ]);
  const archivedCount = all.filter((s) => s.archivedAt !== null).length;
  const shown = all.filter((s) => (s.archivedAt !== null) === archived);
  const chip = (active: boolean) =>
    cn(
      "rounded-full border px-3 py-1 text-sm transition-colors",
      active
        ? "border-primary bg-primary text-primary-foreground"
        : "bg-background hover:bg-accent",
    );

  return (
    <div className="grid gap-4">
      <div className="flex items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold tracking-tight">Suppliers</h1>
        <Button asChild>
          <Link href="/suppliers/new">New supplier</Link>
        </Button>
      </div>
      <nav aria-label="Filter suppliers" className="flex flex-wrap gap-2">
        <Link
          href="/suppliers"
          aria-current={archived ? undefined : "true"}
          className={chip(!archived)}
        >
          Active <span className="tabular-nums opacity-80">{all.length - archivedCount}</span>
        </Link>
        <Link
          href={{ pathname: "/suppliers", query: { archived: "true" } }}
          aria-current={archived ? "true" : undefined}
          className={chip(archived)}
        >
          Archived <span className="tabular-nums opacity-80">{archivedCount}</span>
        </Link>
      </nav>
      {shown.length === 0 ? (
        <p className="rounded-lg border bg-background p-8 text-center text-muted-foreground">
          {archived
            ? "No archived suppliers."
            : "No suppliers yet. Add the first one to start sending purchase orders."}
        </p>
      ) : (
        <div className="overflow-x-auto rounded-lg border bg-background">
          <table className="w-full text-sm [&_td]:px-3 [&_td]:py-2 [&_th]:h-10 [&_th]:px-3 [&_th]:font-medium [&_tr]:border-b [&_tbody_tr:last-child]:border-0 [&_tbody_tr:hover]:bg-muted/50">
            <caption className="sr-only">
              {archived ? "Archived suppliers" : "Active suppliers"}
            </caption>
            <thead className="text-left">
              <tr>
                <th scope="col">Supplier</th>
                <th scope="col">Contact</th>
                <th scope="col">Replies accepted from</th>
                <th scope="col" className="text-right">
                  Orders
                </th>
                {archived && (
                  <th scope="col" className="text-right">
                    Archived
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {shown.map((supplier) => (
                <tr key={supplier.supplierId}>
                  <td className="font-medium">
                    <Link href={`/suppliers/${supplier.supplierId}`} className="hover:underline">
                      {supplier.name}
                    </Link>
                  </td>
                  <td>
                    {supplier.contactName && <div>{supplier.contactName}</div>}
                    <div className="text-muted-foreground">{supplier.contactEmail}</div>
                  </td>
                  <td className="text-muted-foreground">
                    <AcceptedFrom supplier={supplier} />
                  </td>
                  <td className="text-right tabular-nums">
                    {orderCounts.get(supplier.supplierId) ?? 0}
                  </td>
                  {archived && (
                    <td className="text-right text-muted-foreground">
                      {supplier.archivedAt && <RelativeTime date={supplier.archivedAt} />}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** Who the worker's sender check accepts as this supplier, in a few words. */
function AcceptedFrom({ supplier }: { supplier: { name: string; contactEmail: string } }) {
  const { kind, domain } = explainSenderChecks(supplier);
  if (kind === "domain") return <>anyone at {domain}</>;
  if (kind === "free_mail") return <>this address only</>;
  return <span className="text-destructive">nobody: the address is not valid</span>;
}
