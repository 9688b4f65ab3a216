/**
 * The fake Sentry both apps' SENTRY_DSN points at, with the faults of the run: healthy (answers
 * 200), unreachable (nothing listens on its port: connection refused), slow (holds every request
 * open; the SDKs' transport gives up after its time-out) and failing (answers 500).
 */
import { type EnvelopeReceiver, startEnvelopeReceiver } from "@po-pro/observability/testing";

export type SentryMode = "healthy" | "unreachable" | "slow" | "failing";

export interface SentryCounts {
  /** HTTP requests that reached the fake Sentry (refused connections never do). */
  readonly requests: number;
  /** Envelopes it accepted (answered 200), by the app that sent them. */
  readonly web: number;
  readonly worker: number;
}

export interface PhasedSentry {
  readonly dsn: string;
  set(mode: SentryMode): Promise<void>;
  /** What arrived since the last call. */
  take(): SentryCounts;
  close(): Promise<void>;
}

/** Which app sent an envelope: the SDK named in its header (@sentry/nextjs or @sentry/node). */
function sender(header: Record<string, unknown>): "web" | "worker" | undefined {
  const name = (header.sdk as { name?: unknown } | undefined)?.name;
  if (typeof name !== "string") return undefined;
  if (name.includes("nextjs")) return "web";
  if (name.includes("node")) return "worker";
  return undefined;
}

export async function startPhasedSentry(): Promise<PhasedSentry> {
  let receiver: EnvelopeReceiver | undefined = await startEnvelopeReceiver();
  const dsn = receiver.dsn;
  const port = Number(new URL(receiver.origin).port);
  // Counts of receivers already closed (the unreachable phase replaces the receiver).
  let closed: SentryCounts = { requests: 0, web: 0, worker: 0 };

  function count(of: EnvelopeReceiver): SentryCounts {
    let web = 0;
    let worker = 0;
    for (const envelope of of.envelopes()) {
      const app = sender(envelope.header);
      if (app === "web") web++;
      if (app === "worker") worker++;
    }
    return { requests: of.requestCount(), web, worker };
  }

  return {
    dsn,
    async set(mode) {
      if (mode === "unreachable") {
        if (receiver !== undefined) {
          closed = count(receiver);
          await receiver.close();
          receiver = undefined;
        }
        return;
      }
      receiver ??= await startEnvelopeReceiver({ port });
      receiver.respondWith(
        mode === "slow"
          ? { kind: "hang" }
          : mode === "failing"
            ? { kind: "status", status: 500 }
            : { kind: "accept" },
      );
    },
    take() {
      const open = receiver === undefined ? { requests: 0, web: 0, worker: 0 } : count(receiver);
      receiver?.reset();
      const total = {
        requests: open.requests + closed.requests,
        web: open.web + closed.web,
        worker: open.worker + closed.worker,
      };
      closed = { requests: 0, web: 0, worker: 0 };
      return total;
    },
    async close() {
      await receiver?.close();
      receiver = undefined;
    },
  };
}
