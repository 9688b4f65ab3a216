/**
 * Thread ids for mail that has no server-side thread id (IMAP): the root of the conversation is
 * the first Message-ID in `References` (RFC 5322 §3.6.4 keeps the root first even when a client
 * trims the middle), else `In-Reply-To`, else the message's own Message-ID. A reply and the
 * message it answers therefore share the id, and so does our PO and every answer to it.
 */

const MESSAGE_ID = /<[^<>\s]+>/g;

/**
 * Every `<id>` in a References / In-Reply-To value, in order; bare ids (some clients drop the
 * brackets) are bracketed, as `parseMessage` does, so listing and fetch agree on the thread.
 */
export function messageIdsIn(value: string | undefined): string[] {
  if (value === undefined || value.trim() === "") return [];
  const ids = value.match(MESSAGE_ID);
  if (ids !== null) return ids;
  return value
    .split(/[\s,]+/)
    .filter((id) => id.length > 0)
    .map((id) => `<${id.replace(/^<|>$/g, "")}>`);
}

export interface ThreadHeaders {
  readonly messageId?: string | undefined;
  readonly inReplyTo?: string | undefined;
  readonly references?: readonly string[] | undefined;
}

/** The thread id: the root Message-ID with angle brackets, or `fallback` when there is none. */
export function threadIdOf(headers: ThreadHeaders, fallback: string): string {
  const root =
    headers.references?.flatMap((r) => messageIdsIn(r))[0] ??
    messageIdsIn(headers.inReplyTo)[0] ??
    messageIdsIn(headers.messageId)[0];
  return root ?? fallback;
}
