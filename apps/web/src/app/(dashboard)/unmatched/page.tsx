import { listUnmatchedEmails } from "@po-pro/db";
import type { Metadata } from "next";
import { RelativeTime } from "../../../components/relative-time";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "../../../components/ui/card";
import { requireMerchant } from "../../../server/auth/session";
import { getServices } from "../../../server/services";
import { AttachForm } from "./attach-form";

export const metadata: Metadata = { title: "Unmatched replies" };

export default async function UnmatchedPage() {
  const me = await requireMerchant();
  const { db } = await getServices();
  const emails = await listUnmatchedEmails(db, me.merchantId, { limit: 100 });
  return (
    <div className="grid gap-4">
      <h1 className="text-2xl font-semibold tracking-tight">Unmatched replies</h1>
      <p className="text-muted-foreground">
        Messages the agent could not tie to an order. Attach one to its order and the agent reads it
        like any other reply.
      </p>
      {emails.length === 0 && (
        <p className="rounded-lg border bg-background p-8 text-center text-muted-foreground">
          Every reply is matched to an order.
        </p>
      )}
      {emails.map((email) => (
        <Card key={email.id}>
          <CardHeader>
            <CardTitle>
              <h2 className="text-base">{email.subject || "(no subject)"}</h2>
            </CardTitle>
            <CardDescription>
              From {email.fromAddress} · <RelativeTime date={email.receivedAt} />
            </CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4">
            <pre className="max-h-48 overflow-auto whitespace-pre-wrap rounded-md bg-muted p-3 font-sans text-sm">
              {email.textBody.slice(0, 2000)}
            </pre>
            <AttachForm emailId={email.id} />
          </CardContent>
        </Card>
      ))}
    </div>
  );
}
