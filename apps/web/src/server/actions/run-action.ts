import "server-only";
import { instrumentServerAction } from "@po-pro/observability/next";
import { headers } from "next/headers";
import type { z } from "zod";
import {
  type ActionFailure,
  type ActionResult,
  fieldErrorsOf,
  invalidFields,
} from "../../forms/fields";
import { requireMerchant, type SignedIn } from "../auth/session";
import { getServices, type Services } from "../services";

/** What an action body gets: the signed-in merchant, the connections and the parsed input. */
export interface ActionContext<T> extends Services {
  me: SignedIn;
  input: T;
}

/**
 * Every server action goes through here: a Sentry span named after the action (continuing the
 * browser's trace), a session (or the sign-in redirect), and the input parsed with the same
 * schema the form validated with — a bad field comes back as a message at that field.
 */
export function runAction<S extends z.ZodType, R>(
  name: string,
  schema: S,
  input: unknown,
  body: (context: ActionContext<z.output<S>>) => Promise<ActionResult<R>>,
): Promise<ActionResult<R>> {
  return instrumentServerAction(name, headers(), async () => {
    const me = await requireMerchant();
    const parsed = schema.safeParse(input);
    if (!parsed.success) return invalidFields(fieldErrorsOf(parsed.error));
    return body({ ...(await getServices()), me, input: parsed.data });
  });
}

/** The answer for an id that is not this merchant's: the same as for one that does not exist. */
export const NOT_FOUND: ActionFailure = { ok: false, message: "Not found." };
