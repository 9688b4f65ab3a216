import {
  type Database,
  getOrderByPoNumber,
  getOrderByThread,
  type LocalMailMessage,
  listUnansweredLocalMail,
  type MerchantId,
  type OrderDetail,
  storeLocalMail,
} from "@po-pro/db";
import { composeMessage } from "../mime/compose.js";
import { parseMessage } from "../mime/parse.js";
import { IDEMPOTENCY_HEADER, type ParsedMessage } from "../port.js";
import { type ReplyContext, type ReplyKind, type ReplyPicker, seededReplies } from "./replies.js";

export interface SimulatedSupplier {
  /** The address POs are sent to; the reply comes from it. */
  readonly address: string;
  readonly name: string;
}

export interface SupplierSimulatorOptions {
  readonly db: Database;
  readonly merchantId: MerchantId;
  readonly suppliers: readonly SimulatedSupplier[];
  /** How long after a PO was sent its reply arrives. */
  readonly delayMs: number;
  /** Which reply a PO gets; `seededReplies(0)` by default. */
  readonly pickReply?: ReplyPicker;
  /** The local mailbox's clock: a PO's age is measured from the time it stored. */
  readonly clock?: () => Date;
  /** How often `start()` ticks (default 1 s). */
  readonly intervalMs?: number;
  /** Quote the PO below the reply, as most mail clients do (default true). */
  readonly quotePo?: boolean;
  /** A PO that could not be answered, or a tick that failed under `start()`; stderr by default. */
  readonly onError?: (error: unknown) => void;
}

export interface SimulatedReply {
  /** The local row id of the reply, as `listNew` lists it. */
  readonly id: string;
  readonly threadId: string;
  readonly messageId: string;
  /** The PO it answers. */
  readonly inReplyTo: string;
  readonly templateId: string;
  readonly kind: ReplyKind;
  readonly supplierAddress: string;
  /** What the supplier wrote, without the quoted PO. */
  readonly text: string;
}

export interface SupplierSimulator {
  /** Answers every PO that is due; returns the replies written. */
  tick(): Promise<SimulatedReply[]>;
  start(): void;
  stop(): void;
}

/**
 * Plays the suppliers for the local mailbox: each PO sent to one of `suppliers` gets, `delayMs`
 * later, a reply in its thread in the sender's inbox, so `pnpm start` shows every kind of
 * decision without anyone typing an email. Only messages that start a thread are answered (the
 * agent's follow-ups and counter-offers are not), so the agent and the simulator cannot loop.
 */
export function createSupplierSimulator(options: SupplierSimulatorOptions): SupplierSimulator {
  const { db, merchantId, delayMs } = options;
  const clock = options.clock ?? (() => new Date());
  const pickReply = options.pickReply ?? seededReplies(0);
  const bySupplier = new Map(
    options.suppliers.map((supplier) => [supplier.address.trim().toLowerCase(), supplier]),
  );
  const onError =
    options.onError ??
    ((error: unknown) => console.error("supplier simulator: answering a PO failed", error));
  let timer: ReturnType<typeof setInterval> | undefined;
  let running: Promise<unknown> | undefined;

  async function answer(po: LocalMailMessage, now: Date): Promise<SimulatedReply | undefined> {
    const supplier = po.toAddresses.map((to) => bySupplier.get(to)).find((s) => s !== undefined);
    if (supplier === undefined) return undefined;
    const parsed = await parseMessage(po.raw);
    const context = await replyContext(db, merchantId, po, parsed, supplier, now);
    const template = pickReply(context);
    const text = template.write(context);
    const quote = options.quotePo === false ? "" : `\n\n${quoted(parsed, po)}`;
    const subject = /^re:/i.test(po.subject) ? po.subject : `Re: ${po.subject}`;
    const idempotencyKey = `simulator:${po.id}`;
    const composed = await composeMessage({
      from: { address: supplier.address.trim().toLowerCase(), name: supplier.name },
      message: {
        to: [{ address: po.mailboxAddress }],
        subject,
        text: `${text}${quote}`,
        idempotencyKey,
        inReplyTo: {
          threadId: po.threadId,
          messageId: po.messageId,
          references: parsed.references.includes(po.messageId)
            ? parsed.references
            : [...parsed.references, po.messageId],
        },
      },
      date: now,
    });
    // The key keeps two ticks from answering twice; the header is ours and a supplier's mail
    // must not carry it (the worker would take the reply for its own message).
    const { inserted, message } = await storeLocalMail(db, merchantId, {
      mailboxAddress: po.mailboxAddress,
      folder: "inbox",
      threadId: po.threadId,
      messageId: composed.messageId,
      inReplyTo: po.messageId,
      fromAddress: supplier.address.trim().toLowerCase(),
      toAddresses: [po.mailboxAddress],
      subject,
      raw: withoutHeader(composed.raw, IDEMPOTENCY_HEADER),
      idempotencyKey,
      createdAt: now,
    });
    if (!inserted) return undefined;
    return {
      id: message.id,
      threadId: message.threadId,
      messageId: message.messageId,
      inReplyTo: po.messageId,
      templateId: template.id,
      kind: template.kind,
      supplierAddress: message.fromAddress,
      text,
    };
  }

  async function tick(): Promise<SimulatedReply[]> {
    const now = clock();
    const due = await listUnansweredLocalMail(db, merchantId, {
      toAddresses: [...bySupplier.keys()],
      sentBefore: new Date(now.getTime() - delayMs),
    });
    const replies: SimulatedReply[] = [];
    for (const po of due) {
      // One PO that cannot be answered (unreadable bytes) must not hold up the others; it is
      // tried again on the next tick.
      try {
        const reply = await answer(po, now);
        if (reply !== undefined) replies.push(reply);
      } catch (error) {
        onError(error);
      }
    }
    return replies;
  }

  return {
    tick,
    start() {
      if (timer !== undefined) return;
      timer = setInterval(() => {
        if (running !== undefined) return; // the previous tick is still answering
        running = tick()
          .catch(onError)
          .finally(() => {
            running = undefined;
          });
      }, options.intervalMs ?? 1000);
      timer.unref?.();
    },
    stop() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    },
  };
}

const PO_IN_SUBJECT = [
  /purchase order\s+#?\s*([A-Z0-9][\w/-]*\d[\w/-]*)/i,
  /\b([A-Z]{1,5}-\d{2,})\b/,
];

async function replyContext(
  db: Database,
  merchantId: MerchantId,
  po: LocalMailMessage,
  parsed: ParsedMessage,
  supplier: SimulatedSupplier,
  now: Date,
): Promise<ReplyContext> {
  const subject = parsed.subject || po.subject;
  const poNumber = PO_IN_SUBJECT.map((pattern) => pattern.exec(subject)?.[1]).find(
    (match) => match !== undefined,
  );
  const order: OrderDetail | undefined =
    (await getOrderByThread(db, merchantId, po.threadId)) ??
    (poNumber !== undefined ? await getOrderByPoNumber(db, merchantId, poNumber) : undefined);
  const buyerName = parsed.from?.name;
  return {
    poNumber: order?.poNumber ?? poNumber ?? "your order",
    supplierName: supplier.name,
    ...(buyerName !== undefined && buyerName !== "" ? { buyerName } : {}),
    currency: order?.currency ?? "USD",
    ...(order?.requestedDeliveryDate != null
      ? { requestedDeliveryDate: order.requestedDeliveryDate }
      : {}),
    today: now.toISOString().slice(0, 10),
    lines: (order?.lines ?? []).map((line) => ({
      sku: line.sku,
      description: line.description,
      quantity: line.quantity,
      unitPriceMinor: line.unitPriceMinor,
    })),
  };
}

/** The PO below the reply, Gmail style, so the reader has quoted history to separate. */
function quoted(parsed: ParsedMessage, po: LocalMailMessage): string {
  const who = parsed.from?.name
    ? `${parsed.from.name} <${parsed.from.address}>`
    : (parsed.from?.address ?? po.fromAddress);
  const when = (parsed.date ?? po.createdAt.toISOString()).slice(0, 10);
  const body = parsed.text.replace(/\s+$/, "").split(/\r?\n/);
  return [
    `On ${when}, ${who} wrote:`,
    ...body.map((line) => (line === "" ? ">" : `> ${line}`)),
  ].join("\n");
}

/** Drops one header (and its folded continuation lines) from the header block of a message. */
function withoutHeader(raw: Buffer, name: string): Buffer {
  const text = raw.toString("latin1");
  const end = text.indexOf("\r\n\r\n");
  if (end < 0) return raw;
  const lines = text.slice(0, end).split("\r\n");
  const kept: string[] = [];
  let dropping = false;
  const prefix = `${name.toLowerCase()}:`;
  for (const line of lines) {
    if (/^[ \t]/.test(line)) {
      if (!dropping) kept.push(line);
      continue;
    }
    dropping = line.toLowerCase().startsWith(prefix);
    if (!dropping) kept.push(line);
  }
  return Buffer.from(`${kept.join("\r\n")}${text.slice(end)}`, "latin1");
}
