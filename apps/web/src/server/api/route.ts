import "server-only";
import { authenticateApiToken, type MerchantId, NotFoundError, type UserId } from "@po-pro/db";
import { setMerchant, setRequestId } from "@po-pro/observability";
import type { z } from "zod";
import { merchantOfRequest } from "../auth/session";
import { webMetrics } from "../metrics";
import { getServices } from "../services";
import { jsonError } from "./json-error";

/** Who is calling the JSON API: a signed-in person (session cookie) or a merchant's API token. */
export type ApiCaller =
  | { via: "session"; merchantId: MerchantId; userId: UserId }
  | { via: "token"; merchantId: MerchantId };

/**
 * The caller of an API request. An `Authorization: Bearer` header is the whole answer when present
 * — a wrong token is refused even if a session cookie rides along — else the session cookie.
 */
export async function apiCaller(request: Request): Promise<ApiCaller | undefined> {
  const authorization = request.headers.get("authorization");
  if (authorization !== null) {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization.trim())?.[1];
    if (token === undefined) return undefined;
    const { db } = await getServices();
    const found = await authenticateApiToken(db, token);
    if (found === undefined) return undefined;
    setMerchant(found.merchantId);
    return { via: "token", merchantId: found.merchantId };
  }
  const signedIn = await merchantOfRequest(request);
  return signedIn && { via: "session", merchantId: signedIn.merchantId, userId: signedIn.userId };
}

/** Bad input: answered 400 with `{ error: { code, message, fields } }`, one entry per field. */
export class ApiInputError extends Error {
  override readonly name = "ApiInputError";
  constructor(
    readonly code: "invalid_query" | "invalid_body",
    readonly fields: Record<string, string>,
  ) {
    super(code === "invalid_query" ? "The query has invalid parameters." : "The body is invalid.");
  }
}

function fieldsOf(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) fields[issue.path.join(".") || "(root)"] ??= issue.message;
  return fields;
}

/** The URL's query parameters (first value of each) through `schema`, or `ApiInputError`. */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  const parsed = schema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw new ApiInputError("invalid_query", fieldsOf(parsed.error));
  return parsed.data;
}

/** The JSON body through `schema`, or `ApiInputError` (a body that is not JSON included). */
export async function parseBody<S extends z.ZodType>(
  request: Request,
  schema: S,
): Promise<z.output<S>> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new ApiInputError("invalid_body", { "(root)": "must be a JSON document" });
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ApiInputError("invalid_body", fieldsOf(parsed.error));
  return parsed.data;
}

/**
 * A JSON API handler: the request id joins the logs and Sentry, the caller is authenticated
 * (401 otherwise), and bad input (400), another merchant's or a missing id (404, never 403, so ids
 * do not leak) become the API's one error shape. Anything else is a 500 that `onRequestError`
 * reports.
 */
export function apiRoute<Context>(
  handler: (request: Request, caller: ApiCaller, context: Context) => Promise<Response>,
): (request: Request, context: Context) => Promise<Response> {
  return async (request, context) => {
    const started = performance.now();
    const requestId = request.headers.get("x-request-id");
    if (requestId) setRequestId(requestId);
    let status = 500;
    try {
      const response = await answer(request, context);
      status = response.status;
      return response;
    } finally {
      webMetrics().recordApiRequest(
        routeOf(request),
        request.method,
        status,
        (performance.now() - started) / 1000,
      );
    }
  };

  async function answer(request: Request, context: Context): Promise<Response> {
    const caller = await apiCaller(request);
    if (caller === undefined) {
      return jsonError(401, "unauthenticated", "Sign in, or send a valid API token as Bearer.");
    }
    try {
      return await handler(request, caller, context);
    } catch (error) {
      if (error instanceof ApiInputError) {
        return jsonError(400, error.code, error.message, error.fields);
      }
      if (error instanceof NotFoundError) return jsonError(404, "not_found", "Not found.");
      throw error;
    }
  }
}

const ID_SEGMENT = /\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?=\/|$)/gi;

/** The metric label for a request: its path with ids folded (`/api/suppliers/:id`). */
function routeOf(request: Request): string {
  return new URL(request.url).pathname.replace(ID_SEGMENT, "/:id");
}

/** Answers JSON that no cache keeps (the API's data is one merchant's). */
export function privateJson(body: unknown, init: ResponseInit = {}): Response {
  return Response.json(body, {
    ...init,
    headers: { "cache-control": "private, no-store", ...init.headers },
  });
}
