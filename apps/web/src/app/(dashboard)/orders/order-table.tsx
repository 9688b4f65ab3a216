import type { OrderSummary } from "@po-pro/db";
import { formatMoney } from "@po-pro/policy";
import Link from "next/link";
import { OrderStatusBadge } from "../../../components/order-status";
import { RelativeTime } from "../../../components/relative-time";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "../../../components/ui/table";

export function OrderTable({ orders }: { orders: OrderSummary[] }) {
  if (orders.length === 0) {
    return (
      <p className="rounded-lg border bg-background p-8 text-center text-muted-foreground">
        No orders match. Clear the filters or create an order.
      </p>
    );
  }
  return (
    <div className="rounded-lg border bg-background">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>PO number</TableHead>
            <TableHead>Supplier</TableHead>
            <TableHead>Status</TableHead>
            <TableHead className="text-right">Total</TableHead>
            <TableHead className="text-right">Updated</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {orders.map((order) => (
            <TableRow key={order.id}>
              <TableCell className="font-medium">
                <Link href={`/orders/${order.id}`} className="underline-offset-4 hover:underline">
                  {order.poNumber}
                </Link>
              </TableCell>
              <TableCell>{order.supplierName}</TableCell>
              <TableCell>
                <OrderStatusBadge status={order.status} />
              </TableCell>
              <TableCell className="text-right tabular-nums">
                {formatMoney(order.totalMinor, order.currency)}
              </TableCell>
              <TableCell className="text-right text-muted-foreground">
                <RelativeTime date={order.updatedAt} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
