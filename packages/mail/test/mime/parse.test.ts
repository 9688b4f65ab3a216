import { describe, expect, it } from "vitest";
import { MailboxError } from "../../src/errors.js";
import { parseMessage } from "../../src/mime/parse.js";
import type { ParsedMessage } from "../../src/port.js";
import { type CorpusMessage, corpus } from "./corpus.js";

function check(m: ParsedMessage, c: CorpusMessage): void {
  const e = c.expected;
  if (e.newText !== undefined) expect(m.newText).toBe(e.newText);
  for (const s of e.newTextIncludes ?? []) expect(m.newText).toContain(s);
  for (const s of e.newTextExcludes ?? []) expect(m.newText).not.toContain(s);
  for (const s of e.textIncludes ?? []) expect(m.text).toContain(s);
  if (e.subject !== undefined) expect(m.subject).toBe(e.subject);
  if (e.from !== undefined) expect(m.from?.address).toBe(e.from);
  if (e.notes) expect(m.notes.join("\n")).toMatch(e.notes);
  else if (!e.attachments?.some((a) => a.note))
    expect(m.notes.filter((n) => /limit|skipped/.test(n))).toEqual([]);
  if (e.attachmentCount !== undefined) expect(m.attachments).toHaveLength(e.attachmentCount);
  for (const want of e.attachments ?? []) {
    const att = m.attachments.find(
      (a) =>
        (want.filename === undefined || a.filename === want.filename) &&
        (want.contentType === undefined || a.contentType === want.contentType),
    );
    expect(att, `attachment ${want.filename ?? want.contentType}`).toBeDefined();
    if (want.textIncludes) expect(att?.text).toContain(want.textIncludes);
    if (want.noText) expect(att?.text).toBeUndefined();
    if (want.note) expect(att?.note).toMatch(want.note);
  }
}

describe("MIME corpus", () => {
  it("has at least 40 messages", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(40);
  });

  for (const c of corpus) {
    it(c.name, async () => {
      const started = performance.now();
      let result: ParsedMessage | undefined;
      let error: unknown;
      try {
        result = await parseMessage(c.raw, c.options);
      } catch (caught) {
        error = caught;
      }
      // A guard against a parse that hangs or goes quadratic, not a benchmark (bench/mime.bench.ts
      // measures): generous enough for a machine busy with the rest of the suite.
      expect(performance.now() - started).toBeLessThan(5000);
      if (error !== undefined) {
        expect(error).toBeInstanceOf(MailboxError);
        expect((error as MailboxError).kind).toBe("parse");
        expect(c.expected.parseError, `unexpected parse error: ${String(error)}`).toBe(true);
        return;
      }
      expect(c.expected.parseError, "expected a parse error").toBeUndefined();
      if (result) check(result, c);
    });
  }
});

describe("parseMessage details", () => {
  const byName = (name: string) => {
    const c = corpus.find((m) => m.name === name);
    if (!c) throw new Error(name);
    return c.raw;
  };

  it("keeps every header, lower-cased, top first", async () => {
    const m = await parseMessage(byName("envelope headers"));
    expect(m.headers["authentication-results"]).toEqual([
      "mx.shop.example; spf=pass; dkim=pass; dmarc=pass",
      "forged.example; spf=fail",
    ]);
    expect(m.headers.subject).toEqual(["Re: PO-1001"]);
    expect(Object.keys(m.headers).every((k) => k === k.toLowerCase())).toBe(true);
  });

  it("reads the envelope: reply-to, threading, idempotency key, groups, lower-cased addresses", async () => {
    const m = await parseMessage(byName("envelope headers"));
    expect(m.replyTo).toEqual([{ address: "billing@elsewhere.example", name: "Other" }]);
    expect(m.inReplyTo).toBe("<po-1001@shop.example>");
    expect(m.references).toEqual(["<a@shop.example>", "<po-1001@shop.example>"]);
    expect(m.idempotencyKey).toBe("outbox-123");
    expect(m.messageId).toBe("<m1@supplier.example>");
    expect(m.date).toBe("2025-01-06T09:00:00.000Z");
    expect(m.to.map((a) => a.address)).toEqual([
      "orders@shop.example",
      "one@shop.example",
      "two@shop.example",
    ]);
    expect(m.from).toEqual({ address: "anna@supplier.example", name: "Anna Supplier" });
  });

  it("keeps the headers of a message whose MIME structure could not be read", async () => {
    const m = await parseMessage(byName("deep nesting"));
    expect(m.subject).toBe("deep");
    expect(m.headers["content-type"]?.[0]).toMatch(/^multipart\/mixed/);
    expect(Object.keys(m.headers).some((k) => k.includes("fallback"))).toBe(false);
  });

  it("accepts a string as well as bytes", async () => {
    const m = await parseMessage("Subject: s\r\nFrom: x@y.example\r\n\r\nHello\r\n");
    expect(m.newText).toBe("Hello");
    expect(m.notes).toEqual([]);
  });

  it("limits are configurable: text", async () => {
    const m = await parseMessage(`Subject: s\r\n\r\n${"a".repeat(500)}`, { maxTextChars: 100 });
    expect(m.text).toHaveLength(100);
    expect(m.notes).toHaveLength(1);
    expect(m.notes[0]).toMatch(/^text cut to 100 of 50[01] characters$/);
  });

  it("times out a PDF extraction that runs too long", async () => {
    const raw = byName("pdf acknowledgement");
    const m = await parseMessage(raw, { pdfTimeoutMs: 0 });
    const pdf = m.attachments.find((a) => a.filename === "ack.pdf");
    // With no time at all extraction either finishes in the same tick or stops with a note.
    expect(pdf?.text ?? pdf?.note).toBeDefined();
  });

  it("rejects a non-message with a typed parse error", async () => {
    await expect(parseMessage("")).rejects.toMatchObject({
      name: "MailboxError",
      kind: "parse",
      provider: "mime",
    });
  });
});
