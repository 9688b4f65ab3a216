const SIGNALS = ["SIGTERM", "SIGINT"] as const;

let installed = false;

/**
 * Flushes pending events when the process is asked to stop, then lets the signal do what it
 * would have done: if the app has its own handler we only flush; otherwise we re-raise so the
 * process still exits (a bare listener would otherwise keep it alive).
 */
export function installShutdownFlush(
  target: { close(timeoutMs?: number): Promise<boolean> },
  timeoutMs = 2000,
): void {
  if (installed) return;
  installed = true;
  for (const signal of SIGNALS) {
    const onSignal = () => {
      process.removeListener(signal, onSignal);
      const others = process.listenerCount(signal);
      target
        .close(timeoutMs)
        .catch(() => false)
        .finally(() => {
          if (others === 0) process.kill(process.pid, signal);
        });
    };
    process.on(signal, onSignal);
  }
}
