import { type Database, listOrderEmails, type MerchantId, type OrderDetail } from "@po-pro/db";

/**
 * Where a message about an order goes: the PO's thread, answering its latest message (the
 * supplier's last reply, or our last message when they have not written).
 */
export async function orderThread(
  db: Database,
  merchantId: MerchantId,
  order: OrderDetail,
): Promise<{ threadId: string; inReplyTo: string | null }> {
  const emails = await listOrderEmails(db, merchantId, order.id);
  const latest = emails.findLast((email) => email.rfcMessageId !== null);
  return {
    threadId: order.threadId ?? latest?.providerThreadId ?? "",
    inReplyTo: latest?.rfcMessageId ?? null,
  };
}
