import { SCHEDULES, type ScheduledJobName } from "@po-pro/jobs";
import { traceHeaders } from "@po-pro/observability";
import { env } from "../../../../env";
import { bearerMatches } from "../../../../server/api/bearer";
import { jsonError } from "../../../../server/api/json-error";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const WORKER_TIMEOUT_MS = 10_000;

function isScheduled(name: string): name is ScheduledJobName {
  return Object.hasOwn(SCHEDULES, name);
}

/**
 * Vercel Cron's entry (`vercel.json` lists one path per schedule): checks `CRON_SECRET`, then asks
 * the worker to run the job (`POST /jobs/:name` with its trigger secret), continuing this
 * request's trace so the job's spans join it. Only the scheduled jobs can be started here.
 */
async function startJob(
  request: Request,
  { params }: { params: Promise<{ job: string }> },
): Promise<Response> {
  const { web } = env();
  if (web.CRON_SECRET === undefined) {
    return jsonError(404, "not_found", "Cron routes are off (CRON_SECRET is not set).");
  }
  if (!bearerMatches(request.headers.get("authorization"), web.CRON_SECRET)) {
    return jsonError(401, "unauthenticated", "Send CRON_SECRET as a Bearer token.");
  }
  const { job } = await params;
  if (!isScheduled(job)) {
    return jsonError(404, "unknown_job", `There is no scheduled job named "${job}".`);
  }
  if (web.WORKER_URL === undefined || web.WORKER_TRIGGER_SECRET === undefined) {
    return jsonError(
      503,
      "worker_not_configured",
      "Set WORKER_URL and WORKER_TRIGGER_SECRET to start jobs on the worker.",
    );
  }
  let answer: Response;
  try {
    answer = await fetch(new URL(`/jobs/${job}`, web.WORKER_URL), {
      method: "POST",
      headers: {
        authorization: `Bearer ${web.WORKER_TRIGGER_SECRET}`,
        "content-type": "application/json",
        ...traceHeaders(),
      },
      body: "{}",
      signal: AbortSignal.timeout(WORKER_TIMEOUT_MS),
    });
  } catch (error) {
    // Thrown on: `onRequestError` reports it, and Vercel Cron records the failed run.
    throw new Error(`the worker at WORKER_URL did not answer for ${job}`, { cause: error });
  }
  const body = await answer.text();
  if (!answer.ok) {
    throw new Error(`the worker refused ${job}: HTTP ${answer.status} ${body.slice(0, 200)}`);
  }
  return new Response(body, {
    status: answer.status,
    headers: { "content-type": "application/json", "cache-control": "no-store" },
  });
}

// Vercel Cron sends GET; POST is for schedulers that prefer it.
export { startJob as GET, startJob as POST };
