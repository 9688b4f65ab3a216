/**
 * MIME throughput: our `parseMessage` (postal-mime + html-to-text + unpdf + quote split) against
 * bare mailparser `simpleParser` on the same corpus in the same run, and the p99 for the largest
 * message. Prints; asserts nothing. Run: `pnpm exec tsx bench/mime.bench.ts [rounds]`.
 */
import { simpleParser } from "mailparser";
import { parseMessage } from "../src/mime/parse.js";
import { corpus } from "../test/mime/corpus.js";

const rounds = Number(process.argv[2] ?? 20);

async function ours(raw: Uint8Array, options?: object): Promise<void> {
  try {
    await parseMessage(raw, options);
  } catch {
    // The typed "not a message" errors are part of the corpus.
  }
}

async function bare(raw: Uint8Array): Promise<void> {
  try {
    await simpleParser(Buffer.from(raw));
  } catch {
    // mailparser rejects some of the broken messages; counted like ours.
  }
}

type Case = (typeof corpus)[number];

async function throughput(
  name: string,
  set: readonly Case[],
  parse: (c: Case) => Promise<void>,
): Promise<number> {
  for (const c of set) await parse(c); // warm-up
  const started = performance.now();
  for (let r = 0; r < rounds; r++) for (const c of set) await parse(c);
  const seconds = (performance.now() - started) / 1000;
  const rate = (rounds * set.length) / seconds;
  console.log(
    `${name.padEnd(28)} ${rate.toFixed(0).padStart(7)} messages/s  (${rounds} x ${set.length} messages, ${seconds.toFixed(2)} s)`,
  );
  return rate;
}

async function p99(name: string, parse: () => Promise<void>, runs = 100): Promise<void> {
  await parse();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await parse();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) =>
    times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]?.toFixed(1);
  console.log(
    `${name.padEnd(28)} p50 ${at(0.5)} ms  p99 ${at(0.99)} ms  max ${at(1)} ms  (${runs} runs)`,
  );
}

const totalBytes = corpus.reduce((n, c) => n + c.raw.byteLength, 0);
console.log(
  `MIME corpus: ${corpus.length} messages, ${(totalBytes / 1e6).toFixed(2)} MB; node ${process.version}`,
);
const a = await throughput("parseMessage (postal-mime)", corpus, (c) => ours(c.raw, c.options));
const b = await throughput("mailparser simpleParser", corpus, (c) => bare(c.raw));
console.log(`ratio ours/bare, whole corpus: ${(a / b).toFixed(2)}`);
// Without the messages over 100 kB, which dominate the whole-corpus figure.
const ordinary = corpus.filter((c) => c.raw.byteLength <= 100_000);
const c1 = await throughput("parseMessage, <= 100 kB", ordinary, (c) => ours(c.raw, c.options));
const c2 = await throughput("simpleParser, <= 100 kB", ordinary, (c) => bare(c.raw));
console.log(`ratio ours/bare, <= 100 kB: ${(c1 / c2).toFixed(2)}`);

const largest = corpus.reduce((x, y) => (y.raw.byteLength > x.raw.byteLength ? y : x));
console.log(`largest message: "${largest.name}", ${(largest.raw.byteLength / 1e6).toFixed(2)} MB`);
await p99("parseMessage, default limits", () => ours(largest.raw));
await p99("parseMessage, corpus limits", () => ours(largest.raw, largest.options));
await p99("mailparser simpleParser", () => bare(largest.raw));
