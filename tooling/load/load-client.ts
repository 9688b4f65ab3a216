/**
 * The HTTP load of `load.ts`, in its own process so that the fake Sentry and the samplers in the
 * parent cannot delay a response's timing: each target held at its rate for the whole run by
 * autocannon, every response counted in the phase the parent last announced.
 */
import autocannon from "autocannon";
import type { ClientMessage, ParentMessage, PhaseStats, Target } from "./protocol.js";

interface Bucket {
  readonly started: number;
  ended?: number;
  readonly latencies: number[];
  ok: number;
  failed: number;
  errors: number;
  readonly statuses: Record<string, number>;
}

const buckets = new Map<string, Map<string, Bucket>>();
const instances: autocannon.Instance[] = [];
const timers: NodeJS.Timeout[] = [];
let phase = "warm-up";

function send(message: ClientMessage): void {
  process.send?.(message);
}

function bucket(target: string): Bucket {
  let byPhase = buckets.get(target);
  if (byPhase === undefined) {
    byPhase = new Map();
    buckets.set(target, byPhase);
  }
  let current = byPhase.get(phase);
  if (current === undefined) {
    current = {
      started: performance.now(),
      latencies: [],
      ok: 0,
      failed: 0,
      errors: 0,
      statuses: {},
    };
    byPhase.set(phase, current);
  }
  return current;
}

function enter(next: string, targets: readonly Target[]): void {
  const now = performance.now();
  for (const target of targets) bucket(target.name).ended = now;
  phase = next;
  for (const target of targets) bucket(target.name);
}

/**
 * One autocannon instance per connection, each with its share of the rate, their starts spread
 * over one second: autocannon sends a connection's quota for a second as soon as the second
 * starts, so connections started together would arrive in bursts; spread, the requests of all
 * connections arrive evenly (one every 1/rate s when there is one connection per request a second).
 */
function start(targets: readonly Target[], timeoutSeconds: number): void {
  for (const target of targets) {
    for (let i = 0; i < target.connections; i++) {
      const share =
        Math.floor(target.rate / target.connections) +
        (i < target.rate % target.connections ? 1 : 0);
      if (share === 0) continue;
      const timer = setTimeout(
        () => {
          instances.push(connect(target, share, timeoutSeconds));
        },
        (i * 1000) / target.connections,
      );
      timers.push(timer);
    }
  }
}

function connect(target: Target, rate: number, timeoutSeconds: number): autocannon.Instance {
  const instance = autocannon(
    {
      url: target.url,
      method: "GET",
      headers: target.headers,
      connections: 1,
      overallRate: rate,
      timeout: timeoutSeconds,
      // Stopped by the parent; this is only a bound in case the parent dies.
      duration: 3600,
    },
    // With a callback autocannon returns the running instance (its events) rather than a promise.
    () => {},
  );
  instance.on("response", (_client, statusCode, _bytes, responseTime) => {
    const into = bucket(target.name);
    into.statuses[statusCode] = (into.statuses[statusCode] ?? 0) + 1;
    if (statusCode >= 200 && statusCode < 300) {
      into.ok += 1;
      into.latencies.push(responseTime);
    } else {
      into.failed += 1;
    }
  });
  instance.on("reqError", () => {
    bucket(target.name).errors += 1;
  });
  return instance;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

function results(): PhaseStats[] {
  const stats: PhaseStats[] = [];
  for (const [target, byPhase] of buckets) {
    for (const [name, b] of byPhase) {
      const sorted = [...b.latencies].sort((x, y) => x - y);
      stats.push({
        target,
        phase: name,
        seconds: ((b.ended ?? performance.now()) - b.started) / 1000,
        ok: b.ok,
        failed: b.failed,
        errors: b.errors,
        statuses: b.statuses,
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        p99: percentile(sorted, 99),
        max: sorted.at(-1) ?? Number.NaN,
      });
    }
  }
  return stats;
}

let targets: readonly Target[] = [];
process.on("message", (message: ParentMessage) => {
  switch (message.type) {
    case "start":
      targets = message.targets;
      start(targets, message.timeoutSeconds);
      send({ type: "started" });
      break;
    case "phase":
      enter(message.phase, targets);
      break;
    case "stop":
      enter("stopped", targets);
      for (const timer of timers) clearTimeout(timer);
      for (const instance of instances) instance.stop();
      send({ type: "results", phases: results() });
      break;
  }
});
// The parent gone (killed, Ctrl-C): no load without someone to read it.
process.on("disconnect", () => process.exit(0));
send({ type: "ready" });
