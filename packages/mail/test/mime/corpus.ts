/**
 * The MIME corpus: messages built here, each with what it must parse to. Shared by the tests,
 * the fuzz property and the benchmark.
 */
import type { MimeLimits } from "../../src/mime/limits.js";
import { makePdf } from "./pdf-fixture.js";

export interface Expected {
  /** Exact `newText`. */
  readonly newText?: string;
  readonly newTextIncludes?: readonly string[];
  readonly newTextExcludes?: readonly string[];
  readonly textIncludes?: readonly string[];
  readonly subject?: string;
  readonly from?: string;
  readonly notes?: RegExp;
  readonly attachments?: readonly {
    readonly filename?: string;
    readonly contentType?: string;
    readonly textIncludes?: string;
    readonly noText?: boolean;
    readonly note?: RegExp;
  }[];
  readonly attachmentCount?: number;
  /** Only a `MailboxError` of kind "parse" is acceptable. */
  readonly parseError?: true;
}

export interface CorpusMessage {
  readonly name: string;
  readonly raw: Uint8Array;
  readonly options?: Partial<MimeLimits>;
  readonly expected: Expected;
}

const enc = new TextEncoder();
const CRLF = "\r\n";

function bytes(...parts: (string | Uint8Array)[]): Uint8Array {
  return Buffer.concat(
    parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p))),
  );
}

const BASE_HEADERS = [
  "From: Anna Supplier <Anna@Supplier.example>",
  "To: Buyer <orders@shop.example>",
  "Date: Mon, 06 Jan 2025 10:00:00 +0100",
  "Message-ID: <m1@supplier.example>",
  "MIME-Version: 1.0",
];

/** A single-part message; `headers` add to (or, by name, replace) the base set. */
function msg(
  subject: string,
  body: string | Uint8Array,
  headers: readonly string[] = ["Content-Type: text/plain; charset=utf-8"],
): Uint8Array {
  const names = new Set(headers.map((h) => h.split(":")[0]?.toLowerCase()));
  const base = BASE_HEADERS.filter((h) => !names.has(h.split(":")[0]?.toLowerCase()));
  const head = [...base, `Subject: ${subject}`, ...headers].join(CRLF);
  return bytes(head, CRLF, CRLF, typeof body === "string" ? body.replace(/\r?\n/g, CRLF) : body);
}

function multipart(
  subject: string,
  type: string,
  parts: readonly (string | Uint8Array)[],
  extra: readonly string[] = [],
): Uint8Array {
  const boundary = "b0undary42";
  const chunks: (string | Uint8Array)[] = [];
  for (const part of parts) chunks.push(`--${boundary}${CRLF}`, part, CRLF);
  chunks.push(`--${boundary}--${CRLF}`);
  return msg(subject, bytes(...chunks), [
    `Content-Type: ${type}; boundary="${boundary}"`,
    ...extra,
  ]);
}

function part(headers: readonly string[], body: string | Uint8Array): Uint8Array {
  return bytes(
    headers.join(CRLF),
    CRLF,
    CRLF,
    typeof body === "string" ? body.replace(/\r?\n/g, CRLF) : body,
  );
}

function b64(data: Uint8Array | string, width = 76): string {
  const s = Buffer.from(data).toString("base64");
  return s.match(new RegExp(`.{1,${width}}`, "g"))?.join(CRLF) ?? "";
}

/** Deterministic noise, so the corpus is the same every run. */
function noise(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const PNG = Uint8Array.from(
  Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
    "base64",
  ),
);
const PDF = makePdf([
  "ORDER ACKNOWLEDGEMENT",
  "PO-1001 confirmed",
  "Widget A  qty 10  unit 4.50 EUR",
  "Ship date 2025-01-20",
]);

function longThread(depth: number): string {
  let text = "";
  for (let level = depth; level >= 1; level--) {
    const prefix = "> ".repeat(depth - level);
    const body = `${prefix}Message number ${level} in the thread.\n${prefix}\n${prefix}On Mon, Jan ${level} 2025 at 9:00 AM Person ${level} <p${level}@x.example> wrote:\n`;
    text += body;
  }
  return `Final answer: we ship on the 20th.\n\n${text.replace(/^Message number \d+ in the thread\.\n\n/, "")}`;
}

const reply = "We confirm PO-1001: 10 units at 4.50 EUR, shipping Friday.";

export const corpus: readonly CorpusMessage[] = [
  {
    name: "plain ascii reply",
    raw: msg("Re: PO-1001", `${reply}\n`),
    expected: { newText: reply, subject: "Re: PO-1001", from: "anna@supplier.example" },
  },
  {
    name: "gmail quote",
    raw: msg(
      "Re: PO-1001",
      `${reply}\n\nOn Mon, Jan 6, 2025 at 9:00 AM Buyer <orders@shop.example> wrote:\n> Please confirm PO-1001 for 10 units.\n> Thanks\n`,
    ),
    expected: { newText: reply, textIncludes: ["Please confirm PO-1001"] },
  },
  {
    name: "gmail quote, attribution wrapped",
    raw: msg(
      "Re: PO-1001",
      `${reply}\n\nOn Mon, Jan 6, 2025 at 9:00 AM A Very Long Buyer Name <orders@shop.example>\nwrote:\n\n> Please confirm.\n`,
    ),
    expected: { newText: reply },
  },
  {
    name: "outlook original message",
    raw: msg(
      "RE: PO-1001",
      `${reply}\n\nBest regards\nAnna\n\n-----Original Message-----\nFrom: Buyer <orders@shop.example>\nSent: Monday, January 6, 2025 9:00 AM\nTo: Anna\nSubject: PO-1001\n\nPlease confirm.\n`,
    ),
    expected: { newText: `${reply}\n\nBest regards\nAnna` },
  },
  {
    name: "outlook from/sent block",
    raw: msg(
      "RE: PO-1001",
      `${reply}\n\n________________________________\nFrom: Buyer <orders@shop.example>\nSent: Monday, January 6, 2025 9:00 AM\nTo: Anna Supplier\nSubject: PO-1001\n\nPlease confirm 10 units.\n`,
    ),
    expected: { newText: reply, newTextExcludes: ["Please confirm"] },
  },
  {
    name: "outlook german separator",
    raw: msg(
      "AW: PO-1001",
      "Bestätigt.\n\n-----Ursprüngliche Nachricht-----\nVon: Buyer <orders@shop.example>\nGesendet: Montag, 6. Januar 2025 09:00\n\nBitte bestätigen.\n",
    ),
    expected: { newText: "Bestätigt." },
  },
  {
    name: "apple quote",
    raw: msg(
      "Re: PO-1001",
      `${reply}\n\nSent from my iPhone\n\nOn 6 Jan 2025, at 09:00, Buyer <orders@shop.example> wrote:\n\n> Please confirm.\n`,
    ),
    expected: { newText: `${reply}\n\nSent from my iPhone` },
  },
  {
    name: "top quote then answer",
    raw: msg("Re: PO-1001", `> Can you ship 10 units?\n> By Friday?\n\nYes, all 10 by Friday.\n`),
    expected: { newText: "Yes, all 10 by Friday." },
  },
  {
    name: "german attribution, quoted-printable",
    raw: msg(
      "AW: Bestellung",
      "Wir best=C3=A4tigen die Lieferung.\n\nAm 06.01.2025 um 09:00 schrieb K=C3=A4ufer <orders@shop.example>:\n> Bitte best=C3=A4tigen.\n",
      ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable"],
    ),
    expected: { newText: "Wir bestätigen die Lieferung.", textIncludes: ["Bitte bestätigen."] },
  },
  {
    name: "spanish attribution",
    raw: msg(
      "RE: Pedido",
      "Confirmamos el pedido.\n\nEl lun, 6 ene 2025 a las 9:00, Comprador (<orders@shop.example>) escribió:\n> Por favor confirme.\n",
    ),
    expected: { newText: "Confirmamos el pedido." },
  },
  {
    name: "french attribution",
    raw: msg(
      "RE: Commande",
      "Commande confirmée.\n\nLe lun. 6 janv. 2025 à 09:00, Acheteur <orders@shop.example> a écrit :\n> Merci de confirmer.\n",
    ),
    expected: { newText: "Commande confirmée." },
  },
  {
    name: "gmail forward",
    raw: msg(
      "Fwd: PO-1001",
      "FYI, see the supplier's answer below.\n\n---------- Forwarded message ---------\nFrom: Other <other@vendor.example>\nDate: Mon, Jan 6, 2025 at 9:00 AM\nSubject: PO-1001\n\nWe cannot ship before March.\n",
    ),
    expected: {
      newText: "FYI, see the supplier's answer below.",
      textIncludes: ["We cannot ship before March."],
    },
  },
  {
    name: "apple forward",
    raw: msg(
      "Fwd: PO-1001",
      "Forwarding.\n\nBegin forwarded message:\n\nFrom: Other <other@vendor.example>\nSubject: PO-1001\n\nPrice is now 5.10 EUR.\n",
    ),
    expected: { newText: "Forwarding.", textIncludes: ["Price is now 5.10 EUR."] },
  },
  {
    name: "forward as inline message/rfc822",
    raw: multipart("Fwd: PO-1001", "multipart/mixed", [
      part(["Content-Type: text/plain; charset=utf-8"], "See below.\n"),
      part(
        ["Content-Type: message/rfc822"],
        "From: Other <other@vendor.example>\r\nSubject: PO-1001\r\nDate: Mon, 06 Jan 2025 09:00:00 +0000\r\n\r\nOriginal supplier body.\r\n",
      ),
    ]),
    expected: { newText: "See below.", textIncludes: ["Original supplier body."] },
  },
  {
    name: "forward as attached message/rfc822",
    raw: multipart("Fwd: PO-1001", "multipart/mixed", [
      part(["Content-Type: text/plain; charset=utf-8"], "Attached the supplier mail.\n"),
      part(
        [
          "Content-Type: message/rfc822; name=fwd.eml",
          "Content-Disposition: attachment; filename=fwd.eml",
        ],
        "From: Other <other@vendor.example>\r\nSubject: PO-1001\r\n\r\nAttached supplier body.\r\n",
      ),
    ]),
    expected: {
      newText: "Attached the supplier mail.",
      attachments: [{ filename: "fwd.eml", textIncludes: "Attached supplier body." }],
    },
  },
  {
    name: "iso-8859-1 quoted-printable",
    raw: msg("Prix", "Prix confirm=E9 =E0 4,50 =80?\n", [
      "Content-Type: text/plain; charset=ISO-8859-1",
      "Content-Transfer-Encoding: quoted-printable",
    ]),
    expected: { newTextIncludes: ["Prix confirmé à 4,50"] },
  },
  {
    name: "windows-1252 8bit",
    raw: msg(
      "Price",
      bytes(
        "Price ",
        Uint8Array.of(0x80),
        " 4.50 ",
        Uint8Array.of(0x93),
        "confirmed",
        Uint8Array.of(0x94),
        " ",
        Uint8Array.of(0x96),
        " ok\n",
      ),
      ["Content-Type: text/plain; charset=windows-1252", "Content-Transfer-Encoding: 8bit"],
    ),
    expected: { newText: "Price € 4.50 “confirmed” – ok" },
  },
  {
    name: "shift_jis base64",
    raw: msg(
      "=?ISO-2022-JP?B?GyRCQ21KOBsoQg==?=",
      `${b64(Uint8Array.of(0x92, 0x8d, 0x95, 0xb6, 0x82, 0xf0, 0x8a, 0x6d, 0x94, 0x46, 0x82, 0xb5, 0x82, 0xdc, 0x82, 0xb5, 0x82, 0xbd))}\n`,
      ["Content-Type: text/plain; charset=Shift_JIS", "Content-Transfer-Encoding: base64"],
    ),
    expected: { newText: "注文を確認しました", subject: "注文" },
  },
  {
    name: "gb2312 8bit",
    raw: msg(
      "=?GB2312?B?tqm1pQ==?=",
      bytes(Uint8Array.of(0xb6, 0xa9, 0xb5, 0xa5, 0xd2, 0xd1, 0xc8, 0xb7, 0xc8, 0xcf), "\n"),
      ["Content-Type: text/plain; charset=gb2312", "Content-Transfer-Encoding: 8bit"],
    ),
    expected: { newText: "订单已确认", subject: "订单" },
  },
  {
    name: "encoded-word headers",
    raw: msg(
      "=?UTF-8?Q?Best=C3=A4tigung_f=C3=BCr?= =?ISO-8859-1?Q?_Bestellung_M=FCller?=",
      "ok\n",
      [
        "Content-Type: text/plain; charset=utf-8",
        "From: =?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?= <Juergen@Lieferant.example>",
      ],
    ),
    expected: {
      subject: "Bestätigung für Bestellung Müller",
      from: "juergen@lieferant.example",
      newText: "ok",
    },
  },
  {
    name: "mis-declared us-ascii carrying utf-8",
    raw: msg("Prix", "Prix confirmé, livraison à Noël.\n", [
      "Content-Type: text/plain; charset=us-ascii",
      "Content-Transfer-Encoding: 8bit",
    ]),
    expected: { newText: "Prix confirmé, livraison à Noël." },
  },
  {
    name: "mis-declared unknown charset carrying utf-8",
    raw: msg("Preis", "Größe bestätigt – 4,50 €\n", [
      "Content-Type: text/plain; charset=x-totally-bogus",
      "Content-Transfer-Encoding: 8bit",
    ]),
    expected: { newText: "Größe bestätigt – 4,50 €" },
  },
  {
    name: "mis-declared utf-8 carrying latin-1",
    raw: msg("Prix", bytes("Prix confirm", Uint8Array.of(0xe9), " ok\n"), [
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: 8bit",
    ]),
    expected: {
      newTextIncludes: ["Prix confirm", " ok"],
      notes: /invalid in its declared charset/,
    },
  },
  {
    name: "html only",
    raw: msg(
      "Order confirmation",
      '<html><body><h1>Order confirmed</h1><p>PO-1001: <b>10</b> units at 4.50&nbsp;EUR.</p><table><tr><th>Item</th><th>Qty</th></tr><tr><td>Widget A</td><td>10</td></tr></table><img src="cid:logo"></body></html>',
      ["Content-Type: text/html; charset=utf-8"],
    ),
    expected: {
      newTextIncludes: ["Order confirmed", "PO-1001: 10 units at 4.50", "Qty", "Widget A   10"],
      newTextExcludes: ["<", "cid:"],
    },
  },
  {
    name: "html only with gmail quote",
    raw: msg(
      "Re: PO-1001",
      '<div dir="ltr">Delayed by two weeks, sorry.</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Mon, Jan 6, 2025 at 9:00 AM Buyer &lt;orders@shop.example&gt; wrote:<br></div><blockquote class="gmail_quote">Please confirm PO-1001.</blockquote></div>',
      ["Content-Type: text/html; charset=utf-8"],
    ),
    expected: {
      newText: "Delayed by two weeks, sorry.",
      textIncludes: ["Please confirm PO-1001."],
    },
  },
  {
    name: "outlook html-only reply",
    raw: msg(
      "RE: PO-1001",
      '<html><body><div>We can deliver 8 of 10 units now, the rest in March.</div><div><br></div><hr style="display:inline-block;width:98%"><div id="divRplyFwdMsg" dir="ltr"><font face="Calibri"><b>From:</b> Buyer &lt;orders@shop.example&gt;<br><b>Sent:</b> Monday, January 6, 2025 9:00 AM<br><b>To:</b> Anna Supplier<br><b>Subject:</b> PO-1001</font><div>&nbsp;</div></div><div>Please confirm 10 units.</div></body></html>',
      ["Content-Type: text/html; charset=utf-8"],
    ),
    expected: {
      newText: "We can deliver 8 of 10 units now, the rest in March.",
      textIncludes: ["Please confirm 10 units."],
    },
  },
  {
    name: "multipart/alternative prefers text",
    raw: multipart("Re: PO-1001", "multipart/alternative", [
      part(["Content-Type: text/plain; charset=utf-8"], `${reply}\n`),
      part(["Content-Type: text/html; charset=utf-8"], `<p>${reply} <i>(html)</i></p>`),
    ]),
    expected: { newText: reply, newTextExcludes: ["(html)"], attachmentCount: 0 },
  },
  {
    name: "multipart/alternative with empty text part",
    raw: multipart("Re: PO-1001", "multipart/alternative", [
      part(["Content-Type: text/plain; charset=utf-8"], "\n"),
      part(["Content-Type: text/html; charset=utf-8"], "<p>Only the HTML part has the answer.</p>"),
    ]),
    expected: { newText: "Only the HTML part has the answer." },
  },
  {
    name: "quoted-printable soft breaks",
    raw: msg(
      "QP",
      `${"We confirm the whole order and all of its lines, "
        .repeat(3)
        .match(/.{1,70}/g)
        ?.join("=\n")}\n`,
      ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable"],
    ),
    expected: { newText: "We confirm the whole order and all of its lines, ".repeat(3).trim() },
  },
  {
    name: "base64 utf-8 body",
    raw: msg("B64", `${b64("Lieferung bestätigt: 10 Stück, 4,50 €.\n")}\n`, [
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: base64",
    ]),
    expected: { newText: "Lieferung bestätigt: 10 Stück, 4,50 €." },
  },
  {
    name: "inline image in multipart/related",
    raw: multipart("Newsletter", "multipart/related", [
      part(
        ["Content-Type: text/html; charset=utf-8"],
        '<p>Confirmed, see our logo <img src="cid:logo@x"></p>',
      ),
      part(
        [
          "Content-Type: image/png",
          "Content-Transfer-Encoding: base64",
          "Content-ID: <logo@x>",
          "Content-Disposition: inline; filename=logo.png",
        ],
        b64(PNG),
      ),
    ]),
    expected: {
      newText: "Confirmed, see our logo",
      attachments: [{ contentType: "image/png", noText: true, note: /inline image/ }],
    },
  },
  {
    name: "pdf acknowledgement",
    raw: multipart("Order acknowledgement PO-1001", "multipart/mixed", [
      part(
        ["Content-Type: text/plain; charset=utf-8"],
        "Please find our acknowledgement attached.\n",
      ),
      part(
        [
          "Content-Type: application/pdf; name=ack.pdf",
          "Content-Transfer-Encoding: base64",
          "Content-Disposition: attachment; filename=ack.pdf",
        ],
        b64(PDF),
      ),
    ]),
    expected: {
      newText: "Please find our acknowledgement attached.",
      attachments: [
        { filename: "ack.pdf", contentType: "application/pdf", textIncludes: "PO-1001 confirmed" },
      ],
    },
  },
  {
    name: "corrupt pdf",
    raw: multipart("Ack", "multipart/mixed", [
      part(["Content-Type: text/plain"], "Attached.\n"),
      part(
        [
          "Content-Type: application/pdf; name=broken.pdf",
          "Content-Transfer-Encoding: base64",
          "Content-Disposition: attachment; filename=broken.pdf",
        ],
        b64(bytes(PDF.subarray(0, 120), noise(400, 7))),
      ),
    ]),
    expected: {
      newText: "Attached.",
      attachments: [{ filename: "broken.pdf", noText: true, note: /PDF/ }],
    },
  },
  {
    name: "corrupt base64 attachment",
    raw: multipart("Ack", "multipart/mixed", [
      part(["Content-Type: text/plain"], "See file.\n"),
      part(
        [
          "Content-Type: application/pdf; name=bad.pdf",
          "Content-Transfer-Encoding: base64",
          "Content-Disposition: attachment; filename=bad.pdf",
        ],
        "JVBER!!!i0xLjQK***not base64 at all%%%\n===\nQUJD\n",
      ),
    ]),
    expected: { newText: "See file.", attachments: [{ filename: "bad.pdf", noText: true }] },
  },
  {
    name: "corrupt base64 body",
    raw: msg("B64", "V2UgY29uZmlybQ==!!@@##$$VGhpcyBpcyBnYXJiYWdl\n", [
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: base64",
    ]),
    expected: { newTextIncludes: ["We confirm"] },
  },
  {
    name: "missing from, date and message-id",
    raw: enc.encode("Subject: no sender\r\n\r\nJust a body.\r\n"),
    expected: { newText: "Just a body.", subject: "no sender" },
  },
  {
    name: "not a message: no headers",
    raw: enc.encode("just some words, no header at all\n"),
    expected: { parseError: true },
  },
  { name: "not a message: empty", raw: new Uint8Array(0), expected: { parseError: true } },
  {
    name: "not a message: binary noise",
    raw: bytes(Uint8Array.of(0, 1, 2, 0xff, 0xfe), noise(2000, 11)),
    expected: { parseError: true },
  },
  {
    name: "8-bit garbage body",
    raw: msg("Garbage", bytes("Start. ", noise(5000, 3), "\nEnd."), [
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: 8bit",
    ]),
    expected: { textIncludes: ["Start."], notes: /invalid in its declared charset/ },
  },
  {
    name: "8-bit garbage in headers",
    raw: bytes(
      "From: ",
      noise(40, 5),
      " <a@b.example>\r\nSubject: ",
      noise(30, 9),
      "\r\nX-Junk: ",
      noise(200, 13).map((b) => (b === 10 || b === 13 ? 32 : b)),
      "\r\n\r\nBody survives.\r\n",
    ),
    expected: { newText: "Body survives." },
  },
  {
    name: "huge message over the size limit",
    raw: msg("Huge", `${reply}\n${"filler line of the huge message\n".repeat(40_000)}`),
    options: { maxMessageBytes: 500_000 },
    expected: { newTextIncludes: [reply], notes: /cut to the 500000-byte limit/ },
  },
  {
    name: "huge text over the text limit",
    raw: msg("Long", `${reply}\n${"x".repeat(250_000)}\n`),
    expected: { newTextIncludes: [reply], notes: /text cut to 100000 of/ },
  },
  {
    name: "huge attachment over the attachment limit",
    raw: multipart("Big", "multipart/mixed", [
      part(["Content-Type: text/plain"], "Big file attached.\n"),
      part(
        [
          "Content-Type: text/csv; name=big.csv",
          "Content-Disposition: attachment; filename=big.csv",
        ],
        "sku,qty\n".repeat(20_000),
      ),
    ]),
    options: { maxAttachmentBytes: 100_000 },
    expected: {
      newText: "Big file attached.",
      notes: /over the 100000-byte limit/,
      attachments: [{ filename: "big.csv", noText: true, note: /limit/ }],
    },
  },
  {
    name: "too many attachments",
    raw: multipart("Many", "multipart/mixed", [
      part(["Content-Type: text/plain"], "Many files.\n"),
      ...Array.from({ length: 60 }, (_, i) =>
        part(
          [
            `Content-Type: text/plain; name=f${i}.txt`,
            `Content-Disposition: attachment; filename=f${i}.txt`,
          ],
          `file ${i}\n`,
        ),
      ),
    ]),
    expected: {
      newText: "Many files.",
      notes: /10 of 60 attachments skipped/,
      attachmentCount: 50,
    },
  },
  {
    name: "long thread",
    raw: msg("Re: Re: Re: PO-1001", longThread(40)),
    expected: {
      newText: "Final answer: we ship on the 20th.",
      textIncludes: ["Message number 1 in the thread."],
    },
  },
  {
    name: "csv attachment text",
    raw: multipart("Prices", "multipart/mixed", [
      part(["Content-Type: text/plain"], "New prices attached.\n"),
      part(
        [
          "Content-Type: text/csv; name=prices.csv; charset=utf-8",
          "Content-Disposition: attachment; filename=prices.csv",
        ],
        "sku,price\nA,4.50\n",
      ),
    ]),
    expected: {
      newText: "New prices attached.",
      attachments: [{ filename: "prices.csv", textIncludes: "A,4.50" }],
    },
  },
  {
    name: "unterminated multipart",
    raw: msg(
      "Cut",
      bytes(
        "--zz\r\nContent-Type: text/plain\r\n\r\nPartial answer survives.\r\n--zz\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0x",
      ),
      ['Content-Type: multipart/mixed; boundary="zz"'],
    ),
    expected: { newTextIncludes: ["Partial answer survives."] },
  },
  {
    name: "multipart without boundary",
    raw: msg("No boundary", "Body of a multipart without a boundary.\n", [
      "Content-Type: multipart/mixed",
    ]),
    expected: {
      newText: "Body of a multipart without a boundary.",
      notes: /no readable MIME part/,
    },
  },
  {
    name: "envelope headers",
    raw: msg("Re: PO-1001", "ok\n", [
      "Content-Type: text/plain",
      "Authentication-Results: mx.shop.example; spf=pass; dkim=pass; dmarc=pass",
      "Authentication-Results: forged.example; spf=fail",
      "Reply-To: Other <Billing@Elsewhere.example>",
      "In-Reply-To: <po-1001@shop.example>",
      "References: <a@shop.example>\r\n <po-1001@shop.example>",
      "X-PO-Pro-Idempotency-Key: outbox-123",
      "To: Buyer <Orders@Shop.example>, Team: one@shop.example, two@shop.example;",
    ]),
    expected: { newText: "ok" },
  },
  {
    name: "deep nesting",
    raw: enc.encode(
      `Subject: deep\r\n${Array.from({ length: 120 }, (_, i) => `Content-Type: multipart/mixed; boundary=n${i}\r\n\r\n--n${i}\r\n`).join("")}Content-Type: text/plain\r\n\r\nDeep body.\r\n`,
    ),
    expected: {
      textIncludes: ["Deep body."],
      subject: "deep",
      notes: /MIME structure could not be read/,
    },
  },
  {
    name: "bare LF line endings",
    raw: enc.encode(
      "From: a@b.example\nSubject: LF\nContent-Type: text/plain\n\nLF only body.\n\nOn Tue, Jan 7, 2025 at 8:00 AM X <x@y.example> wrote:\n> old\n",
    ),
    expected: { newText: "LF only body.", subject: "LF" },
  },
  {
    name: "signature kept",
    raw: msg("Re: PO-1001", `${reply}\n\n-- \nAnna Supplier\nSales\n`),
    expected: { newTextIncludes: [reply, "Anna Supplier"] },
  },
  {
    name: "format=flowed",
    raw: msg("Flowed", "This line is flowed and \ncontinues here.\n", [
      "Content-Type: text/plain; charset=utf-8; format=flowed",
    ]),
    expected: { newText: "This line is flowed and continues here." },
  },
  {
    name: "headers only, no body",
    raw: enc.encode("From: a@b.example\r\nSubject: empty\r\n"),
    expected: { newText: "", subject: "empty" },
  },
];
