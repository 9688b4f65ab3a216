/**
 * Email + password logins for existing users (there is no self-service sign-up): the seed, the
 * demo and tests give a user a password through this, hashed the way better-auth verifies it.
 */
import { type Database, getUserByEmail } from "@po-pro/db";
import { authAccounts } from "@po-pro/db/schema";
import { hashPassword } from "better-auth/crypto";
import { and, eq } from "drizzle-orm";

export class UnknownLoginError extends Error {
  override readonly name = "UnknownLoginError";
  constructor(readonly email: string) {
    super(`no user has the email ${email}; create the user first`);
  }
}

/** Sets (or replaces) the password of the user with this email. */
export async function setPassword(
  db: Database,
  login: { email: string; password: string },
): Promise<{ userId: string; merchantId: string }> {
  const user = await getUserByEmail(db, login.email);
  if (user === undefined) throw new UnknownLoginError(login.email);
  const password = await hashPassword(login.password);
  const existing = await db
    .update(authAccounts)
    .set({ password, updatedAt: new Date() })
    .where(and(eq(authAccounts.userId, user.id), eq(authAccounts.providerId, "credential")))
    .returning({ id: authAccounts.id });
  if (existing.length === 0) {
    await db.insert(authAccounts).values({
      userId: user.id,
      accountId: user.id,
      providerId: "credential",
      password,
    });
  }
  return { userId: user.id, merchantId: user.merchantId };
}
