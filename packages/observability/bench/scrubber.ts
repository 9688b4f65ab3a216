import { createScrubber } from "../src/core/scrubber.js";

/** A realistic ~10 KB error event: stack frames, breadcrumbs, request, contexts, a few secrets. */
export function realisticEvent(seed = 0): Record<string, unknown> {
  const frames = Array.from({ length: 25 }, (_, i) => ({
    filename: `/app/node_modules/.pnpm/pkg@1.0.${i}/dist/index.js`,
    function: `handler${i}`,
    lineno: 100 + i,
    colno: 12,
    in_app: i > 20,
    context_line: `    const result = await processOrder(order${seed}, supplier${i});`,
  }));
  return {
    event_id: "4bf92f3577b34da6a3ce929d0e0e4736",
    timestamp: 1700000000.123,
    platform: "node",
    level: "error",
    environment: "production",
    release: "9f8e7d6c",
    message: "extraction failed for order PO-1042 from jane.doe@acme-supplies.com",
    exception: {
      values: [
        {
          type: "Error",
          value: "upstream 401: key sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWx",
          stacktrace: { frames },
        },
      ],
    },
    breadcrumbs: Array.from({ length: 30 }, (_, i) => ({
      timestamp: 1700000000 + i,
      category: i % 2 ? "llm_service" : "db",
      message:
        i % 7 === 0
          ? `select * from orders where id = ${seed + i}`
          : `attempt ${i} ok in ${seed + i * 3} ms`,
      data: {
        attempt: i,
        provider: "anthropic",
        model: "claude",
        status: 200,
        url: `https://api.anthropic.com/v1/messages?req=${seed}-${i}`,
      },
    })),
    request: {
      url: "https://app.po.pro/api/orders/1042/approve?token=abc123",
      method: "POST",
      headers: {
        "user-agent": "Mozilla/5.0",
        authorization: "Bearer abcdefghijklmnop",
        "content-type": "application/json",
      },
    },
    contexts: {
      trace: { trace_id: "4bf92f3577b34da6a3ce929d0e0e4736", span_id: "00f067aa0ba902b7" },
      llm: { provider: "anthropic", model: "claude", used_fallback: false, attempt: 2 },
      runtime: { name: "node", version: "v20.20.2" },
    },
    tags: {
      service: "worker",
      merchant_id: "m-1",
      order_id: "o-1042",
      category: "llm-primary-failure",
    },
    extra: { supplier_note: "Please pay to DE89370400440532013000 by Friday", lines: 12 },
  };
}

/**
 * Events per second for the scrubber, against a JSON round-trip of the same events as the peer.
 * `repeating`: 500 copies of one event (strings repeat across events, as stack context and URLs do
 * in production, so the scrubber's memo hits). `unique`: every string differs between events.
 */
export function benchScrubber(ms = 2000): {
  repeatingPerSecond: number;
  uniquePerSecond: number;
  jsonPerSecond: number;
  bytes: number;
} {
  const scrubber = createScrubber();
  // Distinct copies (distinct string instances) so nothing is measured against a warm object.
  const pool = Array.from({ length: 500 }, () => JSON.parse(JSON.stringify(realisticEvent())));
  let next = 0;
  const event = () => pool[next++ % pool.length] as Record<string, unknown>;
  // 2000 distinct events cycle through far more strings than the memo holds: all misses.
  const uniquePool = Array.from({ length: 2000 }, (_, i) => realisticEvent(i + 1));
  let nextUnique = 0;
  const uniqueEvent = () => uniquePool[nextUnique++ % uniquePool.length] as Record<string, unknown>;
  const bytes = JSON.stringify(realisticEvent()).length;
  const run = (fn: () => unknown) => {
    for (let i = 0; i < 2000; i++) fn(); // warm-up
    let count = 0;
    const end = performance.now() + ms;
    while (performance.now() < end) {
      for (let i = 0; i < 100; i++) fn();
      count += 100;
    }
    return count / (ms / 1000);
  };
  return {
    repeatingPerSecond: run(() => scrubber.event(event())),
    uniquePerSecond: run(() => scrubber.event(uniqueEvent())),
    jsonPerSecond: run(() => JSON.parse(JSON.stringify(uniqueEvent()))),
    bytes,
  };
}
