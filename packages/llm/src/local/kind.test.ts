import { describe, expect, it } from "vitest";
import { readQuestion, readUnrelated, readWholeRejection } from "./kind.js";
import { ORDER } from "./testing.js";

describe("kind reader", () => {
  it("recognises an out-of-office reply, a newsletter and another PO", () => {
    expect(readUnrelated("I am out of the office until Monday.", ORDER)).toMatch(/Out-of-office/);
    expect(readUnrelated("Spring sale! Unsubscribe here.", ORDER)).toMatch(/Newsletter/);
    expect(readUnrelated("PO-5149 shipped today.", ORDER)).toMatch(/PO-5149/);
    expect(readUnrelated("Out of office, but PO-5150 mugs are $7 now.", ORDER)).toBeUndefined();
  });

  it.each([
    "We cannot fill this order.",
    "Regretfully we must decline.",
    "We have to cancel your order.",
    "No podemos aceptar su pedido.",
    "Leider können wir Ihre Bestellung nicht annehmen.",
  ])("reads a refusal of the whole order: %s", (text) => {
    expect(readWholeRejection([text])).toBe(true);
  });

  it("keeps a real question and drops 'let me know'", () => {
    expect(readQuestion(["Which glaze do you want?", "Let me know if OK?"])).toBe(
      "Which glaze do you want?",
    );
  });
});
