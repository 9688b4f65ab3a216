/**
 * Repairs text a mis-declared charset turned into mojibake. postal-mime decodes each part with
 * the declared charset; a sender that labels UTF-8 bytes as us-ascii, latin1 or an unknown label
 * gets "cafÃ©". Re-encoding through windows-1252 and decoding as strict UTF-8 undoes that, and
 * only when the whole string round-trips, so genuine Latin-1 text is never touched.
 */
const win1252 = new TextDecoder("windows-1252");
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

let reverse: Map<string, number> | undefined;
function reverseTable(): Map<string, number> {
  if (!reverse) {
    reverse = new Map();
    for (let b = 0; b < 256; b++) reverse.set(win1252.decode(Uint8Array.of(b)), b);
    // windows-1252 leaves 0x81, 0x8d, 0x8f, 0x90, 0x9d undefined; TextDecoder maps them to C1.
    for (const b of [0x81, 0x8d, 0x8f, 0x90, 0x9d]) reverse.set(String.fromCharCode(b), b);
  }
  return reverse;
}

// A UTF-8 lead byte (Â-ô as windows-1252) followed by a continuation byte.
const MOJIBAKE =
  /[\u00c2-\u00f4][\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178]/;

export function repairMojibake(text: string): string {
  if (!MOJIBAKE.test(text)) return text;
  const table = reverseTable();
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const b = code < 0x80 ? code : table.get(text[i] as string);
    if (b === undefined) return text;
    bytes[i] = b;
  }
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return text;
  }
}

/** Bytes of an attachment as text: UTF-8 when valid, windows-1252 otherwise (never fails). */
export function decodeBytes(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return win1252.decode(bytes);
  }
}
