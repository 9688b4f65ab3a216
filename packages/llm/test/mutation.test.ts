/**
 * Mutation property: take every reply in the in-repo corpus that the policy accepts as a plain
 * confirmation, insert one dangerous sentence into the supplier's own text (or replace one of
 * its lines with it), and check that keyless extraction + the policy never accepts the result.
 * The bank holds refusals, price rises written every way suppliers write them, short
 * shipments, delays, currency switches and bank-detail changes, in each language the
 * extractor claims to read (English, Spanish, German). The policy is the corpus's zero-tolerance
 * one, so that any of these changes, read correctly, is also not an accept.
 */
import { withSenderSignals } from "@po-pro/mail/addresses";
import { evaluate } from "@po-pro/policy";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { extractLocally } from "../src/local/extract.js";
import { LANGUAGES } from "../src/local/lexicon.js";
import { corpusPolicy } from "./corpus/policies.js";
import { CORPUS } from "./corpus/scenarios.js";

const bases = CORPUS.filter(
  (s) =>
    s.expected.decision.recommendedAction === "accept" &&
    s.expected.extraction.kind === "confirmation",
);

type Make = (n: number, order: (typeof bases)[number]["order"]) => string;

const later = (order: (typeof bases)[number]["order"], days: number) => {
  const date = new Date(Date.parse(`${order.requestedDeliveryDate}T00:00:00Z`) + days * 86_400_000);
  return date.toLocaleDateString("en-US", { month: "long", day: "numeric", timeZone: "UTC" });
};

/** Dangerous sentences by kind and language; `n` is a small positive number. */
export const BANK: Record<string, Record<(typeof LANGUAGES)[number], Make[]>> = {
  refusal: {
    en: [
      () => "Unfortunately we cannot fill this order.",
      () => "We won't be able to supply these.",
      () => "We regret that we must decline.",
      () => "We are no longer able to make these items.",
      () => "We are not able to proceed with it.",
      () => "Sorry, we can't do this one.",
      () => "We have to cancel the order.",
    ],
    es: [
      () => "Lamentablemente no podemos atender este pedido.",
      () => "Ya no fabricamos estos artículos.",
      () => "Tenemos que rechazar el pedido.",
    ],
    de: [
      () => "Leider können wir diese Bestellung nicht annehmen.",
      () => "Wir können die Artikel nicht mehr liefern.",
      () => "Wir müssen die Bestellung ablehnen.",
    ],
  },
  price: {
    en: [
      (n) => `That is ${n} cents more a unit.`,
      (n) => `There is an extra $${n} per piece.`,
      (n) => `+${n} % on everything.`,
      (n) => `Prices go up by ${n}% from this order.`,
      (n) => `There is a surcharge of ${n}.00 on this order.`,
      (n) => `Each unit is ${n} cents higher now.`,
      (n) => `We need to add ${n}.50 per unit.`,
      (n) => `A price increase of ${n} percent applies.`,
      () => "The price goes up a little this time.",
      () => "Costs have risen, so the unit price is higher.",
      (n) => `Each one is ${n} dollars more than on the PO.`,
    ],
    es: [
      (n) => `El precio sube ${n} centavos por unidad.`,
      (n) => `Hay un recargo de ${n} dólares.`,
      (n) => `Los precios aumentan un ${n}%.`,
    ],
    de: [
      (n) => `Es kommt ein Aufschlag von ${n} % hinzu.`,
      (n) => `Der Preis steigt um ${n} Euro pro Stück.`,
      () => "Die Preise erhöhen sich leider.",
    ],
  },
  short: {
    en: [
      (n) => `We can only ship ${n * 3} units.`,
      (n) => `We are ${n * 2} units short.`,
      (n) => `Only ${n * 4} are available right now.`,
      () => "We can ship part of the order now.",
      () => "About half the quantity is ready.",
    ],
    es: [(n) => `Solo podemos enviar ${n * 3} unidades.`, () => "Solo tenemos la mitad."],
    de: [(n) => `Wir können nur ${n * 3} Stück liefern.`, () => "Wir liefern nur einen Teil."],
  },
  delay: {
    en: [
      (n) => `Delivery will be ${n} days late.`,
      (n, order) => `We need to push delivery to ${later(order, n + 3)}.`,
      (n) => `Shipping slips by ${n} weeks.`,
      () => "The goods will arrive a week later than requested.",
      () => "We are running behind schedule.",
      (n, order) => `The goods ship on ${later(order, n + 2)}.`,
      () => "Delivery will be end of next month.",
    ],
    es: [(n) => `La entrega se retrasa ${n} días.`, () => "La entrega será más tarde."],
    de: [(n) => `Die Lieferung verzögert sich um ${n} Wochen.`, () => "Wir liefern später."],
  },
  currency: {
    en: [
      () => "Please note we now invoice in GBP.",
      () => "All prices are in euros from now on.",
      () => "We will bill this order in Swiss francs.",
    ],
    es: [() => "Los precios son en euros.", () => "Facturamos en pesos mexicanos."],
    de: [() => "Wir rechnen ab jetzt in Schweizer Franken ab.", () => "Alle Preise in USD."],
  },
  bank: {
    en: [
      () => "Please pay to our new account, IBAN GB33 BUKB 2020 1555 5555 55.",
      () => "Our bank details have changed, see below.",
      () => "Kindly remit to the new beneficiary below.",
      () => "Payments now go to our factoring partner.",
    ],
    es: [
      () => "Nuestros datos bancarios han cambiado.",
      () => "Por favor pague a la nueva cuenta.",
    ],
    de: [
      () => "Bitte überweisen Sie auf unser neues Konto.",
      () => "Unsere Bankverbindung hat sich geändert.",
    ],
  },
};

const dangerous = fc.record({
  kind: fc.constantFrom(...Object.keys(BANK)),
  language: fc.constantFrom(...LANGUAGES),
  pick: fc.nat(),
  n: fc.integer({ min: 2, max: 40 }),
});

/** The supplier's own text and the quoted PO below it. */
function split(text: string): { own: string[]; rest: string } {
  const at = text.search(/\n\nOn \S.* wrote:\n/);
  const own = at < 0 ? text : text.slice(0, at);
  return { own: own.split("\n"), rest: at < 0 ? "" : text.slice(at) };
}

// Both properties take a few seconds alone and over 20 s on two cores shared with the other
// packages' tests: the budget is time, the properties are unchanged.
describe("mutation property: no dangerous variant of a confirmation is accepted", {
  timeout: 90_000,
}, () => {
  it("has confirmations to mutate", () => {
    expect(bases.length).toBeGreaterThanOrEqual(5);
  });

  it("never accepts a confirmation with one dangerous sentence inserted or replacing a line", () => {
    let runs = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...bases),
        dangerous,
        fc.nat(),
        fc.boolean(),
        (base, danger, position, replace) => {
          runs++;
          const makers = BANK[danger.kind]?.[danger.language] ?? [];
          const sentence = (makers[danger.pick % makers.length] as Make)(danger.n, base.order);
          const { own, rest } = split(base.email.text);
          const lines = [...own];
          const at = position % (lines.length + (replace ? 0 : 1));
          if (replace) lines[at] = sentence;
          else lines.splice(at, 0, sentence);
          const email = { ...base.email, text: `${lines.join("\n")}${rest}` };
          const response = withSenderSignals(extractLocally({ order: base.order, email }), {
            from: email.from,
            supplierEmail: base.order.supplier.email,
          });
          const action = evaluate(
            corpusPolicy("tight"),
            base.order as typeof base.order & { negotiationRound: number },
            response,
          ).recommendedAction;
          if (action === "accept" || action === "none") {
            throw new Error(
              `${action}: ${base.id} with "${sentence}" → ${JSON.stringify(response)}`,
            );
          }
        },
      ),
      { numRuns: 3_000, seed: 20_270_301 },
    );
    expect(runs).toBeGreaterThanOrEqual(3_000);
  });

  it("also holds for every sentence of the bank at every position of every confirmation", () => {
    const failures: string[] = [];
    let runs = 0;
    for (const base of bases) {
      const { own, rest } = split(base.email.text);
      for (const [kind, byLanguage] of Object.entries(BANK)) {
        for (const makers of Object.values(byLanguage)) {
          for (const make of makers) {
            const sentence = make(7, base.order);
            for (let at = 0; at <= own.length; at++) {
              runs++;
              const lines = [...own];
              lines.splice(at, 0, sentence);
              const email = { ...base.email, text: `${lines.join("\n")}${rest}` };
              const response = extractLocally({ order: base.order, email });
              const action = evaluate(
                corpusPolicy("tight"),
                base.order as typeof base.order & { negotiationRound: number },
                response,
              ).recommendedAction;
              if (action === "accept" || action === "none")
                failures.push(`${base.id} +${kind} "${sentence}" at line ${at}: ${action}`);
            }
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(runs).toBeGreaterThan(500);
  });
});
