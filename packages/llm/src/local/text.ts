/**
 * Text clean-up for the keyless extractor: HTML and quoted-printable residue out, the
 * newest message separated from the quoted history, sentences split.
 */

const ENTITIES: Record<string, string> = {
  nbsp: " ",
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  bull: "•",
  euro: "€",
  pound: "£",
  yen: "¥",
  mdash: "—",
  ndash: "–",
};

/** Decodes quoted-printable escapes (=E2=80=94, =3D) where a mail client left them in. */
function decodeQuotedPrintable(text: string): string {
  if (!/=[0-9A-F]{2}/.test(text)) return text;
  return text.replace(/(?:=[0-9A-F]{2})+/g, (run) => {
    const bytes = run
      .split("=")
      .slice(1)
      .map((hex) => Number.parseInt(hex, 16));
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array(bytes));
    } catch {
      return run;
    }
  });
}

export interface CleanText {
  text: string;
  /** Content of HTML comments and hidden elements: read for risk phrases only. */
  hidden: string;
}

export function cleanText(raw: string): CleanText {
  let text = decodeQuotedPrintable(raw.replace(/=\r?\n/g, ""));
  const hidden: string[] = [];
  text = text.replace(/<!--([\s\S]*?)-->/g, (_m, inner: string) => {
    hidden.push(inner);
    return " ";
  });
  text = text.replace(
    /<([a-z]+)[^>]*style\s*=\s*"[^"]*(?:display\s*:\s*none|color\s*:\s*#?f{3,6}\b|color\s*:\s*white|font-size\s*:\s*0)[^"]*"[^>]*>([\s\S]*?)<\/\1>/gi,
    (_m, _tag, inner: string) => {
      hidden.push(inner);
      return " ";
    },
  );
  text = text
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|li|tr|h\d)>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (entity, name: string) => {
      if (name.startsWith("#x")) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
      if (name.startsWith("#")) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
      return ENTITIES[name.toLowerCase()] ?? entity;
    })
    .replace(/\u00a0/g, " ");
  return { text, hidden: hidden.join("\n") };
}

const HISTORY_MARKERS = [
  /^\s*-{2,}\s*Original(?: Message)?\s*-{2,}/im,
  /^\s*-{3,}\s*Ursprüngliche Nachricht\s*-{3,}/im,
  /^\s*-{3,}\s*Mensaje original\s*-{3,}/im,
  /^\s*_{8,}\s*$/m,
  /^\s*\*?From:\*? .+\n\s*\*?(?:Sent|Date):/m,
  /^\s*Von: .+\n\s*Gesendet:/m,
];

const ON_WROTE =
  /^\s*(?:On|Am|El|Le|Il) .{3,200}(?:wrote|schrieb|escribió|a écrit|ha scritto)\s*:?\s*$/im;

/**
 * The newest message: the text above the quoted history. Lines quoted with ">" are dropped
 * wherever they are, so a bottom-posted reply keeps the supplier's own lines.
 */
export function newestMessage(text: string): string {
  let cut = text.length;
  for (const marker of HISTORY_MARKERS) {
    const match = marker.exec(text);
    if (match !== null && match.index < cut) cut = match.index;
  }
  const body = text.slice(0, cut);
  const lines = body.split("\n");
  const kept: string[] = [];
  for (const line of lines) {
    if (/^\s*>/.test(line)) continue;
    if (ON_WROTE.test(line)) continue;
    kept.push(line);
  }
  // A top-posted reply ends where "On … wrote:" starts when no ">" lines follow it.
  const joined = kept.join("\n");
  return joined.trim();
}

/** The quoted thread: everything below the history marker and every ">" line above it. */
export function quotedHistory(text: string): string {
  let cut = text.length;
  for (const marker of HISTORY_MARKERS) {
    const match = marker.exec(text);
    if (match !== null && match.index < cut) cut = match.index;
  }
  const quoted = text
    .slice(0, cut)
    .split("\n")
    .filter((line) => /^\s*>/.test(line));
  return [...quoted, text.slice(cut)].join("\n");
}

/** Sentences and bullet lines, each with its position. */
export function sentences(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\n/)) {
    const trimmed = line.trim();
    if (trimmed.length === 0) continue;
    for (const part of trimmed.split(/(?<=[.!?;])\s+(?=[A-Z¡¿(•\-–])/)) {
      if (part.trim().length > 0) out.push(part.trim());
    }
  }
  return out;
}

const STOP = new Set([
  "with",
  "and",
  "the",
  "for",
  "per",
  "size",
  "set",
  "pack",
  "bag",
  "in",
  "of",
  "on",
]);

export function words(text: string): string[] {
  return (
    text
      .toLowerCase()
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .split(/[^a-z0-9]+/)
      .filter((word) => word.length >= 3 && !STOP.has(word) && !/^\d+$/.test(word))
      // A crude stem so "napkin" finds "napkins" and "planters" finds "planter".
      .map((word) => (word.length > 5 ? word.slice(0, word.length - 1) : word))
  );
}
