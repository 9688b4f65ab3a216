/** What `load.ts` and its `load-client.ts` child say to each other over IPC. */

/** One endpoint held at a steady rate. */
export interface Target {
  readonly name: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  /** Requests per second, over all connections. */
  readonly rate: number;
  readonly connections: number;
}

/** One target's responses during one phase; latencies (ms) are of 2xx responses. */
export interface PhaseStats {
  readonly target: string;
  readonly phase: string;
  readonly seconds: number;
  readonly ok: number;
  /** Answered, but not 2xx. */
  readonly failed: number;
  /** Not answered: connection errors and time-outs. */
  readonly errors: number;
  readonly statuses: Record<string, number>;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export type ParentMessage =
  | { type: "start"; targets: Target[]; timeoutSeconds: number }
  | { type: "phase"; phase: string }
  | { type: "stop" };

export type ClientMessage =
  | { type: "ready" }
  | { type: "started" }
  | { type: "results"; phases: PhaseStats[] };
