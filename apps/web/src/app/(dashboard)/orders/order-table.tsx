import type { OrderSummary } from "@po-pro/db";
import { formatMoney } from "@po-pro/policy";
import Link from "next/link";
import { OrderStatusBadge } from "../../../components/order-status";
import { RelativeTime } from "../../../components/relative-time";

/**
 * The orders list. Plain table elements styled once from the table (the ui/table components put
 * a long class list on every cell): a page of 50 rows stays light to render and to send.
 */
export function OrderTable({ orders }: { orders: OrderSummary[] }) {
  if (orders.length === 0) {
    return (
      <p className="rounded-lg border bg-background p-8 text-center text-muted-foreground">
        No orders match. Clear the filters or create an order.
      </p>
    );
  }
  return (
    <div className="overflow-x-auto rounded-lg border bg-background">
      <table className="w-full text-sm [&_td]:px-3 [&_td]:py-2 [&_th]:h-10 [&_th]:px-3 [&_th]:font-medium [&_tr]:border-b [&_tbody_tr:last-child]:border-0 [&_tbody_tr:hover]:bg-muted/50">
        <thead className="text-left">
          <tr>
            <th scope="col">PO number</th>
            <th scope="col">Supplier</th>
            <th scope="col">Status</th>
            <th scope="col" className="text-right">
              Total
            </th>
            <th scope="col" className="text-right">
              Updated
            </th>
          </tr>
        </thead>
        <tbody>
          {orders.map((order) => (
            <tr key={order.id}>
              <td className="font-medium">
                <Link href={`/orders/${order.id}`} className="hover:underline">
                  {order.poNumber}
                </Link>
              </td>
              <td>{order.supplierName}</td>
              <td>
                <OrderStatusBadge status={order.status} />
              </td>
              <td className="text-right tabular-nums">
                {formatMoney(order.totalMinor, order.currency)}
              </td>
              <td className="text-right text-muted-foreground">
                <RelativeTime date={order.updatedAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
