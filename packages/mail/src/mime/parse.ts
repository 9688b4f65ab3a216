/**
 * The one MIME reader for every adapter. It must never break the pipeline: input over a limit
 * is cut with a note, a broken part costs that part, and the only error is a `MailboxError`
 * of kind "parse" for bytes that are not a message at all (the message stays stored and is
 * escalated by the worker).
 */
import { convert } from "html-to-text";
import PostalMime, { type Address, type Attachment, type Email } from "postal-mime";
import { MailboxError } from "../errors.js";
import {
  IDEMPOTENCY_HEADER,
  type MailAddress,
  type ParsedAttachment,
  type ParsedMessage,
} from "../port.js";
import { decodeBytes, repairMojibake } from "./charset.js";
import { type MimeLimits, resolveLimits } from "./limits.js";
import { extractPdfText } from "./pdf.js";
import { splitQuoted } from "./quoted.js";
import { cutLongTextParts, HTML_CHARS_PER_TEXT_CHAR } from "./text-parts.js";

const encoder = new TextEncoder();
const FALLBACK_CT = "X-PO-Pro-Fallback-Content-Type";
const FIELD_NAME = /^[\x21-\x39\x3b-\x7e]+$/;

function parseError(message: string, cause?: unknown): MailboxError {
  return new MailboxError("parse", "mime", message, undefined, undefined, { cause });
}

function toBytes(raw: Uint8Array | string): Uint8Array {
  if (typeof raw === "string") return encoder.encode(raw);
  if (raw instanceof Uint8Array) return raw;
  throw parseError("message is neither bytes nor a string");
}

/** Cut `text` to `max` characters, recording why. */
function cap(text: string, max: number, what: string, notes: string[]): string {
  if (text.length <= max) return text;
  notes.push(`${what} cut to ${max} of ${text.length} characters`);
  return text.slice(0, max);
}

export function htmlToText(html: string): string {
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: "img", format: "skip" },
      { selector: "a", options: { ignoreHref: true } },
      { selector: "h1", options: { uppercase: false } },
      { selector: "h2", options: { uppercase: false } },
      { selector: "h3", options: { uppercase: false } },
      { selector: "table", format: "dataTable", options: { uppercaseHeaderCells: false } },
    ],
  });
}

function addresses(list: readonly Address[] | undefined): MailAddress[] {
  const out: MailAddress[] = [];
  for (const entry of list ?? []) {
    for (const box of entry.group ?? [entry]) {
      const address = (box.address ?? "").trim().toLowerCase();
      if (!address) continue;
      const name = box.name?.trim();
      out.push(name ? { address, name } : { address });
    }
  }
  return out;
}

function msgIds(value: string | undefined): string[] {
  if (!value) return [];
  const ids = value.match(/<[^<>\s]+>/g);
  if (ids) return ids;
  return value
    .split(/[\s,]+/)
    .filter((id) => id.length > 0)
    .map((id) => `<${id.replace(/^<|>$/g, "")}>`);
}

function isoDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

function attachmentBytes(content: Attachment["content"]): Uint8Array {
  if (typeof content === "string") return encoder.encode(content);
  return content instanceof Uint8Array ? content : new Uint8Array(content);
}

function isPdf(att: Attachment): boolean {
  return att.mimeType === "application/pdf" || /\.pdf$/i.test(att.filename ?? "");
}

async function readAttachment(
  att: Attachment,
  limits: MimeLimits,
  notes: string[],
): Promise<ParsedAttachment> {
  const bytes = attachmentBytes(att.content);
  const base = {
    filename: att.filename ?? (att.contentId ? att.contentId.replace(/^<|>$/g, "") : "unnamed"),
    contentType: att.mimeType,
    size: bytes.byteLength,
  };
  if (att.rfc822DepthExceeded) return { ...base, note: "nested message too deep; not read" };
  const inline = att.disposition === "inline" || att.related === true;
  if (att.mimeType.startsWith("image/")) {
    return { ...base, note: inline ? "inline image" : "image; no text extracted" };
  }
  if (bytes.byteLength > limits.maxAttachmentBytes) {
    notes.push(
      `attachment ${base.filename} (${bytes.byteLength} bytes) over the ${limits.maxAttachmentBytes}-byte limit; text not extracted`,
    );
    return {
      ...base,
      note: `over the ${limits.maxAttachmentBytes}-byte attachment limit; text not extracted`,
    };
  }
  let text: string | undefined;
  let note: string | undefined;
  if (isPdf(att)) {
    ({ text, note } = await extractPdfText(bytes, limits.pdfTimeoutMs));
  } else if (att.mimeType === "message/rfc822") {
    text = await nestedMessageText(bytes);
    if (text === undefined) note = "attached message could not be read";
  } else if (att.mimeType === "text/html") {
    text = htmlToText(decodeBytes(bytes));
  } else if (
    att.mimeType.startsWith("text/") ||
    /^application\/(json|xml|csv)/.test(att.mimeType)
  ) {
    text = decodeBytes(bytes);
  } else {
    note = "no text extracted from this type";
  }
  if (text !== undefined && text.length > limits.maxTextChars) {
    const full = text.length;
    text = text.slice(0, limits.maxTextChars);
    note = `text cut to ${limits.maxTextChars} of ${full} characters`;
    notes.push(`attachment ${base.filename}: ${note}`);
  }
  return { ...base, ...(text !== undefined ? { text } : {}), ...(note ? { note } : {}) };
}

/** A message attached as a file (forward as attachment): its headers line and body text. */
async function nestedMessageText(bytes: Uint8Array): Promise<string | undefined> {
  try {
    const inner = await PostalMime.parse(bytes, {
      attachmentEncoding: "arraybuffer",
      maxNestingDepth: 20,
    });
    const body = inner.text ?? (inner.html ? htmlToText(inner.html) : "");
    const from = addresses(inner.from ? [inner.from] : [])[0];
    const head = [
      from ? `From: ${from.name ? `${from.name} <${from.address}>` : from.address}` : "",
      inner.subject ? `Subject: ${inner.subject}` : "",
    ]
      .filter(Boolean)
      .join("\n");
    return repairMojibake(head ? `${head}\n\n${body}` : body);
  } catch {
    return undefined;
  }
}

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 200);
}

/** The header block parsed alone, with the rest of the bytes as the plain-text body. */
async function headersOnly(bytes: Uint8Array, cause: unknown): Promise<Email> {
  const text = decodeBytes(bytes);
  const end = text.search(/\r?\n\r?\n/);
  const head = end === -1 ? text : text.slice(0, end);
  const body = end === -1 ? "" : text.slice(end).replace(/^\s+/, "");
  try {
    // Renamed so the header block alone cannot be taken for a multipart again; named back below.
    const email = await PostalMime.parse(
      `${head.replace(/^content-type:/gim, `${FALLBACK_CT}:`)}\r\n\r\n`,
    );
    const headers = email.headers.map((h) =>
      h.key === FALLBACK_CT.toLowerCase()
        ? { ...h, key: "content-type", originalKey: "Content-Type" }
        : h,
    );
    return { ...email, headers, text: body, attachments: [] };
  } catch (error) {
    throw parseError(`message could not be parsed: ${errorText(cause)}`, error);
  }
}

function looksLikeMessage(email: Email): boolean {
  return email.headerLines.some((h) => FIELD_NAME.test(h.key) && h.line.includes(":"));
}

export async function parseMessage(
  raw: Uint8Array | string,
  options?: Partial<MimeLimits>,
): Promise<ParsedMessage> {
  const limits = resolveLimits(options);
  const notes: string[] = [];
  let bytes = toBytes(raw);
  if (bytes.byteLength === 0) throw parseError("empty message");
  if (bytes.byteLength > limits.maxMessageBytes) {
    notes.push(
      `message of ${bytes.byteLength} bytes cut to the ${limits.maxMessageBytes}-byte limit`,
    );
    bytes = bytes.subarray(0, limits.maxMessageBytes);
  }
  // Text past `maxTextChars` is dropped below anyway; cutting it here spares postal-mime's
  // per-line cost on a multi-megabyte body.
  bytes = cutLongTextParts(bytes, limits, notes);

  let email: Email;
  try {
    email = await PostalMime.parse(bytes, {
      attachmentEncoding: "arraybuffer",
      maxNestingDepth: 50,
    });
  } catch (error) {
    // The MIME structure is beyond reading (a nesting bomb, say); the headers and the body as
    // plain text still are worth more to the pipeline than an error.
    email = await headersOnly(bytes, error);
    notes.push(`MIME structure could not be read (${errorText(error)}); body kept as raw text`);
  }
  if (!looksLikeMessage(email))
    throw parseError("input has no RFC 5322 header fields; not a message");
  if (!email.text?.trim() && !email.html?.trim() && email.attachments.length === 0) {
    // A multipart without a usable boundary yields no part at all; its body is still the text.
    const fallback = await headersOnly(bytes, undefined);
    if (fallback.text?.trim()) {
      email = { ...email, text: fallback.text };
      notes.push("no readable MIME part; body kept as raw text");
    }
  }

  try {
    return await build(email, limits, notes);
  } catch (error) {
    // Defensive: a bug below must still reach the worker as a typed, escalatable error.
    throw parseError(`message could not be read: ${errorText(error)}`, error);
  }
}

async function build(email: Email, limits: MimeLimits, notes: string[]): Promise<ParsedMessage> {
  const headers: Record<string, string[]> = {};
  for (const h of email.headers) {
    const key = h.key.toLowerCase();
    if (!Object.hasOwn(headers, key)) headers[key] = [];
    headers[key]?.push(h.value);
  }

  let text = email.text ?? "";
  if (!text.trim() && email.html) {
    // Bound the converter's input; a 20 MB HTML body would otherwise cost seconds.
    const html = cap(
      email.html,
      limits.maxTextChars * HTML_CHARS_PER_TEXT_CHAR,
      "HTML body",
      notes,
    );
    text = htmlToText(html);
  }
  text = repairMojibake(text.replace(/\r\n?/g, "\n"));
  if (text.includes("\uFFFD"))
    notes.push("body had bytes invalid in its declared charset; replaced with U+FFFD");
  // Cut before the quote split, so its cost is bounded by the limit and not by the message.
  text = cap(text, limits.maxTextChars, "text", notes);

  const { newText } = splitQuoted(text);

  const attachments: ParsedAttachment[] = [];
  const all = email.attachments;
  if (all.length > limits.maxAttachments) {
    notes.push(
      `${all.length - limits.maxAttachments} of ${all.length} attachments skipped (limit ${limits.maxAttachments})`,
    );
  }
  for (const att of all.slice(0, limits.maxAttachments)) {
    attachments.push(await readAttachment(att, limits, notes));
  }

  const from = addresses(email.from ? [email.from] : [])[0];
  const messageId = msgIds(email.messageId)[0];
  const inReplyTo = msgIds(email.inReplyTo)[0];
  const date = isoDate(email.date);
  const idempotencyKey = headers[IDEMPOTENCY_HEADER.toLowerCase()]?.[0]?.trim();

  return {
    ...(messageId ? { messageId } : {}),
    ...(inReplyTo ? { inReplyTo } : {}),
    references: msgIds(email.references),
    ...(from ? { from } : {}),
    to: addresses(email.to),
    cc: addresses(email.cc),
    replyTo: addresses(email.replyTo),
    subject: repairMojibake(email.subject ?? ""),
    ...(date ? { date } : {}),
    headers,
    text,
    newText,
    attachments,
    notes,
    ...(idempotencyKey ? { idempotencyKey } : {}),
  };
}
