import type { Metadata } from "next";
import { redirect } from "next/navigation";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "../../components/ui/card";
import { env } from "../../env";
import { currentMerchant } from "../../server/auth/session";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

/** Only same-site paths: `next` must not send a signed-in merchant to another site. */
function safeNext(next: string | string[] | undefined): string {
  return typeof next === "string" && next.startsWith("/") && !next.startsWith("//")
    ? next
    : "/orders";
}

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const next = safeNext((await searchParams).next);
  if ((await currentMerchant()) !== undefined) redirect(next);
  const google = env().web.GOOGLE_CLIENT_ID !== undefined;
  return (
    <main className="flex min-h-screen items-center justify-center bg-muted/40 p-4">
      <Card className="w-full max-w-sm">
        <CardHeader>
          <CardTitle>
            <h1 className="text-xl">Sign in to PO Pro</h1>
          </CardTitle>
          <CardDescription>
            Your orders, your suppliers' replies and the agent's decisions.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <SignInForm next={next} google={google} />
        </CardContent>
      </Card>
    </main>
  );
}
