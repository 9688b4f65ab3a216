import { describe, expect, it } from "vitest";
import { DEFAULT_MIME_LIMITS } from "../../src/mime/limits.js";
import { parseMessage } from "../../src/mime/parse.js";
import { cutLongTextParts } from "../../src/mime/text-parts.js";

const CRLF = "\r\n";
const reply = "We confirm PO-1001: 10 units at 4.50 EUR, shipping Friday.";
const enc = new TextEncoder();
const dec = new TextDecoder();

function head(extra: readonly string[]): string {
  return [
    "From: Anna Supplier <anna@supplier.example>",
    "To: orders@shop.example",
    "Subject: Re: PO-1001",
    "Message-ID: <long@supplier.example>",
    "MIME-Version: 1.0",
    ...extra,
  ].join(CRLF);
}

/** ~2 MB of short lines: the shape postal-mime is slowest on. */
const filler = "filler line of the huge message, nothing new here\r\n".repeat(40_000);

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await run();
  return { result, ms: performance.now() - started };
}

describe("long text bodies", () => {
  it("cuts a ~2 MB plain body with a note, bounded in size and time", async () => {
    const raw = enc.encode(
      `${head(["Content-Type: text/plain; charset=utf-8"])}${CRLF}${CRLF}${reply}${CRLF}${filler}`,
    );
    expect(raw.byteLength).toBeGreaterThan(2_000_000);
    const { result: m, ms } = await timed(() => parseMessage(raw));
    expect(m.text.length).toBeLessThanOrEqual(DEFAULT_MIME_LIMITS.maxTextChars);
    expect(m.newText.length).toBeLessThanOrEqual(DEFAULT_MIME_LIMITS.maxTextChars);
    expect(m.newText.startsWith(reply)).toBe(true);
    expect(m.notes.join("\n")).toMatch(/^body of \d+ bytes cut to 400\d{3} bytes before parsing/m);
    expect(m.notes.join("\n")).toMatch(/^text cut to 100000 of \d+ characters$/m);
    // A guard against going back to parsing the whole body (seconds), not a benchmark
    // (bench/mime.bench.ts measures ~40 ms); room for a machine busy with the rest of the suite.
    expect(ms).toBeLessThan(2000);
  });

  it("cuts a long text part inside a multipart and keeps the parts after it", async () => {
    const raw = enc.encode(
      [
        head(['Content-Type: multipart/mixed; boundary="outer"']),
        "",
        "--outer",
        "Content-Type: text/plain; charset=utf-8",
        "",
        `${reply}${CRLF}${filler}`,
        "--outer",
        "Content-Type: text/csv; name=order.csv",
        "Content-Disposition: attachment; filename=order.csv",
        "",
        "sku,qty",
        "A-1,10",
        "--outer--",
        "",
      ].join(CRLF),
    );
    const m = await parseMessage(raw);
    expect(m.newText.startsWith(reply)).toBe(true);
    expect(m.notes.join("\n")).toMatch(/^text\/plain part of \d+ bytes cut to \d+ bytes/m);
    expect(m.attachments).toHaveLength(1);
    expect(m.attachments[0]).toMatchObject({ filename: "order.csv", text: "sku,qty\nA-1,10\n" });
  });

  it("keeps lines that may be boundaries, and never cuts base64 or attachments", () => {
    const limits = { ...DEFAULT_MIME_LIMITS, maxTextChars: 10 };
    const body = ["a".repeat(30), "b".repeat(30), "-- ", "c".repeat(30), "--x--", ""].join(CRLF);
    const single = enc.encode(`Subject: s${CRLF}${CRLF}${body}`);
    const notes: string[] = [];
    const out = dec.decode(cutLongTextParts(single, limits, notes));
    // The bound is 40 bytes: the line that crosses it is kept whole, "--" lines always.
    expect(out).toBe(
      `Subject: s${CRLF}${CRLF}${"a".repeat(30)}${CRLF}${"b".repeat(30)}${CRLF}-- ${CRLF}--x--${CRLF}`,
    );
    expect(notes).toEqual([
      "body of 96 bytes cut to 64 bytes before parsing (text limit 10 characters)",
    ]);

    for (const header of [
      "Content-Transfer-Encoding: base64",
      "Content-Disposition: attachment",
      "Content-Disposition: inline;\r\n filename=notes.txt",
      'Content-Type: text/plain; charset=utf-8; name="notes.txt"',
    ]) {
      const raw = enc.encode(`Subject: s${CRLF}${header}${CRLF}${CRLF}${body}`);
      const kept: string[] = [];
      expect(cutLongTextParts(raw, limits, kept)).toBe(raw);
      expect(kept).toEqual([]);
    }
  });

  it("leaves ordinary mail untouched", () => {
    const raw = enc.encode(`Subject: s${CRLF}${CRLF}${reply}${CRLF}`);
    const notes: string[] = [];
    expect(cutLongTextParts(raw, DEFAULT_MIME_LIMITS, notes)).toBe(raw);
    expect(notes).toEqual([]);
  });
});
