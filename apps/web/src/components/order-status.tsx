import type { OrderStatus } from "@po-pro/db";

// The badge colours of components/ui/badge.tsx, without its interactive states: a status is
// read, not clicked, and appears 50 times on a page.
const TONE = {
  secondary: "bg-secondary text-secondary-foreground",
  destructive: "bg-destructive text-white",
  outline: "border-border text-foreground",
  success: "bg-success text-success-foreground",
  warning: "bg-warning text-warning-foreground",
  info: "bg-info text-info-foreground",
} as const;

export const ORDER_STATUS: Record<OrderStatus, { label: string; tone: keyof typeof TONE }> = {
  draft: { label: "Sending PO", tone: "secondary" },
  awaiting_supplier: { label: "Awaiting supplier", tone: "info" },
  negotiating: { label: "Negotiating", tone: "warning" },
  needs_approval: { label: "Needs approval", tone: "destructive" },
  confirmed: { label: "Confirmed", tone: "success" },
  rejected: { label: "Rejected", tone: "outline" },
  cancelled: { label: "Cancelled", tone: "outline" },
};

export const ORDER_STATUSES = Object.keys(ORDER_STATUS) as OrderStatus[];

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const { label, tone } = ORDER_STATUS[status];
  return (
    <span
      className={`inline-flex rounded-full border border-transparent px-2 py-0.5 text-xs font-medium whitespace-nowrap ${TONE[tone]}`}
    >
      {label}
    </span>
  );
}
