import { getServices } from "../../../../server/services";

/** better-auth's endpoints: sign-in (rate-limited), sign-out, session, Google callback. */
async function handle(request: Request): Promise<Response> {
  const { auth } = await getServices();
  return auth.handler(request);
}

export { handle as GET, handle as POST };
