/**
 * The /heavy route's ~500 µs of CPU: an xorshift loop that allocates nothing. (Hashing in a loop
 * allocated ~1,000 objects per request, so the route measured V8's young-generation sizing, which
 * differs per process, more than CPU: instrumented servers sometimes ran it faster than none.)
 */
export function heavyWork(rounds: number): number {
  // Every intermediate stays an int32 (signed shifts), so each process's JIT compiles the same
  // integer loop; `>>>` or a seed above 2^31 made some processes run it on doubles, 2x slower.
  let x = 0x2545f491;
  for (let i = 0; i < rounds; i++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    x = (x + i) | 0;
  }
  return x;
}

/** Rounds of `heavyWork` that take about `micros` µs here, measured once optimised. */
export function calibrateHeavyRounds(micros = 500): number {
  const probe = 1_000_000;
  for (let i = 0; i < 50; i++) heavyWork(20_000 + i);
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 5; i++) {
    const start = process.hrtime.bigint();
    heavyWork(probe);
    best = Math.min(best, Number(process.hrtime.bigint() - start));
  }
  return Math.max(1, Math.round((micros * 1000 * probe) / best));
}
