import type { Metadata } from "next";
import { Card, CardContent } from "../../../../components/ui/card";
import { requireMerchant } from "../../../../server/auth/session";
import { SupplierEditor } from "../supplier-editor";

export const metadata: Metadata = { title: "New supplier" };

export default async function NewSupplierPage() {
  await requireMerchant();
  return (
    <div className="grid max-w-2xl gap-4">
      <h1 className="text-2xl font-semibold tracking-tight">New supplier</h1>
      <p className="text-muted-foreground">
        The agent sends purchase orders to the contact address and treats replies from it — or, for
        a company address, from anyone at its domain — as this supplier.
      </p>
      <Card>
        <CardContent>
          <SupplierEditor />
        </CardContent>
      </Card>
    </div>
  );
}
