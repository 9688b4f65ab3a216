import { describe, expect, it } from "vitest";
import { repairMojibake } from "../../src/mime/charset.js";
import { splitQuoted } from "../../src/mime/quoted.js";

describe("splitQuoted", () => {
  it("leaves text without history alone", () => {
    expect(splitQuoted("Yes.\n\nThanks,\nAnna\n")).toEqual({
      newText: "Yes.\n\nThanks,\nAnna",
      quoted: "",
    });
  });

  it("keeps the quoted history it cut", () => {
    const { newText, quoted } = splitQuoted(
      "Yes.\n\nOn Mon, Jan 6, 2025 at 9:00 AM B <b@x.example> wrote:\n> Can you?\n",
    );
    expect(newText).toBe("Yes.");
    expect(quoted).toBe("On Mon, Jan 6, 2025 at 9:00 AM B <b@x.example> wrote:\n> Can you?");
  });

  it("takes the earliest marker when markers nest", () => {
    const text =
      "New.\n\n-----Original Message-----\nFrom: a\nSent: b\n\nOld.\n\nOn Mon, Jan 6, 2025, X wrote:\n> older\n";
    expect(splitQuoted(text).newText).toBe("New.");
  });

  it("keeps inline answers and drops the '>' lines between them", () => {
    expect(splitQuoted("> Qty 10?\nYes.\n> Date?\nFriday.\n").newText).toBe("Yes.\nFriday.");
  });

  it("treats a forward's note as new text and the forwarded message as quoted", () => {
    const { newText, quoted } = splitQuoted(
      "Please handle.\n\n---------- Forwarded message ---------\nFrom: S <s@x.example>\n\nBody",
    );
    expect(newText).toBe("Please handle.");
    expect(quoted).toContain("Body");
  });

  it("recognises localized Outlook header blocks", () => {
    expect(
      splitQuoted("Ok.\n\nDe : Acheteur <a@x.example>\nEnvoyé : lundi\nÀ : Moi\n\nAncien").newText,
    ).toBe("Ok.");
    expect(splitQuoted("Ok.\n\n*From:* Buyer <a@x.example>\n*Sent:* Monday\n\nOld").newText).toBe(
      "Ok.",
    );
  });

  it("does not cut at a sentence that merely starts with 'On'", () => {
    expect(splitQuoted("On Monday we ship 10 units.\nThanks").newText).toBe(
      "On Monday we ship 10 units.\nThanks",
    );
  });

  it("recognises Dutch, Italian and Portuguese attributions", () => {
    expect(
      splitQuoted("Ja.\n\nOp ma 6 jan. 2025 om 09:00 schreef Koper <a@x.example>:\n> Oud").newText,
    ).toBe("Ja.");
    expect(
      splitQuoted(
        "Sì.\n\nIl giorno lun 6 gen 2025 alle 09:00 Acquirente <a@x.example> ha scritto:\n> Vecchio",
      ).newText,
    ).toBe("Sì.");
    expect(
      splitQuoted(
        "Sim.\n\nEm seg., 6 de jan. de 2025 às 09:00, Comprador <a@x.example> escreveu:\n> Antigo",
      ).newText,
    ).toBe("Sim.");
  });

  it("still knows attributions without the colon, in any case", () => {
    expect(splitQuoted("Yes.\n\nOn Mon, Jan 6, 2025, B <b@x.example> wrote\n> old").newText).toBe(
      "Yes.",
    );
    expect(splitQuoted("Sí.\n\nEL LUN, 6 ENE 2025, C <c@x.example> ESCRIBIÓ\n> old").newText).toBe(
      "Sí.",
    );
    expect(splitQuoted("Sì.\n\nIl 6 gen 2025 A <a@x.example> ha scritto\n> old").newText).toBe(
      "Sì.",
    );
  });

  it("is quick on many lines that look like attributions but are not", () => {
    const lines = `Am ${"schrieb ".repeat(40)}x\n`.repeat(20_000);
    const started = performance.now();
    expect(splitQuoted(lines).quoted).toBe("");
    // Quadratic backtracking would take minutes; the bound leaves room for a busy machine.
    expect(performance.now() - started).toBeLessThan(3000);
  });
});

describe("repairMojibake", () => {
  it("undoes UTF-8 read as windows-1252", () => {
    expect(repairMojibake("cafÃ© â€“ 4,50 â‚¬")).toBe("café – 4,50 €");
  });

  it("leaves genuine Latin-1 text alone", () => {
    expect(repairMojibake("SÃO PAULO, Ångström, café")).toBe("SÃO PAULO, Ångström, café");
    expect(repairMojibake("plain")).toBe("plain");
  });
});
