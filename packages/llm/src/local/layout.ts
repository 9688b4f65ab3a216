/**
 * The parts of the newest message: greeting, body sentences, sign-off and signature. Only the
 * body is held to closed-world acceptance; the signature is scanned for anything that could
 * be a term (a supplier who writes "Thanks, Dana" and then one more line about prices has not
 * finished writing).
 */
import { GREETING, HAZARDS, SIGN_OFF } from "./lexicon.js";
import { sentences } from "./text.js";

export interface MessageLayout {
  /** Sentences of the body, greeting and signature removed. */
  body: string[];
  /** Everything from the sign-off on (names, titles, addresses, phone numbers, disclaimers). */
  signature: string;
  /** The message forwards another one: someone else's words, in full. */
  forwarded: boolean;
}

const FORWARDED =
  /^\s*-{2,}\s*(?:Forwarded message|Weitergeleitete Nachricht|Mensaje reenviado)\s*-{2,}|^\s*Begin forwarded message:/imu;

/** Names and titles after a greeting word: "Maya", "Mr. Becker", "Frau Ferraro", "team". */
const ADDRESSEE = /^(?:\p{Lu}[\p{L}'’.-]*|team|all|there|everyone|sir|sirs|madam|y'all)$/u;

function isGreeting(line: string): boolean {
  if (!GREETING.test(line)) return false;
  const rest = line
    .replace(/[,:!]\s*$/, "")
    .trim()
    .split(/\s+/)
    .slice(1)
    .filter(
      (word) =>
        !/^(?:morning|afternoon|evening|day!?|geehrter?|geehrte|días|tardes|tag)$/i.test(word),
    );
  return rest.length <= 4 && rest.every((word) => ADDRESSEE.test(word));
}

/** A word of a name, title or company: capitalised, a number, or a connector. */
const NAME_WORD = /^(?:[\p{Lu}\d(]|&|[-–|·/,]|of|and|de|del|la|y|und|für|e|di|du|van|von)/u;
const TERM_NOUN =
  /^(?:Preis\p{L}*|Aufschlag\p{L}*|Erhöhung|Konto|Bankverbindung|Liefer\p{L}+|Verzögerung|Menge\p{L}*|Teillieferung|Rückstand|Precio\p{L}*|Recargo|Cuenta)$/u;
const CONTACT = /\+?\d[\d ().-]{7,}\d|@|www\.|https?:/;
/** Legal footers: recognised by their vocabulary, in the languages mail footers come in. */
const DISCLAIMER =
  /\b(?:confidential|intended (?:solely|only)|recipient|privileged|disclaimer|registered (?:in|office)|company (?:no|number|registration)|VAT|vertraulich\p{L}*|Empfänger|confidencial\p{L}*|destinatari[oa]s?|riservat\p{L}*|messaggio|allegati|confidentiel\p{L}*|destinataire)\b/iu;

/**
 * A line that belongs in a signature: a name, title or company (short, every word
 * capitalised), contact details, or a legal disclaimer. Anything else after a sign-off is
 * still the supplier writing, and is read as body text.
 */
export function isSignatureLine(line: string): boolean {
  if (/[$€£¥%]|\d[.,]\d{2}\b/.test(line)) return false;
  if (CONTACT.test(line) && !/[.!?]$/.test(line)) return true;
  if (line.length > 80 && DISCLAIMER.test(line)) return true;
  const words = line.split(/\s+/).filter((w) => w.length > 0);
  if (words.length === 0 || words.length > 12 || /[!?;]$|(?:^|\s)\p{Ll}\p{L}{2,}\.$/u.test(line))
    return false;
  // Names, titles, companies and addresses are mostly capitalised words and numbers. A
  // lowercase word that can carry a term, a currency or number word, or a German noun of
  // terms (German capitalises its nouns: "Alle Preise in USD") makes the line a sentence;
  // capitalised English words are names ("Account Manager", "Via Costiera").
  const lower = words.filter((w) => !NAME_WORD.test(w));
  if (lower.length / words.length > 0.34) return false;
  const capitalised = words.filter((w) => NAME_WORD.test(w));
  const namesATerm = capitalised.some((w) => {
    const word = w.replace(/[^\p{L}]/gu, "");
    return (
      TERM_NOUN.test(word) ||
      [HAZARDS.money_word, HAZARDS.number_word].some((h) => {
        h.lastIndex = 0;
        const hit = h.test(word);
        h.lastIndex = 0;
        return hit;
      })
    );
  });
  if (namesATerm) return false;
  return !lower.some((w) =>
    Object.values(HAZARDS).some((hazard) => {
      hazard.lastIndex = 0;
      const hit = hazard.test(w);
      hazard.lastIndex = 0;
      return hit;
    }),
  );
}

export function messageLayout(newest: string): MessageLayout {
  const lines = newest.split("\n");
  const body: string[] = [];
  const signature: string[] = [];
  let inSignature = false;
  let sawContent = false;
  for (const raw of lines) {
    const line = raw.trim();
    if (line.length === 0) continue;
    if (inSignature) {
      if (isSignatureLine(line)) signature.push(line);
      else body.push(line);
      continue;
    }
    if (!sawContent && isGreeting(line)) continue;
    if (sawContent && SIGN_OFF.test(line)) {
      inSignature = true;
      signature.push(line);
      continue;
    }
    sawContent = true;
    body.push(line);
  }
  // A signature without a sign-off ("Megan", then "Megan Price | Wholesale", a town and a
  // phone number): the trailing run of short lines that read as names and contact details.
  while (body.length > 1 && isSignatureLine(body[body.length - 1] as string)) {
    signature.unshift(body.pop() as string);
  }
  return {
    body: sentences(body.join("\n")),
    signature: signature.join("\n"),
    forwarded: FORWARDED.test(newest),
  };
}
