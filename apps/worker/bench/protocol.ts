/** What `throughput.ts` and its `worker-process.ts` children say to each other over IPC. */

export interface BenchConfig {
  readonly databaseUrl: string;
  /** `anthropic`: the wire server at `llmUrl`; `local`: the keyless extractor in process. */
  readonly llm: "anthropic" | "local";
  readonly llmUrl?: string;
  readonly concurrency: number;
  readonly pollingIntervalSeconds: number;
  /** Not what src does: see `withBurst` in worker-process.ts. */
}

/** Statements sent since the last reset, keyed by `job\tstatement`, and the CPU time spent. */
export interface StatementCounts {
  readonly ours: Record<string, number>;
  readonly boss: Record<string, number>;
  readonly cpuMs: number;
  /** Warnings and errors the worker logged, by event, job and message. */
  readonly warnings: Record<string, number>;
  /** How long each handler run took, in milliseconds, by job. */
  readonly durations: Record<string, number[]>;
}

export type ParentMessage = { type: "reset" } | { type: "report" } | { type: "stop" };

export type ChildMessage =
  | { type: "ready" }
  | { type: "reset" }
  | { type: "report"; counts: StatementCounts };
