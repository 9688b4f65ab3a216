import { RelativeTime } from "../relative-time";
import { Badge } from "../ui/badge";

export type MailboxStatus = "connected" | "needs_reauth" | "revoked" | "none";

const LABELS: Record<
  MailboxStatus,
  { text: string; variant: "success" | "warning" | "outline" | "secondary" }
> = {
  connected: { text: "Connected", variant: "success" },
  needs_reauth: { text: "Needs re-authorisation", variant: "warning" },
  revoked: { text: "Revoked", variant: "secondary" },
  none: { text: "Not connected", variant: "outline" },
};

export function MailboxStatusBadge({ status }: { status: MailboxStatus }) {
  const { text, variant } = LABELS[status];
  return (
    <Badge variant={variant} data-testid="mailbox-status">
      {text}
    </Badge>
  );
}

/** When the worker last read the mailbox, and how that went. */
export function LastSync({
  lastSyncedAt,
  lastError,
}: {
  lastSyncedAt: Date | null;
  lastError: string | null;
}) {
  if (lastSyncedAt === null && lastError === null) {
    return <p className="text-sm text-muted-foreground">Not synced yet.</p>;
  }
  return (
    <div className="grid gap-1 text-sm">
      <p>
        <span className="text-muted-foreground">Last sync: </span>
        {lastSyncedAt === null ? "never completed" : <RelativeTime date={lastSyncedAt} />}
        {lastError === null ? " — succeeded." : " — failed."}
      </p>
      {lastError !== null && (
        <p className="break-words rounded-md bg-muted px-3 py-2 text-muted-foreground">
          {lastError}
        </p>
      )}
    </div>
  );
}
