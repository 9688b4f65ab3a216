import type { OrderStatus } from "@po-pro/db";
import { Badge } from "./ui/badge";

type Variant = "default" | "secondary" | "destructive" | "outline" | "success" | "warning" | "info";

export const ORDER_STATUS: Record<OrderStatus, { label: string; variant: Variant }> = {
  draft: { label: "Sending PO", variant: "secondary" },
  awaiting_supplier: { label: "Awaiting supplier", variant: "info" },
  negotiating: { label: "Negotiating", variant: "warning" },
  needs_approval: { label: "Needs approval", variant: "destructive" },
  confirmed: { label: "Confirmed", variant: "success" },
  rejected: { label: "Rejected", variant: "outline" },
  cancelled: { label: "Cancelled", variant: "outline" },
};

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const { label, variant } = ORDER_STATUS[status];
  return <Badge variant={variant}>{label}</Badge>;
}

export const ORDER_STATUSES = Object.keys(ORDER_STATUS) as OrderStatus[];
