/**
 * The kind reader's parts that need no line: mail that is not about this order (an
 * out-of-office reply, a newsletter, another PO), a refusal of the whole order, and the
 * supplier's question.
 */
import type { ExtractionOrder } from "../types.js";
import { HAZARDS } from "./lexicon.js";
import { escapeRegExp } from "./lines.js";
import { findMoney, findPercents } from "./money.js";
import { sentences } from "./text.js";

const OUT_OF_OFFICE =
  /\b(?:out of (?:the )?office|auto(?:matic)?[- ]?reply|on (?:annual |parental |sick )?leave|away from (?:the|my) (?:office|desk)|abwesend|nicht im Büro|fuera de la oficina|ausente)\b/i;
const NEWSLETTER =
  /\bunsubscribe\b|view (?:this|it) (?:email )?in (?:your|a) browser|update (?:your )?(?:email )?preferences|darse de baja|abmelden/i;
const TERM_WORDS =
  /\bpric|\bcost|\bdeliver|\bship\b|\bquantit|\bstock\b|\bPreis|\bprecio|\bLiefer|\bentrega/i;

export const WHOLE_REJECTION =
  /\b(?:can(?:'|’|no)?t|cannot|unable to|(?:won(?:'|’)?t|will not|are not|aren(?:'|’)?t) (?:be )?able to|not able to|must|have to|regret(?:fully|tably)?(?: to)?|forced to)\b[^.!?]{0,40}\b(?:fill|fulfil+|supply|accept|process|take on|deliver|ship|honou?r|produce|confirm)\b[^.!?]{0,30}\b(?:the|this|your)\s+(?:PO|P\.O\.|order|purchase order)\b|\bcancel(?:l?ing|l?ed)? (?:the|this|your) (?:PO|order)\b|\b(?:must|have to|regret(?:fully)?(?: to)?) decline\b|\bdecline (?:the|this|your) (?:PO|order)\b|\bno podemos (?:aceptar|atender|suministrar) (?:el|su|este) pedido\b|\b(?:können|werden)(?: wir)? (?:Ihre|die|diese) Bestellung (?:leider )?nicht\b/i;

/** Why a message is not about this order, or undefined when it is. */
export function readUnrelated(newest: string, order: ExtractionOrder): string | undefined {
  const mentionsOrder =
    (order.poNumber !== undefined && newest.includes(order.poNumber)) ||
    order.lines.some((line) => newest.toLowerCase().includes(line.sku.toLowerCase()));
  const quiet =
    !mentionsOrder &&
    findMoney(newest, order.currency).length === 0 &&
    findPercents(newest).length === 0 &&
    !TERM_WORDS.test(newest);
  if (quiet && OUT_OF_OFFICE.test(newest) && newest.length < 1_500)
    return "Out-of-office auto-reply.";
  if (!mentionsOrder && NEWSLETTER.test(newest)) return "Newsletter or marketing email.";
  const other = otherPurchaseOrder(newest, order);
  if (other !== undefined && !HAZARDS.bank.test(newest))
    return `Refers to ${other}, not to ${order.poNumber ?? "this order"}.`;
  return undefined;
}

/** A PO number of the same shape as the order's that is not it, with nothing of this order. */
function otherPurchaseOrder(newest: string, order: ExtractionOrder): string | undefined {
  const po = order.poNumber;
  if (po === undefined || newest.includes(po)) return undefined;
  const lower = newest.toLowerCase();
  if (order.lines.some((line) => lower.includes(line.sku.toLowerCase()))) return undefined;
  const shape = new RegExp(`\\b${escapeRegExp(po).replace(/\d+/g, "\\d+")}\\b`);
  const found = shape.exec(newest);
  return found !== null && found[0] !== po ? found[0] : undefined;
}

export function readWholeRejection(body: readonly string[]): boolean {
  return body.some((sentence) => WHOLE_REJECTION.test(sentence));
}

/** A question the supplier asks before it can go on; "OK?" and "let me know" are not. */
export function readQuestion(body: readonly string[]): string | undefined {
  const questions = body
    .flatMap((s) => sentences(s))
    .filter(
      (s) =>
        s.endsWith("?") &&
        !/^(?:ok|okay|right|alright)\?$/i.test(s) &&
        !/\b(?:let me know|does that work|is that ok|ok with you|works for you|any questions)\b/i.test(
          s,
        ),
    );
  return questions.length > 0 ? questions.join(" ") : undefined;
}
