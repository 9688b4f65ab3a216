export {
  type CounterTerms,
  CounterTermsSchema,
  DEAD_LETTER_QUEUE,
  isJobName,
  JOB_NAMES,
  JOBS,
  type JobName,
  type JobPayload,
  SCHEDULES,
  type ScheduledJobName,
} from "./contract.js";
export {
  type DrizzleExecutor,
  declareQueues,
  type EnqueueOptions,
  enqueue,
  JobPayloadError,
  parseJobPayload,
} from "./enqueue.js";
