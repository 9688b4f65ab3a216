/** The API's error shape: `{ error: { code, message, fields? } }`, the same for every route. */
export function jsonError(
  status: number,
  code: string,
  message: string,
  fields?: Record<string, string>,
): Response {
  return Response.json(
    { error: { code, message, ...(fields !== undefined ? { fields } : {}) } },
    { status, headers: { "cache-control": "no-store" } },
  );
}
