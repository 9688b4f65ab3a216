/**
 * The worker's Prometheus metrics: the shared service metrics (Sentry events, job runs and
 * durations, LLM attempts, emails processed) plus the agent's own, all with the shared labels and
 * trace-id exemplars. Queue depth and age are read from pg-boss when scraped.
 */
import { JOB_NAMES } from "@po-pro/jobs";
import { createServiceMetrics, traceExemplar } from "@po-pro/observability/metrics";
import type { PgBoss } from "pg-boss";
import { Counter, Gauge } from "prom-client";

const PREFIX = "po_pro_";

export function createWorkerMetrics(options: {
  environment: string;
  release?: string | undefined;
  processMetrics?: boolean;
}) {
  const service = createServiceMetrics({
    service: "worker",
    environment: options.environment,
    release: options.release,
    prefix: PREFIX,
    processMetrics: options.processMetrics ?? true,
  });
  const registers = [service.registry];
  const decisions = new Counter({
    name: `${PREFIX}agent_decisions_total`,
    help: "Decisions on supplier replies, by recommended action and compliance status",
    labelNames: ["action", "status"],
    registers,
    enableExemplars: true,
  });
  const outbox = new Counter({
    name: `${PREFIX}outbox_messages_total`,
    help: "Outbox messages by outcome (sent, already_sent after a crash, failed) and kind",
    labelNames: ["outcome", "kind"],
    registers,
    enableExemplars: true,
  });
  const deadJobs = new Counter({
    name: `${PREFIX}dead_jobs_total`,
    help: "Jobs that exhausted their retries and went to the dead-letter queue, by job",
    labelNames: ["job"],
    registers,
  });
  const queueDepth = new Gauge({
    name: `${PREFIX}queue_depth`,
    help: "Jobs waiting in a queue (ready, deferred or retrying), by queue",
    labelNames: ["queue"],
    registers,
  });
  const queueActive = new Gauge({
    name: `${PREFIX}queue_active`,
    help: "Jobs being worked on, by queue",
    labelNames: ["queue"],
    registers,
  });
  const queueAge = new Gauge({
    name: `${PREFIX}queue_oldest_ready_seconds`,
    help: "How long the oldest ready job has waited, by queue (as of pg-boss's last monitor pass)",
    labelNames: ["queue"],
    registers,
  });

  let boss: PgBoss | undefined;
  // A symptom alert (queue, schedule) is noise while its cause fires: this says the cause is the
  // database, and Alertmanager inhibits the rest. Registered with the queues it reads, or a
  // process that reads none would report 0.
  let databaseUp: Gauge | undefined;

  return {
    service,
    contentType: service.contentType,
    /** Queue gauges read this pg-boss at scrape time. */
    watchQueues(instance: PgBoss): void {
      boss = instance;
      databaseUp ??= new Gauge({
        name: `${PREFIX}database_up`,
        help: "1 when this scrape could read the job queues from PostgreSQL, 0 when the query failed",
        registers,
      });
    },
    decision(action: string, status: string): void {
      decisions.inc({ labels: { action, status }, value: 1, exemplarLabels: traceExemplar() });
      service.decisions.inc({ labels: { action }, value: 1, exemplarLabels: traceExemplar() });
    },
    emailProcessed(outcome: string): void {
      service.emailsProcessed.inc({
        labels: { outcome },
        value: 1,
        exemplarLabels: traceExemplar(),
      });
    },
    outbox(outcome: "sent" | "already_sent" | "failed", kind: string): void {
      outbox.inc({ labels: { outcome, kind }, value: 1, exemplarLabels: traceExemplar() });
    },
    deadJob(job: string): void {
      deadJobs.inc({ job });
    },
    async metrics(): Promise<string> {
      if (boss !== undefined) {
        try {
          const queues = await boss.getQueues([...JOB_NAMES]);
          for (const queue of queues) {
            queueDepth.set({ queue: queue.name }, queue.queuedCount);
            queueActive.set({ queue: queue.name }, queue.activeCount);
            queueAge.set({ queue: queue.name }, queue.readyOldestSeconds ?? 0);
          }
          databaseUp?.set(1);
        } catch {
          // The database is down: serve the rest; /ready says what is wrong.
          databaseUp?.set(0);
        }
      }
      return service.metrics();
    },
  };
}

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;
