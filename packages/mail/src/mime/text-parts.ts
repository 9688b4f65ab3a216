/**
 * Cuts oversized text bodies in the raw bytes, before postal-mime reads them. postal-mime keeps
 * one chunk per line of a 7bit/8bit part and joins them through a `Blob` (~3 µs a line), so a
 * 1.3 MB body of short lines cost ~0.5 s although only `maxTextChars` of it is ever kept.
 *
 * The scan is line-based and never needs to agree with postal-mime on boundaries: it drops only
 * body lines of a text/plain or text/html part that is not base64, not an attachment and not
 * named (a file), once that part is past its byte bound. Lines starting with "--" (possible
 * boundaries) and the header block after them are always kept, so the MIME structure reaches
 * postal-mime intact.
 */
import type { MimeLimits } from "./limits.js";

const LF = 0x0a;
const CR = 0x0d;
const DASH = 0x2d;
/** A header field line ("Name: value") or its folded continuation. */
const HEADER_LINE = /^([\x21-\x39\x3b-\x7e]+:|[ \t])/;
const latin1 = new TextDecoder("latin1");

/**
 * Encoded bytes that can make one UTF-16 code unit of decoded text, at worst: 4 for 7bit/8bit
 * (UTF-8 needs ≤ 3, UTF-32 4), 12 for quoted-printable (four `=XX` escapes). A part cut at
 * `chars × this` bytes therefore still holds at least `chars` characters of text.
 */
const BYTES_PER_CHAR = { plain: 4, quotedPrintable: 12 } as const;
/** HTML is converted first and then capped, so it may be longer than the text (see parse.ts). */
export const HTML_CHARS_PER_TEXT_CHAR = 20;

interface Part {
  /** Bytes of this part's body kept before lines are dropped; undefined: never cut. */
  readonly bound: number | undefined;
  readonly label: string;
  seen: number;
  dropped: number;
}

function partOf(headerBlock: string, topLevel: boolean, limits: MimeLimits): Part {
  const unfolded = headerBlock.replace(/\r?\n[ \t]+/g, " ");
  const type = (/^content-type:\s*([^;\s]+)/im.exec(unfolded)?.[1] ?? "text/plain").toLowerCase();
  const encoding = (
    /^content-transfer-encoding:\s*([^;\s]+)/im.exec(unfolded)?.[1] ?? "7bit"
  ).toLowerCase();
  // A named part may be read as an attachment, whose size must stay true: never cut.
  const attachment =
    /^content-disposition:\s*attachment/im.test(unfolded) ||
    /^content-(type|disposition):.*;\s*(file)?name(\*\d+)?\*?\s*=/im.test(unfolded);
  const label = topLevel ? "body" : `${type} part`;
  if ((type !== "text/plain" && type !== "text/html") || encoding === "base64" || attachment)
    return { bound: undefined, label, seen: 0, dropped: 0 };
  const perChar =
    encoding === "quoted-printable" ? BYTES_PER_CHAR.quotedPrintable : BYTES_PER_CHAR.plain;
  const chars =
    type === "text/html" ? limits.maxTextChars * HTML_CHARS_PER_TEXT_CHAR : limits.maxTextChars;
  return { bound: chars * perChar, label, seen: 0, dropped: 0 };
}

function isBlank(bytes: Uint8Array, start: number, end: number): boolean {
  return end === start || (end === start + 1 && bytes[start] === CR);
}

/**
 * `bytes` with the body lines of each over-long text part dropped, a note per part cut; the
 * same array when nothing was cut. Linear in the message size.
 */
export function cutLongTextParts(
  bytes: Uint8Array,
  limits: MimeLimits,
  notes: string[],
): Uint8Array {
  const smallestBound = limits.maxTextChars * BYTES_PER_CHAR.plain;
  if (bytes.byteLength <= smallestBound) return bytes;

  const kept: Uint8Array[] = [];
  let runStart = 0;
  let inHeaders = true;
  let topLevel = true;
  let headerStart = 0;
  let part: Part | undefined;
  let droppedAny = false;
  const finish = (p: Part | undefined) => {
    if (p?.bound !== undefined && p.dropped > 0) {
      notes.push(
        `${p.label} of ${p.seen} bytes cut to ${p.seen - p.dropped} bytes before parsing (text limit ${limits.maxTextChars} characters)`,
      );
    }
  };

  for (let start = 0; start < bytes.byteLength; ) {
    const newline = bytes.indexOf(LF, start);
    const end = newline === -1 ? bytes.byteLength : newline + 1;
    const contentEnd = newline === -1 ? end : newline;

    if (inHeaders) {
      if (isBlank(bytes, start, contentEnd)) {
        part = partOf(latin1.decode(bytes.subarray(headerStart, start)), topLevel, limits);
        inHeaders = false;
        topLevel = false;
      }
    } else if (bytes[start] === DASH && bytes[start + 1] === DASH) {
      // A possible boundary: what follows is a new part's header block when it looks like one
      // (or is empty); otherwise the line was body text and the current part goes on.
      const next = bytes.indexOf(LF, end);
      const nextLine = latin1.decode(bytes.subarray(end, next === -1 ? bytes.byteLength : next));
      if (nextLine.replace(/\r$/, "") === "" || HEADER_LINE.test(nextLine)) {
        finish(part);
        part = undefined;
        inHeaders = true;
        headerStart = end;
      }
    } else if (part) {
      const length = end - start;
      if (part.bound !== undefined && part.seen >= part.bound) {
        if (runStart < start) kept.push(bytes.subarray(runStart, start));
        runStart = end;
        part.dropped += length;
        droppedAny = true;
      }
      part.seen += length;
    }
    start = end;
  }
  finish(part);

  if (!droppedAny) return bytes;
  if (runStart < bytes.byteLength) kept.push(bytes.subarray(runStart));
  const out = new Uint8Array(kept.reduce((sum, chunk) => sum + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of kept) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
