import type { RecommendedAction } from "@po-pro/policy";
import { ArrowRight } from "lucide-react";
import Link from "next/link";
import type { PolicyPreviewResult } from "../../server/actions/policy";
import { ACTION } from "../decision-words";
import { RelativeTime } from "../relative-time";
import { Badge } from "../ui/badge";

function ActionBadge({ action }: { action: RecommendedAction }) {
  return <Badge variant={ACTION[action].variant}>{ACTION[action].label}</Badge>;
}

const DIRECTION = {
  stricter: { label: "Stricter", variant: "warning" },
  looser: { label: "Looser", variant: "info" },
  same_action: { label: "Other rules", variant: "secondary" },
} as const;

/** Which recent decisions the edited policy would change, and how it would explain each. */
export function PreviewList({ preview }: { preview: PolicyPreviewResult }) {
  return (
    <section aria-labelledby="preview-heading" className="grid gap-4">
      <div className="grid gap-1">
        <h2 id="preview-heading" className="text-lg font-semibold">
          Preview
        </h2>
        <p data-testid="preview-summary">{preview.summary}</p>
        {preview.changed > 0 && (
          <p className="text-sm text-muted-foreground">
            {preview.stricter} stricter · {preview.looser} looser
            {preview.changes.length < preview.changed &&
              ` · showing the ${preview.changes.length} most recent`}
          </p>
        )}
      </div>
      {preview.changes.length > 0 && (
        <ul className="grid gap-3">
          {preview.changes.map((change) => (
            <li key={change.decisionId} className="grid gap-2 rounded-lg border bg-background p-4">
              <div className="flex flex-wrap items-center gap-2">
                <Link
                  href={`/orders/${change.orderId}`}
                  className="font-medium underline-offset-4 hover:underline"
                >
                  {change.poNumber}
                </Link>
                <span className="text-sm text-muted-foreground">
                  {change.supplierName} · decided <RelativeTime date={new Date(change.decidedAt)} />{" "}
                  under version {change.policyVersion}
                </span>
                <Badge variant={DIRECTION[change.direction].variant} className="ml-auto">
                  {DIRECTION[change.direction].label}
                </Badge>
              </div>
              <p className="flex flex-wrap items-center gap-2 text-sm">
                <span className="sr-only">Was</span>
                <ActionBadge action={change.from} />
                <ArrowRight aria-hidden className="size-4 text-muted-foreground" />
                <span className="sr-only">would be</span>
                <ActionBadge action={change.to} />
              </p>
              <ul className="grid gap-1 text-sm text-muted-foreground">
                {change.explanation.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
