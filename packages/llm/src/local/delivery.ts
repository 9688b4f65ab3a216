/**
 * The delivery-date reader: dates in sentences about delivery, less those the supplier says
 * it cannot make ("we can't do Dec 10, but Dec 20 works") and those of a backorder. A delivery
 * given only as a duration, a date that reads two ways or two different delivery dates are
 * doubts.
 */
import { findDates } from "./dates.js";
import { type Fact, fact, type ReadContext, type Reading } from "./facts.js";
import { BACKORDER } from "./statuses.js";

export interface DeliveryReading extends Reading {
  deliveryDate: string | undefined;
}

export const DELIVERY_CONTEXT =
  /\bdeliver|\bdelivery\b|\bship(?:s|ped|ping|ment)?\b|\barriv|\bready\b|\bcomplet|\bavailable\b|\blead time\b|\bETD\b|\bETA\b|\bex[- ]works\b|\bpick[- ]?up\b|\bsend\b|\bdespatch|\bdispatch|\bwith you\b|\bto you\b|\byour (?:date|warehouse|store|shop|door)\b|\bLiefer|\bentreg|\benv[ií]\w*|\blivraison\b|\bon track\b|\bscheduled\b/i;
const NEGATED =
  /\bcan(?:'|’|no)?t\b|\bcannot\b|\bwon(?:'|’)?t\b|\bwill not\b|\bisn(?:'|’)?t\b|\bnot (?:able|possible|feasible)\b|\bunable\b|\bimpossible\b|\bno (?:podemos|es posible|llegamos)\b|\bnicht\b|\btoo (?:tight|soon|early)\b/i;
const DURATION =
  /\b(?:next|this|the following) (?:week|month)\b|\bend of (?:the )?(?:week|month)\b|\b(?:mid|early|late)[- ]\p{L}+|\b\d+\+?\s*(?:[-–]\s*\d+\s*)?(?:business |working )?(?:days?|weeks?|months?)\b|\b(?:one|two|three|four|five|six|a few|several|a couple of) (?:days|weeks|months)\b|\b(?:a|one) (?:day|week|month|fortnight)\b/iu;
/** A weekday with nothing that says which week. */
const WEEKDAY = /\b(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?s?\b/i;
/** Terms for the next order, not this one. */
const FUTURE_ONLY =
  /\b(?:next|future|following|second|subsequent) (?:orders?|POs?|purchase orders?)\b|\b(?:nächsten|zweiten|künftigen|folgenden) Bestellung(?:en)?\b|\b(?:próximo|siguiente)s? pedidos?\b/i;

/** The clause of a sentence around a position: "We can't deliver on Dec 10, but Dec 20 works." */
export function clauseAt(sentence: string, index: number): string {
  const bounds = /[;,–—]\s|\s-\s|\bbut\b|\bhowever\b|\bpero\b|\baber\b/gi;
  let start = 0;
  let end = sentence.length;
  for (const m of sentence.matchAll(bounds)) {
    if (m.index < index) start = m.index;
    else {
      end = m.index;
      break;
    }
  }
  return sentence.slice(start, end);
}

export function readDeliveryDate(ctx: ReadContext): DeliveryReading {
  const facts: Fact[] = [];
  const uncertain: string[] = [];
  const found = new Set<string>();
  const requested = ctx.order.requestedDeliveryDate;
  ctx.segments.forEach((segment, s) => {
    const text = segment.text;
    const dates = findDates(text, ctx.dates);
    for (const d of dates) if (d.ambiguous) uncertain.push("a date that reads two ways");
    if (!DELIVERY_CONTEXT.test(text) || BACKORDER.test(text) || FUTURE_ONLY.test(text)) {
      // Dates up to the requested one outside delivery sentences (production, pick-up) carry
      // no term; later ones are left for the classifier to flag.
      for (const d of dates) if (d.iso <= requested) facts.push(fact(s, "date", d.index, d.length));
      return;
    }
    if (dates.length === 0 && DURATION.test(text)) uncertain.push("a delivery given as a duration");
    // "Tuesday the 15th", "Wed 12/9", "Friday, December 4" name the date after the weekday.
    const unplaced = [...text.matchAll(new RegExp(WEEKDAY.source, "gi"))].filter(
      (w) =>
        !dates.some(
          (d) =>
            (w.index >= d.index && w.index < d.index + d.length) ||
            (d.index >= w.index + w[0].length && d.index - (w.index + w[0].length) <= 3),
        ),
    );
    if (unplaced.length > 0) uncertain.push("a delivery on a weekday it cannot place");
    // In a sentence that refuses something ("we can't make Dec 10", "the mill is shut until
    // 04/01, so we can't make your date") no date is taken for the delivery date; the ones up
    // to the requested date are restated, a later one is left for the classifier to flag.
    const negated = NEGATED.test(text);
    for (const d of dates) {
      if (negated) {
        if (d.iso <= requested) facts.push(fact(s, "date", d.index, d.length));
        continue;
      }
      found.add(d.iso);
      facts.push(fact(s, d.iso === requested ? "date" : "date_change", d.index, d.length));
    }
  });
  let deliveryDate: string | undefined;
  if (found.size === 1) deliveryDate = [...found][0];
  else if (found.size > 1) uncertain.push(`several delivery dates (${[...found].join(", ")})`);
  return { deliveryDate, facts, uncertain };
}

export { FUTURE_ONLY };
