/**
 * Every email the agent writes. Filled only from validated fields — the order on file, the policy
 * engine's counter-offer, the merchant's edited terms — never from the supplier's text, so a reply
 * cannot make the agent say anything.
 */
import type { OrderDetail } from "@po-pro/db";
import type { CounterTerms } from "@po-pro/jobs";
import { type CounterOffer, formatMoney } from "@po-pro/policy";

export interface RenderedEmail {
  readonly subject: string;
  readonly text: string;
}

interface Sender {
  /** The merchant's business name, signed at the bottom (a merchant row fits). */
  readonly name: string;
}

function money(order: OrderDetail, minor: number): string {
  return formatMoney(minor, order.currency);
}

function lineTable(order: OrderDetail): string[] {
  return order.lines.map(
    (line) =>
      `  ${line.sku}  ${line.description}  × ${line.quantity}  @ ${money(order, line.unitPriceMinor)}  = ${money(order, line.quantity * line.unitPriceMinor)}`,
  );
}

function total(order: OrderDetail): number {
  return order.lines.reduce((sum, line) => sum + line.quantity * line.unitPriceMinor, 0);
}

function greeting(order: OrderDetail): string {
  return `Hello ${order.supplierName},`;
}

function signature(sender: Sender): string[] {
  return ["", "Best regards,", sender.name];
}

function reSubject(order: OrderDetail): string {
  return `Re: Purchase order ${order.poNumber}`;
}

export function purchaseOrderEmail(order: OrderDetail, sender: Sender): RenderedEmail {
  return {
    subject: `Purchase order ${order.poNumber}`,
    text: [
      greeting(order),
      "",
      `Please find our purchase order ${order.poNumber} below.`,
      "",
      ...lineTable(order),
      "",
      `Total: ${money(order, total(order))}`,
      ...(order.requestedDeliveryDate
        ? [`Requested delivery: ${order.requestedDeliveryDate}`]
        : []),
      `Payment terms: ${order.paymentTerms}`,
      ...(order.shipTo ? [`Ship to: ${order.shipTo}`] : []),
      "",
      "Please confirm quantities, prices and the delivery date by reply to this email.",
      ...signature(sender),
    ].join("\n"),
  };
}

export function confirmationEmail(order: OrderDetail, sender: Sender): RenderedEmail {
  return {
    subject: reSubject(order),
    text: [
      greeting(order),
      "",
      `Thank you — we confirm purchase order ${order.poNumber} on the terms in your reply.`,
      "Please let us know the shipping details once it leaves.",
      ...signature(sender),
    ].join("\n"),
  };
}

function counterLines(order: OrderDetail, offer: CounterOffer | CounterTerms): string[] {
  const lines: string[] = [];
  for (const line of offer.lines) {
    const ordered = order.lines.find((l) => l.sku === line.sku);
    const price = "unitPrice" in line && line.unitPrice !== undefined ? line.unitPrice : undefined;
    const quantity = "quantity" in line && line.quantity !== undefined ? line.quantity : undefined;
    const parts = [
      quantity !== undefined ? `${quantity} units` : undefined,
      price !== undefined ? `at ${money(order, price)} each` : undefined,
    ].filter((p) => p !== undefined);
    const substitute =
      "substituteSku" in line && line.substituteSku !== undefined
        ? ` (the original item, not ${line.substituteSku})`
        : "";
    lines.push(
      `  ${line.sku}${ordered ? ` ${ordered.description}` : ""}: ${parts.join(" ")}${substitute}`,
    );
  }
  if (offer.deliveryDate !== undefined) lines.push(`  Delivery by ${offer.deliveryDate}`);
  if (offer.paymentTerms !== undefined) lines.push(`  Payment terms ${offer.paymentTerms}`);
  return lines;
}

export function counterOfferEmail(
  order: OrderDetail,
  offer: CounterOffer | CounterTerms,
  sender: Sender,
): RenderedEmail {
  return {
    subject: reSubject(order),
    text: [
      greeting(order),
      "",
      `Thank you for your reply on purchase order ${order.poNumber}. We cannot accept the changes as proposed; we can go ahead on these terms:`,
      "",
      ...counterLines(order, offer),
      "",
      "Please confirm by reply and we will proceed.",
      ...signature(sender),
    ].join("\n"),
  };
}

export function followUpEmail(order: OrderDetail, count: number, sender: Sender): RenderedEmail {
  return {
    subject: reSubject(order),
    text: [
      greeting(order),
      "",
      count <= 1
        ? `We have not yet heard back about purchase order ${order.poNumber}. Could you confirm quantities, prices and the delivery date?`
        : `Following up again on purchase order ${order.poNumber}: we still need your confirmation to plan the delivery.`,
      ...signature(sender),
    ].join("\n"),
  };
}

export function holdMessageEmail(order: OrderDetail, sender: Sender): RenderedEmail {
  return {
    subject: reSubject(order),
    text: [
      greeting(order),
      "",
      `Thank you for your reply on purchase order ${order.poNumber}. It is with our team for review; we will come back to you shortly. No action is needed on your side for now.`,
      ...signature(sender),
    ].join("\n"),
  };
}

export function cancellationEmail(order: OrderDetail, sender: Sender): RenderedEmail {
  return {
    subject: reSubject(order),
    text: [
      greeting(order),
      "",
      `Thank you for your reply. We are unable to accept the proposed changes, so please treat purchase order ${order.poNumber} as cancelled. We will be in touch about future orders.`,
      ...signature(sender),
    ].join("\n"),
  };
}

export function approvalRequestEmail(
  order: OrderDetail,
  reason: string,
  explanation: readonly string[],
): RenderedEmail {
  return {
    subject: `Approval needed: ${order.poNumber} (${order.supplierName})`,
    text: [
      `${order.supplierName} answered purchase order ${order.poNumber} and PO Pro needs your decision.`,
      "",
      `Why: ${reason}`,
      "",
      ...explanation,
      "",
      "Approve, reject or counter in the PO Pro dashboard (Approvals).",
    ].join("\n"),
  };
}

export function approvalReminderEmail(
  order: OrderDetail,
  reason: string,
  pendingHours: number,
): RenderedEmail {
  return {
    subject: `Reminder: ${order.poNumber} is waiting for your approval`,
    text: [
      `Purchase order ${order.poNumber} (${order.supplierName}) has waited ${Math.floor(pendingHours)} hours for your decision.`,
      "",
      `Why it needs you: ${reason}`,
      "",
      "Open Approvals in the PO Pro dashboard to approve, reject or counter.",
    ].join("\n"),
  };
}
