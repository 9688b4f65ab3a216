import { describe, expect, it } from "vitest";
import type { Database } from "./client.js";
import { type ApprovalId, InvalidIdError, type MerchantId, type OrderId, parseId } from "./ids.js";
import { decideApproval, getOrder, listOrderOutbox, updateOrder } from "./queries/index.js";

/**
 * Compile-time checks (`pnpm typecheck` covers this file): each `@ts-expect-error` fails the
 * typecheck if the line below it ever compiles, i.e. if ids could be swapped again.
 */
export function swappedIdsDoNotCompile(db: Database, merchantId: MerchantId, orderId: OrderId) {
  // @ts-expect-error an order id is not a merchant id
  void getOrder(db, orderId, merchantId);
  // @ts-expect-error a plain string is not a merchant id: it must go through parseId
  void listOrderOutbox(db, "3b241101-e2bb-4255-8caf-4136c566a962", orderId);
  // @ts-expect-error an order id is not an approval id
  void decideApproval(db, merchantId, orderId, { status: "approved" });
  const approvalId: ApprovalId = parseId("approval", "3b241101-e2bb-4255-8caf-4136c566a962");
  // @ts-expect-error an approval id is not an order id
  void updateOrder(db, merchantId, approvalId, { status: "cancelled" });
  // The right ids in the right places compile.
  void getOrder(db, merchantId, orderId);
}

describe("parseId", () => {
  it("types a UUID from outside (a URL, a job payload) as an id of one table", () => {
    const id: OrderId = parseId("order", "3B241101-E2BB-4255-8CAF-4136C566A962");
    expect(id).toBe("3b241101-e2bb-4255-8caf-4136c566a962");
  });

  it("refuses a value that is not a UUID, naming the table", () => {
    expect(() => parseId("merchant", "PO-1058")).toThrow(new InvalidIdError("merchant", "PO-1058"));
    expect(() => parseId("merchant", "PO-1058")).toThrow(
      '"PO-1058" is not a valid merchant id (expected a UUID)',
    );
  });
});
