import "server-only";
import { getUserMerchant, type MerchantId, type UserId } from "@po-pro/db";
import { setMerchant } from "@po-pro/observability";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getServices } from "../services";

/** Who is signed in, and the merchant every query of this request is scoped to. */
export interface SignedIn {
  userId: UserId;
  userName: string;
  merchantId: MerchantId;
  merchantName: string;
}

async function signedInFrom(requestHeaders: Headers): Promise<SignedIn | undefined> {
  const { auth, db } = await getServices();
  const session = await auth.api.getSession({ headers: requestHeaders });
  if (session === null) return undefined;
  const account = await getUserMerchant(db, session.user.id as UserId);
  if (account === undefined) return undefined;
  // Sentry's user is the merchant (id and business name), never the person or their email.
  setMerchant(account.merchantId, { name: account.merchantName });
  return account;
}

/** The signed-in merchant for this request (one session lookup per request), or undefined. */
export const currentMerchant = cache(
  async (): Promise<SignedIn | undefined> => signedInFrom(await headers()),
);

/** Pages and actions: the signed-in merchant, or a redirect to the sign-in page. */
export async function requireMerchant(): Promise<SignedIn> {
  const signedIn = await currentMerchant();
  if (signedIn === undefined) redirect("/sign-in");
  return signedIn;
}

/** Route handlers: the signed-in merchant for this request, or undefined (answer 401). */
export function merchantOfRequest(request: Request): Promise<SignedIn | undefined> {
  return signedInFrom(request.headers);
}
