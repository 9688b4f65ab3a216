import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MailboxError } from "../../src/errors.js";
import { parseMessage } from "../../src/mime/parse.js";
import { corpus } from "./corpus.js";

// The huge cases cost most of a run's time without adding structure a mutation could break.
const seeds = corpus.filter((c) => c.raw.byteLength < 200_000);
// "Never hangs": a bound far above a parse (milliseconds) and far below a hang, with room for a
// machine busy with the rest of the suite (a browser and a Next server among it).
const TIME_BOUND_MS = 5_000;

type Mutation =
  | { kind: "flip"; at: number; bit: number }
  | { kind: "insert"; at: number; bytes: Uint8Array }
  | { kind: "delete"; at: number; length: number }
  | { kind: "truncate"; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant("flip" as const),
    at: fc.nat(),
    bit: fc.integer({ min: 0, max: 7 }),
  }),
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(),
    bytes: fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 16 }),
      // Structural bytes hit the parser where it decides things.
      fc
        .constantFrom(
          ...'\r\n|--|:|=?utf-8?B?|=|\r\n\r\n|<|>|;|"|Content-Type: multipart/mixed; boundary=x\r\n'.split(
            "|",
          ),
        )
        .map((s) => new TextEncoder().encode(s)),
    ),
  }),
  fc.record({
    kind: fc.constant("delete" as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 64 }),
  }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
);

function apply(raw: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let out = raw;
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % (out.length + 1);
    if (m.kind === "flip" && out.length > 0) {
      const copy = out.slice();
      const i = at % out.length;
      copy[i] = (copy[i] ?? 0) ^ (1 << m.bit);
      out = copy;
    } else if (m.kind === "insert") {
      out = Buffer.concat([out.subarray(0, at), m.bytes, out.subarray(at)]);
    } else if (m.kind === "delete") {
      out = Buffer.concat([out.subarray(0, at), out.subarray(at + m.length)]);
    } else if (m.kind === "truncate") {
      out = out.subarray(0, at);
    }
  }
  return out;
}

async function parseWithin(raw: Uint8Array): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<"hang">((resolve) => {
    timer = setTimeout(() => resolve("hang"), TIME_BOUND_MS);
  });
  const started = performance.now();
  try {
    const outcome = await Promise.race([
      parseMessage(raw, { pdfTimeoutMs: 500 }).then(
        (m) => {
          expect(typeof m.text).toBe("string");
          expect(typeof m.newText).toBe("string");
          return "ok" as const;
        },
        (error: unknown) => {
          if (!(error instanceof MailboxError) || error.kind !== "parse") throw error;
          return "typed" as const;
        },
      ),
      hang,
    ]);
    expect(outcome).not.toBe("hang");
    expect(performance.now() - started).toBeLessThan(TIME_BOUND_MS);
  } finally {
    clearTimeout(timer);
  }
}

describe("MIME fuzz", () => {
  it("random byte mutations of corpus messages never throw untyped and never hang", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: seeds.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 8 }),
        async (index, mutations) => {
          const seed = seeds[index];
          if (!seed) return;
          await parseWithin(apply(seed.raw, mutations));
        },
      ),
      { numRuns: Number(process.env.MIME_FUZZ_RUNS ?? 400) },
    );
  }, 60_000);

  it("arbitrary bytes behind a valid header never throw untyped", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), async (body) => {
        await parseWithin(
          Buffer.concat([
            Buffer.from("Subject: fuzz\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n"),
            body,
          ]),
        );
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});
