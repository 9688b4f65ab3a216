import { describe, expect, it } from "vitest";
import { counterForm } from "./counter-form";
import { fieldErrorsOf, fromMinorUnits, toMinorUnits } from "./fields";
import { newOrderForm } from "./order-form";

const id = "3f1c1d6e-0b9a-4a57-9c1e-2a4b5c6d7e8f";

const order = {
  supplierId: id,
  poNumber: " po-1042 ",
  currency: "usd",
  paymentTerms: "30 days net",
  requestedDeliveryDate: "2030-02-01",
  lines: [{ sku: "TEE-1", description: "Tee", quantity: "12", unitPrice: "7.5" }],
};

describe("money as typed", () => {
  it("turns prices into minor units of the currency, and back", () => {
    expect(toMinorUnits("12.5", "USD")).toBe(1250);
    expect(toMinorUnits("12", "JPY")).toBe(12);
    expect(toMinorUnits("1.005", "KWD")).toBe(1005);
    expect(toMinorUnits("1.5", "JPY")).toBeUndefined();
    expect(fromMinorUnits(1250, "USD")).toBe("12.50");
    expect(fromMinorUnits(5, "USD")).toBe("0.05");
  });
});

describe("the new-order form", () => {
  it("normalises what the merchant typed into what the database takes", () => {
    expect(newOrderForm.parse(order)).toEqual({
      supplierId: id,
      poNumber: "PO-1042",
      currency: "USD",
      paymentTerms: "NET30",
      requestedDeliveryDate: "2030-02-01",
      lines: [{ sku: "TEE-1", description: "Tee", quantity: 12, unitPriceMinor: 750 }],
    });
  });

  it("names every bad field with a sentence", () => {
    const result = newOrderForm.safeParse({
      ...order,
      supplierId: "",
      paymentTerms: "whenever",
      lines: [{ sku: "A", description: "", quantity: "0", unitPrice: "-1" }],
    });
    expect(result.success).toBe(false);
    expect(fieldErrorsOf(result.error as never)).toEqual({
      supplierId: "Choose a supplier.",
      paymentTerms: "Use terms such as Net 30, prepaid, due on receipt or COD.",
      "lines.0.description": "Describe the item.",
      "lines.0.quantity": "Quantity must be between 1 and 10,000,000.",
      "lines.0.unitPrice": "Enter a price of 0 or more, such as 12.50.",
    });
  });

  it("refuses the same SKU twice, whatever its case", () => {
    const result = newOrderForm.safeParse({
      ...order,
      lines: [
        ...order.lines,
        { sku: "tee-1", description: "Again", quantity: "1", unitPrice: "1" },
      ],
    });
    expect(fieldErrorsOf(result.error as never)).toEqual({
      "lines.1.sku": "This SKU is already on the order.",
    });
  });

  it("refuses more decimals than the currency has", () => {
    const result = newOrderForm.safeParse({
      ...order,
      currency: "JPY",
      lines: [{ ...order.lines[0], unitPrice: "7.5" }],
    });
    expect(fieldErrorsOf(result.error as never)).toEqual({
      "lines.0.unitPrice": "JPY prices have fewer decimal places.",
    });
  });
});

describe("the counter-offer form", () => {
  it("keeps only what the merchant changed, in the job's terms", () => {
    expect(
      counterForm.parse({
        approvalId: id,
        currency: "USD",
        lines: [
          { sku: "A", quantity: "", unitPrice: "4.50" },
          { sku: "B", quantity: "", unitPrice: "" },
        ],
        deliveryDate: "",
        paymentTerms: "net 45",
      }),
    ).toEqual({
      approvalId: id,
      terms: { lines: [{ sku: "A", unitPrice: 450 }], paymentTerms: "NET45" },
    });
  });

  it("shows the price rule at the price field, and refuses a counter that changes nothing", () => {
    const bad = counterForm.safeParse({
      approvalId: id,
      currency: "USD",
      lines: [{ sku: "A", unitPrice: "12.345.6" }],
    });
    expect(fieldErrorsOf(bad.error as never)["lines.0.unitPrice"]).toBe(
      "Enter a price of 0 or more, such as 12.50.",
    );
    const empty = counterForm.safeParse({ approvalId: id, currency: "USD", lines: [{ sku: "A" }] });
    expect(fieldErrorsOf(empty.error as never)).toEqual({
      root: "Change at least one term to counter.",
    });
  });
});
