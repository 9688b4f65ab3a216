/**
 * Outbound RFC 5322 through nodemailer's MailComposer: it encodes non-ASCII headers (RFC 2047)
 * and bodies, so every adapter sends the same bytes. Gmail takes the result as base64url.
 */
import { randomUUID } from "node:crypto";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { IDEMPOTENCY_HEADER, type MailAddress, type OutboundMessage } from "../port.js";

export interface ComposeInput {
  readonly from: MailAddress;
  readonly message: OutboundMessage;
  /** With angle brackets; generated from the sender's domain when absent. */
  readonly messageId?: string;
  readonly date?: Date;
}

export interface ComposedMessage {
  readonly raw: Buffer;
  readonly messageId: string;
}

function mailbox(a: MailAddress): { name: string; address: string } {
  return { name: a.name ?? "", address: a.address };
}

function bracket(id: string): string {
  const bare = id.trim().replace(/^<|>$/g, "");
  return `<${bare}>`;
}

export async function composeMessage(input: ComposeInput): Promise<ComposedMessage> {
  const { from, message } = input;
  const domain = from.address.split("@")[1] || "po-pro.invalid";
  const messageId = bracket(input.messageId ?? `${randomUUID()}@${domain}`);
  const reply = message.inReplyTo;
  const references = reply
    ? [...reply.references.map(bracket), bracket(reply.messageId)].filter(
        (id, i, all) => all.indexOf(id) === i,
      )
    : [];
  const composer = new MailComposer({
    from: mailbox(from),
    to: message.to.map(mailbox),
    ...(message.cc?.length ? { cc: message.cc.map(mailbox) } : {}),
    ...(message.replyTo?.length ? { replyTo: message.replyTo.map(mailbox) } : {}),
    subject: message.subject,
    text: message.text,
    ...(message.html ? { html: message.html } : {}),
    messageId,
    date: input.date ?? new Date(),
    ...(reply ? { inReplyTo: bracket(reply.messageId), references } : {}),
    headers: { [IDEMPOTENCY_HEADER]: message.idempotencyKey },
    attachments: (message.attachments ?? []).map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: Buffer.from(a.content),
    })),
    textEncoding: "quoted-printable",
  });
  const raw = await composer.compile().build();
  return { raw, messageId };
}

/** Gmail's `users.messages.send` takes the raw message as unpadded base64url. */
export function toBase64Url(raw: Uint8Array): string {
  return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("base64url");
}
