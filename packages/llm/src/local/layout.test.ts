import { describe, expect, it } from "vitest";
import { messageLayout } from "./layout.js";

describe("message layout", () => {
  it("drops the greeting and moves everything from the sign-off into the signature", () => {
    const layout = messageLayout(
      "Hi Maya,\n\nConfirmed for the 10th. Thanks again!\n\nBest regards,\nDana Ortiz\nPacific Blank Co.\n+1 323 555 0147",
    );
    expect(layout.body).toEqual(["Confirmed for the 10th.", "Thanks again!"]);
    expect(layout.signature).toBe("Best regards,\nDana Ortiz\nPacific Blank Co.\n+1 323 555 0147");
    expect(layout.forwarded).toBe(false);
  });

  it("keeps a greeting that runs into the message as body text", () => {
    expect(messageLayout("Hi Maya, we cannot ship the blue ones.").body).toEqual([
      "Hi Maya, we cannot ship the blue ones.",
    ]);
  });

  it("keeps a thanks that opens the message, and a sentence after the signature, in the body", () => {
    const layout = messageLayout(
      "Thanks!\nPrices go up 5%.\n\nCheers,\nSam\nP.S. Delivery is late.",
    );
    expect(layout.body).toEqual(["Thanks!", "Prices go up 5%.", "P.S.", "Delivery is late."]);
    expect(layout.signature).toBe("Cheers,\nSam");
  });

  it("notices a forwarded message", () => {
    expect(
      messageLayout("FYI see below.\n\n---------- Forwarded message ---------\nFrom: plant")
        .forwarded,
    ).toBe(true);
  });

  it("reads German and Spanish greetings and sign-offs", () => {
    expect(
      messageLayout(
        "Sehr geehrte Frau Ferraro,\nBestellung bestätigt.\nMit freundlichen Grüßen\nK. Hoffmann",
      ).body,
    ).toEqual(["Bestellung bestätigt."]);
    expect(messageLayout("Hola Lucía,\nPedido confirmado.\nSaludos,\nRafa").body).toEqual([
      "Pedido confirmado.",
    ]);
  });
});
