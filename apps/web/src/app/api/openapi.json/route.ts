import { env } from "../../../env";
import { openApiDocument } from "../../../server/api/openapi";

export const dynamic = "force-dynamic";

/** The JSON API's OpenAPI document (public: it describes the API, it holds no data). */
export function GET(): Response {
  return Response.json(openApiDocument(env().web.BETTER_AUTH_URL), {
    headers: { "cache-control": "public, max-age=300" },
  });
}
