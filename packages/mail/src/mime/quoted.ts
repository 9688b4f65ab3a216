/**
 * Separates what the sender wrote this time from quoted history. The pipeline must judge the
 * supplier's new words, not our own PO quoted back below them.
 *
 * The earliest marker wins and everything from it on is `quoted`: a reply attribution (Gmail
 * "On … wrote:", Apple "On … at …, X wrote:", and the German, Spanish, French, Dutch, Italian
 * and Portuguese forms, also wrapped over two lines), an Outlook "-----Original Message-----"
 * or "From: … / Sent: …" header block, or a forward marker. For a forward, the note written
 * above the forwarded message is the new text and the forwarded message itself is quoted: the
 * sender did not write it (the pipeline can still read it in `text`). Lines quoted with ">"
 * above the first marker (inline replies) go to `quoted` as well.
 */
export interface SplitQuoted {
  readonly newText: string;
  readonly quoted: string;
}

const ATTRIBUTION: readonly RegExp[] = [
  /^On\b.{1,300}\bwrote:?$/i,
  /^Am\b.{1,300}\bschrieb\b.{0,200}:$/i,
  /^El\b.{1,300}\bescribió:?$/i,
  /^Le\b.{1,300}\ba écrit\s?:$/i,
  /^Op\b.{1,300}\bschreef\b.{0,200}:$/i,
  /^Il\b.{1,300}\bha scritto:?$/i,
  /^Em\b.{1,300}\bescreveu:?$/i,
];

const SEPARATOR: readonly RegExp[] = [
  /^-{2,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original|Oorspronkelijk bericht|Messaggio originale|Mensagem original)\s*-{2,}$/i,
  /^-{2,}\s*(Forwarded message|Weitergeleitete Nachricht|Message transféré|Mensaje reenviado|Doorgestuurd bericht|Messaggio inoltrato|Mensagem encaminhada)\s*-{2,}$/i,
  /^(Begin forwarded message|Anfang der weitergeleiteten Nachricht|Début du message réexpédié|Inicio del mensaje reenviado):$/i,
];

const HEADER_FROM = /^\*?(From|Von|De|Van|Da)\*?\s?:\*?\s+\S/i;
const HEADER_NEXT =
  /^\*?(Sent|Date|Gesendet|Datum|Envoyé|Enviado|Verzonden|Inviato|To|An|À|Para|Aan|A|Subject|Betreff|Objet|Asunto|Onderwerp|Oggetto|Assunto|Cc)\*?\s?:\*?\s/i;

/** Every attribution ends so; checked first because the patterns above backtrack (O(300²)). */
const ATTRIBUTION_END = /(?::|wrote|escribió|scritto|escreveu)$/i;

function isAttribution(line: string): boolean {
  return (
    line.length <= 400 && ATTRIBUTION_END.test(line) && ATTRIBUTION.some((re) => re.test(line))
  );
}

/** Index of the first line that starts quoted history, or -1. */
function findMarker(lines: readonly string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? "").trim();
    if (line === "") continue;
    if (isAttribution(line)) return i;
    // Gmail and Apple wrap long attributions: "On Mon, … <x@y>\nwrote:".
    const next = (lines[i + 1] ?? "").trim();
    if (/^(On|Am|El|Le|Op|Il|Em)\b/.test(line) && next && isAttribution(`${line} ${next}`))
      return i;
    if (SEPARATOR.some((re) => re.test(line))) return i;
    // Outlook without a separator: "From: …" followed by "Sent:"/"Date:"/"To:" lines.
    // A rule above it (underscores, or an HTML <hr> converted) belongs to the block too.
    if (HEADER_FROM.test(line) && HEADER_NEXT.test(next)) {
      let above = i - 1;
      while (above >= 0 && (lines[above] ?? "").trim() === "") above--;
      return /^(_{10,}|-{10,})$/.test((lines[above] ?? "").trim()) ? above : i;
    }
    // postal-mime's rendering of an inline message/rfc822 part (a forward).
    if (/^-{20,}$/.test(line) && /^From:\s/.test(next)) return i;
  }
  return -1;
}

export function splitQuoted(text: string): SplitQuoted {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const marker = findMarker(lines);
  const head = marker === -1 ? lines : lines.slice(0, marker);
  const tail = marker === -1 ? [] : lines.slice(marker);
  const kept: string[] = [];
  const quotedAbove: string[] = [];
  for (const line of head) {
    if (/^\s*>/.test(line)) quotedAbove.push(line);
    else kept.push(line);
  }
  const quoted = [...quotedAbove, ...tail].join("\n").trim();
  const newText = kept
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return { newText, quoted };
}
