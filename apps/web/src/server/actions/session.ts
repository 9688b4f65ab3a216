"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getServices } from "../services";

/** Ends the session (database row and cookie) and returns to the sign-in page. */
export async function signOutAction(): Promise<void> {
  const { auth } = await getServices();
  await auth.api.signOut({ headers: await headers() });
  redirect("/sign-in");
}
