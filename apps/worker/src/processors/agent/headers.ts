/**
 * Stored headers (`email_messages.headers`, one string per name) to and from the parsed form the
 * sender checks read (every value of a name, top first). Values are unfolded, so a newline can
 * only be the separator we put there.
 */
import type { ParsedMessage } from "@po-pro/mail";

/** The headers the pipeline and the dashboard read; the rest of a message's header block is not kept. */
const KEPT = new Set([
  "from",
  "sender",
  "reply-to",
  "to",
  "cc",
  "date",
  "subject",
  "message-id",
  "in-reply-to",
  "references",
  "authentication-results",
  "return-path",
  "received-spf",
  "dkim-signature",
]);

export function storedHeaders(headers: ParsedMessage["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, values] of Object.entries(headers)) {
    if (KEPT.has(name) && values.length > 0) out[name] = values.join("\n");
  }
  return out;
}

export function headerLists(headers: Record<string, string>): ParsedMessage["headers"] {
  const out: Record<string, readonly string[]> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = value.split("\n");
  return out;
}
