/**
 * Builds in-repo scenarios in the shape of the shared labelled corpus (DESIGN.md,
 * fixtures README): an order, the supplier's email with the PO quoted below it as PO Pro
 * sends it, the labelled extraction and the labelled action.
 */
import type { SupplierResponse } from "@po-pro/policy";
import type { Scenario } from "../scenarios.js";
import type { PolicyName } from "./policies.js";

export type Action = "accept" | "counter_offer" | "escalate" | "none";

export interface Spec {
  id: string;
  description: string;
  policy: PolicyName;
  merchant: string;
  buyer: { name: string; email: string };
  supplier: { name: string; email: string };
  /** Display name and address the reply comes from (defaults to the supplier's). */
  from?: string;
  po: string;
  currency: string;
  requested: string;
  terms?: string;
  round?: number;
  sentAt: string;
  receivedAt: string;
  lines: [sku: string, description: string, quantity: number, unitPrice: number][];
  /** The supplier's own words. */
  reply: string;
  /** How the PO appears: quoted below ("bottom", the default), not at all, or forwarded. */
  quote?: "bottom" | "none";
  headers?: Record<string, string>;
  attachments?: { filename: string; contentType: string; text: string }[];
  expected: SupplierResponse;
  action: Action;
}

const fmt = (minor: number, currency: string) => {
  const exp = currency === "JPY" ? 0 : 2;
  return (minor / 10 ** exp).toLocaleString("en-US", {
    minimumFractionDigits: exp,
    maximumFractionDigits: exp,
  });
};

function quotedPo(spec: Spec): string {
  const rows = spec.lines.map(
    ([sku, description, quantity, price]) =>
      `${sku.padEnd(14)}${description.padEnd(40)}${String(quantity).padStart(6)}  ${fmt(price, spec.currency).padStart(10)}  ${fmt(price * quantity, spec.currency).padStart(11)}`,
  );
  const total = spec.lines.reduce((sum, [, , q, p]) => sum + q * p, 0);
  const body = [
    `Hello,`,
    ``,
    `${spec.merchant} sends purchase order ${spec.po}.`,
    ``,
    `PO number:          ${spec.po}`,
    `Requested delivery: ${spec.requested}`,
    `Payment terms:      ${spec.terms ?? "NET30"}`,
    `Currency:           ${spec.currency}`,
    ``,
    `SKU           Description                               Qty  Unit price       Amount`,
    ...rows,
    `${"".padEnd(60)}Total  ${fmt(total, spec.currency).padStart(11)}`,
    ``,
    `Please confirm quantities, prices and the delivery date, or tell us what changes.`,
    ``,
    spec.buyer.name,
    spec.merchant,
  ];
  return [
    `On ${spec.sentAt.slice(0, 10)}, ${spec.buyer.name} <${spec.buyer.email}> wrote:`,
    ...body.map((line) => `> ${line}`),
  ].join("\n");
}

export function build(
  spec: Spec,
): Scenario & { expected: { decision: { recommendedAction: Action } } } {
  const text = spec.quote === "none" ? spec.reply : `${spec.reply}\n\n${quotedPo(spec)}`;
  return {
    id: spec.id,
    description: spec.description,
    policy: spec.policy,
    order: {
      poNumber: spec.po,
      merchant: spec.merchant,
      supplier: { name: spec.supplier.name, email: spec.supplier.email },
      currency: spec.currency,
      requestedDeliveryDate: spec.requested,
      paymentTerms: spec.terms ?? "NET30",
      negotiationRound: spec.round ?? 0,
      sentAt: spec.sentAt,
      lines: spec.lines.map(([sku, description, quantity, unitPrice]) => ({
        sku,
        description,
        quantity,
        unitPrice,
      })),
    } as Scenario["order"],
    email: {
      from: spec.from ?? `${spec.supplier.name} <${spec.supplier.email}>`,
      to: `${spec.buyer.name} <${spec.buyer.email}>`,
      subject: `Re: Purchase order ${spec.po} from ${spec.merchant}`,
      receivedAt: spec.receivedAt,
      text,
      ...(spec.attachments !== undefined ? { attachments: spec.attachments } : {}),
      ...(spec.headers !== undefined ? { headers: spec.headers } : {}),
    },
    expected: {
      extraction: spec.expected,
      // Status and rules are derived from the labelled extraction by the corpus test, which
      // checks that the policy reaches the labelled action from it.
      decision: { recommendedAction: spec.action, complianceStatus: "", breachedRules: [] },
    },
  };
}
