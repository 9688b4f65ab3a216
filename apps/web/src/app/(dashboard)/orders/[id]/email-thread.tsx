import type { TrailEmail } from "@po-pro/db";
import { RelativeTime } from "../../../../components/relative-time";

/** The order's emails, both ways, oldest first; bodies fold open. */
export function EmailThread({ emails }: { emails: TrailEmail[] }) {
  if (emails.length === 0) return <p className="text-sm text-muted-foreground">No emails yet.</p>;
  return (
    <ol className="grid gap-2">
      {emails.map((email) => (
        <li key={email.id} className="rounded-lg border bg-background">
          <details>
            <summary className="cursor-pointer px-3 py-2 text-sm">
              <span className="font-medium">
                {email.direction === "inbound"
                  ? email.fromAddress
                  : `To ${email.toAddresses.join(", ")}`}
              </span>
              <span className="text-muted-foreground">
                {" "}
                · {email.subject || "(no subject)"} · <RelativeTime date={email.receivedAt} />
              </span>
            </summary>
            <pre className="max-h-80 overflow-auto whitespace-pre-wrap border-t px-3 py-2 font-sans text-sm">
              {email.textBody}
            </pre>
          </details>
        </li>
      ))}
    </ol>
  );
}
