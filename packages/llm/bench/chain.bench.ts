/**
 * `pnpm bench`: what the chain costs.
 *  1. Added latency with the primary's circuit open, against calling the fallback directly
 *     (goal: p99 ≤ 5 ms added), both in-process and through the real OpenAI SDK on a local
 *     wire-format server. The two runs are interleaved and printed side by side.
 *  2. Time to fall back from a hung primary (real Anthropic SDK, local server that never
 *     answers) against the attempt timeout (goal: the attempt timeout ± 50 ms).
 *
 * `BENCH_NODES=/usr/bin/node,../../node_modules/.bin/node pnpm bench` runs the whole benchmark
 * once per Node binary and round (`BENCH_ROUNDS`, default 5), alternating the binaries, and
 * prints them side by side (nodes.ts).
 */

import { createLlm, type Llm } from "../src/llm.js";
import { createAnthropicProvider } from "../src/providers/anthropic.js";
import { createOpenAIProvider } from "../src/providers/openai.js";
import type { ExtractionProvider } from "../src/providers/provider.js";
import { openai, startWireServer } from "../src/testing/wire-servers.js";
import type { ExtractionRequest } from "../src/types.js";
import { benchNodes, compareNodes, isNodeWorker, type Run } from "./nodes.js";

if (benchNodes().length > 0 && !isNodeWorker()) {
  await compareNodes(benchNodes(), Number(process.env.BENCH_ROUNDS ?? 5));
  process.exit(0);
}

const request: ExtractionRequest = {
  order: {
    poNumber: "PO-1",
    currency: "USD",
    requestedDeliveryDate: "2026-12-10",
    paymentTerms: "NET30",
    lines: [{ sku: "A-1", description: "Thing", quantity: 10, unitPrice: 100 }],
  },
  email: {
    from: "s@x.com",
    subject: "Re: PO-1",
    receivedAt: "2026-11-20T10:00:00Z",
    text: "Confirmed, thanks.",
  },
};
const output = { kind: "confirmation", lines: [], confidence: 0.9 };

const down: ExtractionProvider = {
  name: "anthropic",
  model: "down",
  system: "anthropic",
  remote: true,
  async extract() {
    throw Object.assign(new Error("Service Unavailable"), { status: 503, headers: new Headers() });
  },
};
const inProcess: ExtractionProvider = {
  name: "openai",
  model: "in-process",
  system: "openai",
  remote: true,
  async extract() {
    return { output, raw: "", usage: { inputTokens: 1, outputTokens: 1 } };
  },
};

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

async function openCircuitOverhead(label: string, fallback: ExtractionProvider, runs: number) {
  const options = {
    retry: { maxRetries: 0 },
    breaker: { failureThreshold: 1, cooldownMs: 3_600_000 },
  };
  const chain = createLlm({ providers: [down, fallback], ...options });
  const direct = createLlm({ providers: [fallback], ...options });
  await chain.extract(request); // opens the primary's circuit
  if (chain.circuit(0) !== "open") throw new Error("the primary's circuit did not open");
  const measure = async (llm: Llm) => {
    const start = performance.now();
    await llm.extract(request);
    return performance.now() - start;
  };
  for (let i = 0; i < 200; i++) {
    await measure(chain);
    await measure(direct);
  }
  const viaChain: number[] = [];
  const viaDirect: number[] = [];
  for (let i = 0; i < runs; i++) {
    // Alternate which goes first so neither always runs warm.
    if (i % 2 === 0) {
      viaChain.push(await measure(chain));
      viaDirect.push(await measure(direct));
    } else {
      viaDirect.push(await measure(direct));
      viaChain.push(await measure(chain));
    }
  }
  viaChain.sort((a, b) => a - b);
  viaDirect.sort((a, b) => a - b);
  const row = (q: number) => {
    const c = quantile(viaChain, q);
    const d = quantile(viaDirect, q);
    return `p${Math.round(q * 100)} ${c.toFixed(3)} ms vs ${d.toFixed(3)} ms direct (×${(c / d).toFixed(2)}, +${(c - d).toFixed(3)} ms)`;
  };
  const added99 = quantile(viaChain, 0.99) - quantile(viaDirect, 0.99);
  console.log(`\n[open circuit → ${label}] ${runs} interleaved runs`);
  console.log(`  ${row(0.5)}`);
  console.log(`  ${row(0.99)}`);
  console.log(
    `  added p99 ${added99.toFixed(3)} ms — goal ≤ 5 ms: ${added99 <= 5 ? "met" : "NOT met"}`,
  );
  return {
    p50: quantile(viaChain, 0.5),
    p50Direct: quantile(viaDirect, 0.5),
    p99: quantile(viaChain, 0.99),
    p99Direct: quantile(viaDirect, 0.99),
    added99,
  };
}

async function hungPrimary(attemptMs: number, runs: number) {
  const hung = await startWireServer({ hang: true });
  const gpt = await startWireServer(openai.toolCall(output));
  const fallbackTimes: number[] = [];
  const directTimes: number[] = [];
  try {
    const fallback = createOpenAIProvider({ apiKey: "sk", model: "gpt", baseURL: `${gpt.url}/v1` });
    const direct = createLlm({ providers: [fallback] });
    for (let i = 0; i < runs; i++) {
      const llm = createLlm({
        providers: [
          createAnthropicProvider({ apiKey: "sk", model: "claude", baseURL: hung.url }),
          fallback,
        ],
        timeouts: { attemptMs, deadlineMs: 10 * attemptMs },
      });
      const start = performance.now();
      const result = await llm.extract(request);
      fallbackTimes.push(performance.now() - start);
      if (result.provider !== "openai") throw new Error("did not fall back");
      const t = performance.now();
      await direct.extract(request);
      directTimes.push(performance.now() - t);
    }
  } finally {
    await hung.close();
    await gpt.close();
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const maxDeviation = Math.max(
    ...fallbackTimes.map((t, i) => Math.abs(t - (directTimes[i] ?? 0) - attemptMs)),
  );
  console.log(`\n[hung primary → fallback] attempt timeout ${attemptMs} ms, ${runs} runs`);
  console.log(
    `  total ${mean(fallbackTimes).toFixed(1)} ms mean (×${(mean(fallbackTimes) / attemptMs).toFixed(3)} the attempt timeout), fallback call alone ${mean(directTimes).toFixed(1)} ms`,
  );
  console.log(
    `  time to fall back (total − fallback call) deviates from the timeout by at most ${maxDeviation.toFixed(1)} ms — goal ± 50 ms: ${maxDeviation <= 50 ? "met" : "NOT met"}`,
  );
  return { total: mean(fallbackTimes), direct: mean(directTimes), maxDeviation };
}

const inProcessRun = await openCircuitOverhead("in-process fallback", inProcess, 5_000);
const server = await startWireServer(openai.toolCall(output));
let sdkRun: Awaited<ReturnType<typeof openCircuitOverhead>>;
try {
  sdkRun = await openCircuitOverhead(
    "OpenAI SDK on a local server",
    createOpenAIProvider({ apiKey: "sk", model: "gpt", baseURL: `${server.url}/v1` }),
    1_000,
  );
} finally {
  await server.close();
}
const hungRun = await hungPrimary(250, 10);
if (isNodeWorker()) {
  const run: Run = {
    version: process.version,
    inProcess: inProcessRun,
    sdk: sdkRun,
    hung: hungRun,
  };
  process.send?.(run, undefined, {}, () => process.disconnect());
}
