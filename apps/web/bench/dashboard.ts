/**
 * The dashboard at scale: the demo merchant with 100 000 more orders, the built app on loopback.
 * Prints p50/p95 of the orders page and /api/orders (unfiltered, by status, by search, a deep
 * keyset page) beside the cheapest authenticated request (/api/live: session + one query) as the
 * peer, and the orders page's first-load JavaScript (gzip) with whether Session Replay is in it.
 *
 *   pnpm --filter @po-pro/web bench [orders]        (TEST_DATABASE_URL for PostgreSQL)
 */
import { gzipSync } from "node:zlib";
import { seedManyOrders } from "@po-pro/db/seed";
import { signIn, startWebHarness } from "../test/harness";

const ORDERS = Number(process.argv[2] ?? 100_000);
const RUNS = 200;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function measure(
  url: string,
  cookie: string,
): Promise<{ p50: number; p95: number; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS + 20; i++) {
    const started = performance.now();
    const response = await fetch(url, { headers: { cookie } });
    const body = await response.arrayBuffer();
    const elapsed = performance.now() - started;
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    if (i >= 20) times.push(elapsed); // the first 20 warm the server and the plan cache
    bytes = body.byteLength;
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), bytes };
}

async function firstLoadJs(baseUrl: string, cookie: string) {
  const html = await (await fetch(`${baseUrl}/orders`, { headers: { cookie } })).text();
  const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1] as string);
  let raw = 0;
  let gzip = 0;
  let replay = false;
  for (const src of new Set(scripts)) {
    const body = Buffer.from(await (await fetch(new URL(src, baseUrl))).arrayBuffer());
    raw += body.length;
    gzip += gzipSync(body, { level: 9 }).length;
    // rrweb is Session Replay's recorder: in a first-load chunk it would mean replay is not lazy.
    if (body.toString().includes("rrweb")) replay = true;
  }
  return { files: new Set(scripts).size, raw, gzip, replay };
}

async function main(): Promise<void> {
  const started = performance.now();
  const h = await startWebHarness();
  try {
    const seeded = await seedManyOrders(h.db, h.merchantA.merchantId, { count: ORDERS });
    console.log(
      `seeded ${ORDERS} orders in ${((performance.now() - started) / 1000).toFixed(1)} s (${JSON.stringify(seeded).slice(0, 80)})`,
    );
    const cookie = await signIn(h.baseUrl, h.merchantA.email);
    const api = await (
      await fetch(`${h.baseUrl}/api/orders?limit=50`, { headers: { cookie } })
    ).json();
    let after = (api as { next: string }).next;
    for (let i = 0; i < 20; i++) {
      const page = (await (
        await fetch(`${h.baseUrl}/api/orders?limit=200&after=${after}`, { headers: { cookie } })
      ).json()) as { next: string };
      after = page.next;
    }
    const cases: [string, string][] = [
      ["peer: /api/live", "/api/live"],
      ["/api/orders", "/api/orders"],
      ["/api/orders?status=needs_approval", "/api/orders?status=needs_approval"],
      ["/api/orders?q=PO-1234", "/api/orders?q=PO-1234"],
      ["/api/orders?q=atlas", "/api/orders?q=atlas"],
      ["/api/orders, page 21 (after 4 050 rows)", `/api/orders?after=${after}`],
      ["/orders (page HTML)", "/orders"],
      ["/orders?status=negotiating", "/orders?status=negotiating"],
    ];
    const rows: string[] = [];
    let peer = 0;
    for (const [label, path] of cases) {
      const { p50, p95, bytes } = await measure(`${h.baseUrl}${path}`, cookie);
      if (peer === 0) peer = p95;
      rows.push(
        `${label.padEnd(44)} p50 ${p50.toFixed(1).padStart(6)} ms  p95 ${p95.toFixed(1).padStart(6)} ms  ×${(p95 / peer).toFixed(2).padStart(5)} of peer p95  ${(bytes / 1024).toFixed(0).padStart(4)} kB`,
      );
    }
    console.log(
      `\n${RUNS} sequential requests each on ${h.databaseUrl.includes(":5432") ? "PostgreSQL" : "the embedded database"}, ${ORDERS} + demo orders (goal: p95 ≤ 50 ms)`,
    );
    for (const row of rows) console.log(row);
    const js = await firstLoadJs(h.baseUrl, cookie);
    console.log(
      `\nfirst-load JS of /orders: ${js.files} files, ${(js.raw / 1024).toFixed(0)} kB raw, ${(js.gzip / 1024).toFixed(1)} kB gzip (goal ≤ 200 kB); Session Replay in first load: ${js.replay ? "YES" : "no"}`,
    );
  } finally {
    await h.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
