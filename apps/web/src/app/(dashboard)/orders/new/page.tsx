import { getMerchant, listSuppliers } from "@po-pro/db";
import type { Metadata } from "next";
import { requireMerchant } from "../../../../server/auth/session";
import { getServices } from "../../../../server/services";
import { NewOrderForm } from "./new-order-form";

export const metadata: Metadata = { title: "New order" };

export default async function NewOrderPage() {
  const me = await requireMerchant();
  const { db } = await getServices();
  const [suppliers, merchant] = await Promise.all([
    listSuppliers(db, me.merchantId),
    getMerchant(db, me.merchantId),
  ]);
  return (
    <div className="grid max-w-3xl gap-4">
      <h1 className="text-2xl font-semibold tracking-tight">New order</h1>
      <p className="text-muted-foreground">
        Saving sends the purchase order to the supplier from your mailbox; the agent then follows up
        until they confirm.
      </p>
      <NewOrderForm
        suppliers={suppliers.map((s) => ({
          id: s.supplierId,
          name: s.name,
          email: s.contactEmail,
        }))}
        defaultCurrency={merchant?.defaultCurrency ?? "USD"}
      />
    </div>
  );
}
