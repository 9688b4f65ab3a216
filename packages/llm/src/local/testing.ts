/** Builds a reader's context from sentences, for the readers' own tests. */
import type { ExtractionOrder } from "../types.js";
import type { ReadContext } from "./facts.js";
import { lineMentions } from "./lines.js";

export const ORDER: ExtractionOrder = {
  poNumber: "PO-5150",
  currency: "USD",
  requestedDeliveryDate: "2027-03-10",
  paymentTerms: "NET30",
  supplier: { name: "Lakeside Ceramics", email: "orders@lakesideceramics.com" },
  lines: [
    {
      sku: "MUG-GRN-12",
      description: "Stoneware mug, green, 12 oz",
      quantity: 200,
      unitPrice: 650,
    },
    { sku: "BWL-GRN-6", description: "Stoneware bowl, green, 6 in", quantity: 100, unitPrice: 900 },
  ],
};

export function contextOf(texts: string[], order: ExtractionOrder = ORDER): ReadContext {
  return {
    order,
    segments: texts.map((text) => ({
      text,
      attachment: false,
      mentions: lineMentions(text, order),
    })),
    dates: {
      received: new Date("2027-02-20T12:00:00Z"),
      requested: new Date(`${order.requestedDeliveryDate}T00:00:00Z`),
      dayFirst: undefined,
    },
  };
}
