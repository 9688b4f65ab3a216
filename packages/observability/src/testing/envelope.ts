/** One item of a Sentry envelope: its header and its payload (parsed JSON when it is JSON). */
export interface EnvelopeItem {
  type: string;
  header: Record<string, unknown>;
  payload: unknown;
}

export interface Envelope {
  header: Record<string, unknown>;
  items: EnvelopeItem[];
}

export class EnvelopeParseError extends Error {
  override name = "EnvelopeParseError";
}

function indexOfNewline(bytes: Uint8Array, from: number): number {
  const at = bytes.indexOf(10, from);
  return at === -1 ? bytes.length : at;
}

function parseJsonLine(bytes: Uint8Array, start: number, end: number, what: string): unknown {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    throw new EnvelopeParseError(`${what} is not JSON: ${text.slice(0, 80)}`);
  }
}

/**
 * Parses the envelope format: a JSON header line, then for each item a JSON header line and a
 * payload that is either `length` bytes long or runs to the next newline.
 */
export function parseEnvelopeBytes(bytes: Uint8Array): Envelope {
  let end = indexOfNewline(bytes, 0);
  const header = parseJsonLine(bytes, 0, end, "envelope header");
  if (typeof header !== "object" || header === null || Array.isArray(header)) {
    throw new EnvelopeParseError("envelope header must be a JSON object");
  }
  const items: EnvelopeItem[] = [];
  let offset = end + 1;
  while (offset < bytes.length) {
    end = indexOfNewline(bytes, offset);
    if (end === offset) {
      offset += 1;
      continue;
    }
    const itemHeader = parseJsonLine(bytes, offset, end, "item header") as Record<string, unknown>;
    if (typeof itemHeader?.type !== "string") {
      throw new EnvelopeParseError("item header has no type");
    }
    offset = end + 1;
    const length = typeof itemHeader.length === "number" ? itemHeader.length : undefined;
    const payloadEnd = length === undefined ? indexOfNewline(bytes, offset) : offset + length;
    if (payloadEnd > bytes.length) throw new EnvelopeParseError("item is longer than the body");
    const raw = Buffer.from(bytes.buffer, bytes.byteOffset + offset, payloadEnd - offset);
    let payload: unknown = raw;
    const text = raw.toString("utf8");
    try {
      payload = JSON.parse(text);
    } catch {
      // Attachments and replay recordings are not JSON; keep their bytes.
    }
    items.push({ type: itemHeader.type, header: itemHeader, payload });
    offset = payloadEnd + 1;
  }
  return { header: header as Record<string, unknown>, items };
}
