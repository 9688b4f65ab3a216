import type { SupplierResponse } from "@po-pro/policy";
import {
  BrokenCircuitError,
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
  type IBackoff,
  type IBackoffFactory,
  type IRetryBackoffContext,
  retry,
  TimeoutStrategy,
  timeout,
  wrap,
} from "cockatiel";
import {
  classifyProviderError,
  ExtractionFailedError,
  ProviderCallError,
  ProviderConfigurationError,
} from "./errors.js";
import { estimateCostUsd, type LlmMetricsSink, NOOP_METRICS, type PriceTable } from "./metrics.js";
import { buildPrompt, type PromptBudget } from "./prompt.js";
import type { ExtractionProvider, ProviderReply } from "./providers/provider.js";
import {
  attemptBreadcrumb,
  recordSpanOutcome,
  reportAllFailed,
  reportConfigurationProblem,
  reportInvalidOutput,
  reportPrimaryFailure,
  reportSuccess,
  withAttemptSpan,
} from "./telemetry.js";
import type {
  AttemptOutcome,
  AttemptRecord,
  ExtractionRequest,
  ExtractionResult,
  TokenUsage,
} from "./types.js";
import { validateResponse } from "./validate.js";

export interface TimeoutOptions {
  /** One call to one provider; a hung provider costs this, not the SDK's default. */
  attemptMs: number;
  /** The whole extraction across providers and retries (the local extractor still runs after it). */
  deadlineMs: number;
}

export interface RetryOptions {
  /** Retries per provider call after the first attempt. */
  maxRetries: number;
  /** Exponential backoff with jitter: base, doubled per retry, capped at maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A provider's retry-after is honoured up to this; asking for longer falls back at once. */
  maxRetryAfterMs: number;
}

export interface BreakerOptions {
  /** Consecutive failed calls that open a provider's circuit. */
  failureThreshold: number;
  /** Time the circuit stays open before one trial call (half-open). */
  cooldownMs: number;
}

export interface LlmOptions {
  /** The chain, in order: the first is the primary, the rest are fallbacks. */
  providers: readonly ExtractionProvider[];
  timeouts?: Partial<TimeoutOptions>;
  retry?: Partial<RetryOptions>;
  breaker?: Partial<BreakerOptions>;
  budget?: Partial<PromptBudget>;
  metrics?: LlmMetricsSink;
  /** USD per million tokens by model, for the estimated-cost metric. */
  prices?: PriceTable;
  /** Called when a provider rejects our credentials or permissions (also sent to Sentry). */
  onConfigurationError?: (error: ProviderConfigurationError) => void;
}

export const LLM_DEFAULTS = {
  timeouts: { attemptMs: 30_000, deadlineMs: 90_000 },
  retry: { maxRetries: 2, baseDelayMs: 250, maxDelayMs: 4_000, maxRetryAfterMs: 10_000 },
  breaker: { failureThreshold: 5, cooldownMs: 30_000 },
  budget: { maxInputChars: 24_000 },
} as const;

export type CircuitStatus = "closed" | "open" | "half_open" | "isolated" | "none";

export interface Llm {
  /**
   * Extracts a validated SupplierResponse, trying each provider in turn.
   * @throws ExtractionFailedError when every provider failed; keep the email and retry later.
   */
  extract(request: ExtractionRequest): Promise<ExtractionResult>;
  /** The circuit of the provider at this position in the chain ("none" for local ones). */
  circuit(index: number): CircuitStatus;
  readonly providers: readonly ExtractionProvider[];
}

/** Breaker failures: the provider is down, overloaded or unusable as configured. */
const BREAKER_OUTCOMES: ReadonlySet<AttemptOutcome> = new Set<AttemptOutcome>([
  "timeout",
  "connection",
  "rate_limited",
  "spend_limit",
  "overloaded",
  "server_error",
  "authentication",
  "permission",
]);

function positive(name: string, value: number, allowZero = false): number {
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new RangeError(
      `createLlm: ${name} must be a ${allowZero ? "non-negative" : "positive"} number, got ${value}`,
    );
  }
  return value;
}

class RetryBackoff implements IBackoffFactory<IRetryBackoffContext<unknown>> {
  constructor(
    private readonly options: RetryOptions,
    private readonly deadlineAt: number,
  ) {}

  next(context: IRetryBackoffContext<unknown>): IBackoff<IRetryBackoffContext<unknown>> {
    const error = "error" in context.result ? context.result.error : undefined;
    const asked = error instanceof ProviderCallError ? error.retryAfterMs : undefined;
    const exponential = Math.min(
      this.options.maxDelayMs,
      this.options.baseDelayMs * 2 ** Math.max(0, context.attempt - 1),
    );
    // Equal jitter: half fixed, half random, so parallel callers spread out.
    const wanted =
      asked !== undefined
        ? Math.min(asked, this.options.maxRetryAfterMs)
        : exponential / 2 + (Math.random() * exponential) / 2;
    const duration = Math.max(0, Math.min(wanted, this.deadlineAt - performance.now()));
    return { duration, next: (next) => this.next(next) };
  }
}

interface Attempted {
  reply: ProviderReply;
  response: SupplierResponse | undefined;
  problems: readonly string[];
}

interface ResolvedOptions {
  timeouts: TimeoutOptions;
  retry: RetryOptions;
  breaker: BreakerOptions;
  budget: PromptBudget;
}

/** The options with defaults filled in; a nonsensical number fails here, at construction. */
function resolveOptions(options: LlmOptions): ResolvedOptions {
  const timeouts: TimeoutOptions = { ...LLM_DEFAULTS.timeouts, ...options.timeouts };
  const retryOptions: RetryOptions = { ...LLM_DEFAULTS.retry, ...options.retry };
  const breakerOptions: BreakerOptions = { ...LLM_DEFAULTS.breaker, ...options.breaker };
  const budget: PromptBudget = { ...LLM_DEFAULTS.budget, ...options.budget };
  positive("timeouts.attemptMs", timeouts.attemptMs);
  positive("timeouts.deadlineMs", timeouts.deadlineMs);
  positive("retry.maxRetries", retryOptions.maxRetries, true);
  positive("retry.baseDelayMs", retryOptions.baseDelayMs, true);
  positive("retry.maxDelayMs", retryOptions.maxDelayMs, true);
  positive("retry.maxRetryAfterMs", retryOptions.maxRetryAfterMs, true);
  positive("breaker.failureThreshold", breakerOptions.failureThreshold);
  positive("breaker.cooldownMs", breakerOptions.cooldownMs, true);
  positive("budget.maxInputChars", budget.maxInputChars);
  return { timeouts, retry: retryOptions, breaker: breakerOptions, budget };
}

/** One breaker per remote provider; a local provider cannot be down, so it has none. */
function createBreaker(provider: ExtractionProvider, options: BreakerOptions) {
  if (!provider.remote) return undefined;
  return circuitBreaker(
    handleWhen(
      (error) => error instanceof ProviderCallError && BREAKER_OUTCOMES.has(error.outcome),
    ),
    {
      halfOpenAfter: options.cooldownMs,
      breaker: new ConsecutiveBreaker(options.failureThreshold),
    },
  );
}

function circuitStatus(breaker: CircuitBreakerPolicy | undefined): CircuitStatus {
  if (breaker === undefined) return "none";
  switch (breaker.state) {
    case CircuitState.Closed:
      return "closed";
    case CircuitState.Open:
      return "open";
    case CircuitState.HalfOpen:
      return "half_open";
    default:
      return "isolated";
  }
}

/**
 * What is worth retrying on the same provider. A timeout falls back at once when another
 * remote provider follows (the next provider is the better retry for a hung one); a
 * retry-after beyond our cap or the deadline hands over to the next provider too.
 */
function retryPolicyFor(options: RetryOptions, isLastRemote: boolean, deadlineAt: number) {
  return retry(
    handleWhen((error) => {
      if (!(error instanceof ProviderCallError) || !error.retryable) return false;
      if (error.outcome === "timeout" && !isLastRemote) return false;
      if (error.retryAfterMs !== undefined) {
        if (error.retryAfterMs > options.maxRetryAfterMs) return false;
        if (performance.now() + error.retryAfterMs >= deadlineAt) return false;
      }
      return performance.now() < deadlineAt;
    }),
    { maxAttempts: options.maxRetries, backoff: new RetryBackoff(options, deadlineAt) },
  );
}

/** The attempts of one extraction, with their token usage, breadcrumbs and metrics. */
function createAttemptLog(metrics: LlmMetricsSink, prices: PriceTable) {
  const attempts: AttemptRecord[] = [];
  const usage: TokenUsage = { inputTokens: 0, outputTokens: 0 };
  function record(
    provider: ExtractionProvider,
    repair: boolean,
    outcome: AttemptOutcome,
    durationMs: number,
    extra: Partial<AttemptRecord> = {},
  ): AttemptRecord {
    const entry: AttemptRecord = {
      provider: provider.name,
      model: provider.model,
      attempt: attempts.length + 1,
      repair,
      outcome,
      durationMs,
      ...extra,
    };
    attempts.push(entry);
    usage.inputTokens += entry.inputTokens ?? 0;
    usage.outputTokens += entry.outputTokens ?? 0;
    attemptBreadcrumb(entry);
    metrics.attempt({
      provider: provider.name,
      model: provider.model,
      outcome,
      durationSeconds: durationMs / 1000,
      inputTokens: entry.inputTokens ?? 0,
      outputTokens: entry.outputTokens ?? 0,
      estimatedCostUsd: estimateCostUsd(
        prices,
        provider.model,
        entry.inputTokens ?? 0,
        entry.outputTokens ?? 0,
      ),
    });
    return entry;
  }
  return { attempts, usage, record };
}

/**
 * Builds the extraction chain. This package is the one retry owner: the SDKs run with
 * `maxRetries: 0`, and each remote call goes through retry → circuit breaker → per-attempt
 * timeout (cockatiel), inside an overall deadline.
 */
export function createLlm(options: LlmOptions): Llm {
  const providers = [...options.providers];
  if (providers.length === 0) throw new RangeError("createLlm: providers must not be empty");
  const {
    timeouts,
    retry: retryOptions,
    breaker: breakerOptions,
    budget,
  } = resolveOptions(options);
  const metrics = options.metrics ?? NOOP_METRICS;
  const prices = options.prices ?? {};
  const lastRemote = providers.reduce((last, p, i) => (p.remote ? i : last), -1);
  const breakers = providers.map((provider) => createBreaker(provider, breakerOptions));

  async function extract(request: ExtractionRequest): Promise<ExtractionResult> {
    const startedAt = performance.now();
    const deadlineAt = startedAt + timeouts.deadlineMs;
    const prompt = buildPrompt(request, budget);
    const { attempts, usage, record } = createAttemptLog(metrics, prices);

    /** One call, timed and validated, recorded as one attempt (with its own span). */
    function attemptOnce(
      provider: ExtractionProvider,
      repair: Attempted | undefined,
      signal: AbortSignal | undefined,
    ): Promise<Attempted> {
      const isRepair = repair !== undefined;
      return withAttemptSpan(provider, attempts.length + 1, isRepair, async (span) => {
        const began = performance.now();
        const remaining = deadlineAt - began;
        try {
          if (provider.remote && remaining <= 0) {
            throw new ProviderCallError(
              provider.name,
              provider.model,
              "deadline_exceeded",
              false,
              "the overall deadline passed before this attempt",
            );
          }
          const call = (attemptSignal: AbortSignal) =>
            provider.extract({
              request,
              prompt,
              signal: attemptSignal,
              ...(repair !== undefined
                ? { repair: { previousOutput: repair.reply.raw, problems: repair.problems } }
                : {}),
            });
          const reply = provider.remote
            ? await timeout(
                Math.min(timeouts.attemptMs, remaining),
                TimeoutStrategy.Aggressive,
              ).execute(({ signal: attemptSignal }) => call(attemptSignal), signal)
            : await call(signal ?? new AbortController().signal);
          const validation =
            reply.output === undefined
              ? ({
                  ok: false,
                  problems: [reply.parseError ?? "the provider returned no output"],
                } as const)
              : validateResponse(reply.output, request.order);
          const entry = record(
            provider,
            isRepair,
            validation.ok ? "ok" : "invalid_output",
            performance.now() - began,
            {
              inputTokens: reply.usage.inputTokens,
              outputTokens: reply.usage.outputTokens,
              ...(validation.ok ? {} : { message: validation.problems.join("; ").slice(0, 500) }),
            },
          );
          recordSpanOutcome(span, entry);
          return validation.ok
            ? { reply, response: validation.response, problems: [] }
            : { reply, response: undefined, problems: validation.problems };
        } catch (error) {
          const classified = classifyProviderError(error, {
            provider: provider.name,
            model: provider.model,
            deadlineHit: performance.now() >= deadlineAt - 1,
            callerAborted: request.signal?.aborted ?? false,
          });
          const entry = record(provider, isRepair, classified.outcome, performance.now() - began, {
            ...(classified.status !== undefined ? { status: classified.status } : {}),
            message: classified.message.slice(0, 500),
          });
          recordSpanOutcome(span, entry);
          throw classified;
        }
      });
    }

    /** Retry → breaker around one logical call (first try or the repair). */
    async function callWithPolicies(
      index: number,
      provider: ExtractionProvider,
      repair: Attempted | undefined,
    ): Promise<Attempted> {
      const breaker = breakers[index];
      if (breaker === undefined) return attemptOnce(provider, repair, request.signal);
      const retryPolicy = retryPolicyFor(retryOptions, index === lastRemote, deadlineAt);
      return wrap(retryPolicy, breaker).execute(
        ({ signal }) => attemptOnce(provider, repair, signal),
        request.signal,
      );
    }

    type ProviderOutcome = { ok: true; response: SupplierResponse } | { ok: false; error: unknown };

    async function runProvider(
      index: number,
      provider: ExtractionProvider,
    ): Promise<ProviderOutcome> {
      let previous: Attempted | undefined;
      for (let pass = 0; pass < 2; pass++) {
        let attempted: Attempted;
        try {
          attempted = await callWithPolicies(index, provider, previous);
        } catch (error) {
          if (error instanceof BrokenCircuitError) {
            record(provider, previous !== undefined, "circuit_open", 0, {
              message: "circuit open: provider skipped",
            });
          } else if (error instanceof ProviderCallError && error.isConfigurationProblem) {
            const problem = new ProviderConfigurationError(
              provider.name,
              provider.model,
              error.status,
              error.message,
            );
            reportConfigurationProblem(problem);
            options.onConfigurationError?.(problem);
            return { ok: false, error: problem };
          }
          return { ok: false, error };
        }
        if (attempted.response !== undefined) return { ok: true, response: attempted.response };
        previous = attempted;
      }
      const invalid = new ProviderCallError(
        provider.name,
        provider.model,
        "invalid_output",
        false,
        `output still invalid after one repair: ${previous?.problems.join("; ") ?? ""}`,
      );
      reportInvalidOutput(provider, invalid);
      return { ok: false, error: invalid };
    }

    for (let index = 0; index < providers.length; index++) {
      const provider = providers[index] as ExtractionProvider;
      if (request.signal?.aborted) break;
      if (provider.remote && performance.now() >= deadlineAt) {
        record(provider, false, "deadline_exceeded", 0, { message: "overall deadline passed" });
        continue;
      }
      const outcome = await runProvider(index, provider);
      if (outcome.ok) {
        const usedFallback = index > 0;
        reportSuccess(provider, providers[0] as ExtractionProvider, attempts.length, usedFallback);
        return {
          response: outcome.response,
          provider: provider.name,
          model: provider.model,
          usedFallback,
          attempts,
          usage,
          inputTrimmed: prompt.trimmed,
        };
      }
      // Invalid output and rejected credentials were already captured in their own categories.
      const capturedAlready =
        outcome.error instanceof ProviderConfigurationError ||
        (outcome.error instanceof ProviderCallError && outcome.error.outcome === "invalid_output");
      if (index === 0 && !capturedAlready) reportPrimaryFailure(provider, outcome.error);
      const next = providers[index + 1];
      if (next !== undefined) {
        metrics.fallback(
          { provider: provider.name, model: provider.model },
          { provider: next.name, model: next.model },
        );
      }
    }
    const failed = new ExtractionFailedError(attempts);
    reportAllFailed(failed);
    throw failed;
  }

  return {
    extract,
    providers,
    circuit: (index: number): CircuitStatus => circuitStatus(breakers[index]),
  };
}
