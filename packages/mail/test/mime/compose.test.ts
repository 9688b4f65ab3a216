import { describe, expect, it } from "vitest";
import { composeMessage, toBase64Url } from "../../src/mime/compose.js";
import { parseMessage } from "../../src/mime/parse.js";
import { IDEMPOTENCY_HEADER, type OutboundMessage } from "../../src/port.js";
import { makePdf } from "./pdf-fixture.js";

const from = { address: "einkauf@mueller-shop.example", name: "Jürgen Müller – Einkauf" };

const message: OutboundMessage = {
  to: [{ address: "orders@supplier.example", name: "Søren Åberg" }],
  cc: [{ address: "cc@shop.example" }],
  subject: "Bestellung PO-1001 – Größe XL, 10 Stück 注文",
  text: "Bitte bestätigen Sie die Lieferung von 10 Stück zu 4,50 €.\n\nDanke!",
  idempotencyKey: "outbox-7f3a",
};

describe("composeMessage", () => {
  it("round-trips non-ASCII subject, names and body through parseMessage", async () => {
    const { raw, messageId } = await composeMessage({
      from,
      message,
      date: new Date("2025-01-06T09:00:00Z"),
    });
    const head = raw.toString("latin1").split("\r\n\r\n")[0] ?? "";
    // Headers are 7-bit on the wire: non-ASCII only as RFC 2047 encoded words.
    expect([...head].every((ch) => ch.charCodeAt(0) < 0x80)).toBe(true);
    expect(head).toMatch(/=\?UTF-8\?[BQ]\?/i);

    const parsed = await parseMessage(raw);
    expect(parsed.subject).toBe(message.subject);
    expect(parsed.from).toEqual({ address: from.address, name: from.name });
    expect(parsed.to).toEqual([{ address: "orders@supplier.example", name: "Søren Åberg" }]);
    expect(parsed.cc).toEqual([{ address: "cc@shop.example" }]);
    expect(parsed.newText).toBe(message.text);
    expect(parsed.messageId).toBe(messageId);
    expect(messageId).toMatch(/^<[^<>@]+@mueller-shop\.example>$/);
    expect(parsed.idempotencyKey).toBe("outbox-7f3a");
    expect(parsed.headers[IDEMPOTENCY_HEADER.toLowerCase()]).toEqual(["outbox-7f3a"]);
    expect(parsed.date).toBe("2025-01-06T09:00:00.000Z");
    expect(parsed.inReplyTo).toBeUndefined();
    expect(parsed.references).toEqual([]);
  });

  it("writes Reply-To when given, with encoded names, and none otherwise", async () => {
    const replyTo = [
      { address: "einkauf@mueller-shop.example", name: "Einkauf Müller" },
      { address: "lager@mueller-shop.example" },
    ];
    const { raw } = await composeMessage({ from, message: { ...message, replyTo } });
    const head = raw.toString("latin1").split("\r\n\r\n")[0] ?? "";
    expect(head).toMatch(/^Reply-To: /m);
    expect((await parseMessage(raw)).replyTo).toEqual(replyTo);

    const without = await composeMessage({ from, message: { ...message, replyTo: [] } });
    expect(without.raw.toString("latin1")).not.toMatch(/^Reply-To:/im);
    expect((await parseMessage(without.raw)).replyTo).toEqual([]);
  });

  it("sets In-Reply-To and References for a reply, keeping the chain and the given Message-ID", async () => {
    const { raw, messageId } = await composeMessage({
      from,
      messageId: "our-reply-1@shop.example",
      message: {
        ...message,
        subject: "Re: PO-1001",
        inReplyTo: {
          threadId: "t1",
          messageId: "<sup-2@supplier.example>",
          references: ["<po-1001@shop.example>", "sup-2@supplier.example"],
        },
      },
    });
    expect(messageId).toBe("<our-reply-1@shop.example>");
    const parsed = await parseMessage(raw);
    expect(parsed.messageId).toBe("<our-reply-1@shop.example>");
    expect(parsed.inReplyTo).toBe("<sup-2@supplier.example>");
    expect(parsed.references).toEqual(["<po-1001@shop.example>", "<sup-2@supplier.example>"]);
  });

  it("carries HTML and attachments, which parse back with their text", async () => {
    const { raw } = await composeMessage({
      from,
      message: {
        ...message,
        html: "<p>Bitte bestätigen.</p>",
        attachments: [
          {
            filename: "PO-1001.pdf",
            contentType: "application/pdf",
            content: makePdf(["PURCHASE ORDER PO-1001"]),
          },
        ],
      },
    });
    const parsed = await parseMessage(raw);
    expect(parsed.newText).toBe(message.text);
    expect(parsed.attachments).toHaveLength(1);
    expect(parsed.attachments[0]?.filename).toBe("PO-1001.pdf");
    expect(parsed.attachments[0]?.text).toContain("PURCHASE ORDER PO-1001");
  });

  it("encodes base64url for Gmail without padding", async () => {
    const { raw } = await composeMessage({ from, message });
    const encoded = toBase64Url(raw);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(encoded, "base64url").equals(raw)).toBe(true);
    expect(toBase64Url(new Uint8Array([0xfb, 0xff]))).toBe("-_8");
    const view = new Uint8Array([1, 2, 0xfb, 0xff, 3]).subarray(2, 4);
    expect(toBase64Url(view)).toBe("-_8");
  });
});
