import type { TrailEntry } from "@po-pro/db";
import { formatMoney } from "@po-pro/policy";
import { Bot, Mail, Scale, ScanText, Send, UserCheck, UserRound } from "lucide-react";
import type { ReactNode } from "react";
import {
  ACTION,
  COMPLIANCE,
  LINE_STATUS,
  MERCHANT_EVENT,
  OUTBOX_KIND,
  RESPONSE_KIND,
} from "../../../../components/decision-words";
import { RelativeTime } from "../../../../components/relative-time";
import { RuleList } from "../../../../components/rule-list";
import { Badge } from "../../../../components/ui/badge";

interface Item {
  key: string;
  at: Date;
  icon: ReactNode;
  title: ReactNode;
  body?: ReactNode;
}

const icon = (Icon: typeof Mail, tone: string) => <Icon aria-hidden className={`size-4 ${tone}`} />;

/** The extraction's reading of the reply, in one line per fact. */
function Reading({ response, currency }: { response: Record<string, unknown>; currency: string }) {
  const lines =
    (response.lines as
      | { sku?: string; status: string; unitPrice?: number; quantity?: number }[]
      | undefined) ?? [];
  const risks = (response.riskSignals as string[] | undefined) ?? [];
  return (
    <ul className="grid gap-0.5 text-sm">
      <li>
        {RESPONSE_KIND[String(response.kind)] ?? String(response.kind)}
        {typeof response.confidence === "number" &&
          ` · ${Math.round(response.confidence * 100)} % sure`}
      </li>
      {lines.map((line, index) => (
        <li key={`${line.sku ?? index}`}>
          {line.sku ?? "Line"}: {LINE_STATUS[line.status] ?? line.status}
          {line.quantity !== undefined && ` · qty ${line.quantity}`}
          {line.unitPrice !== undefined && ` · ${formatMoney(line.unitPrice, currency)}`}
        </li>
      ))}
      {typeof response.deliveryDate === "string" && <li>Delivery {response.deliveryDate}</li>}
      {typeof response.paymentTerms === "string" && <li>Terms {response.paymentTerms}</li>}
      {typeof response.question === "string" && <li>Asks: “{response.question}”</li>}
      {risks.length > 0 && (
        <li className="font-medium text-destructive">
          Risk: {risks.map((r) => r.replaceAll("_", " ")).join(", ")}
        </li>
      )}
    </ul>
  );
}

function toItem(entry: TrailEntry, currency: string): Item | undefined {
  const key = `${entry.kind}-${entry.id}`;
  switch (entry.kind) {
    case "email":
      // Outbound mail shows as the outbox row that sent it.
      if (entry.direction !== "inbound") return undefined;
      return {
        key,
        at: entry.at,
        icon: icon(Mail, "text-info"),
        title: (
          <>
            Supplier replied{" "}
            <span className="font-normal text-muted-foreground">
              · {entry.subject || "(no subject)"}
            </span>
          </>
        ),
        body: (
          <p className="line-clamp-3 text-sm text-muted-foreground">
            {entry.textBody.slice(0, 400)}
            {entry.processingState === "failed" &&
              entry.lastError &&
              ` — not read yet: ${entry.lastError}`}
          </p>
        ),
      };
    case "extraction":
      return {
        key,
        at: entry.at,
        icon: icon(ScanText, "text-muted-foreground"),
        title: (
          <span className="flex flex-wrap items-center gap-2">
            Read by {entry.provider}{" "}
            <span className="font-normal text-muted-foreground">· {entry.model}</span>
            {entry.usedFallback && <Badge variant="warning">fallback</Badge>}
            {entry.attempt > 1 && <Badge variant="outline">attempt {entry.attempt}</Badge>}
          </span>
        ),
        body: <Reading response={entry.response} currency={currency} />,
      };
    case "decision": {
      const [headline, ...details] = entry.explanation.split("\n").filter(Boolean);
      return {
        key,
        at: entry.at,
        icon: icon(Scale, "text-foreground"),
        title: (
          <span className="flex flex-wrap items-center gap-2">
            Agent decided
            <Badge variant={ACTION[entry.recommendedAction].variant}>
              {ACTION[entry.recommendedAction].label}
            </Badge>
            <span className="font-normal text-muted-foreground">
              {COMPLIANCE[entry.complianceStatus]} · policy v{entry.policyVersion}
            </span>
          </span>
        ),
        body: (
          <div className="grid gap-2">
            {headline && <p className="text-sm">{headline.replace(/^Decision: [^.]*\.\s*/, "")}</p>}
            <RuleList rules={entry.matchedRules} currency={currency} />
            {details.length > 0 && (
              <ul className="list-disc pl-5 text-sm text-muted-foreground">
                {details.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            )}
          </div>
        ),
      };
    }
    case "approval":
      return {
        key,
        at: entry.at,
        icon: icon(UserCheck, "text-destructive"),
        title: (
          <span className="flex flex-wrap items-center gap-2">
            Escalated to you
            <Badge variant={entry.status === "pending" ? "destructive" : "secondary"}>
              {entry.status === "pending" ? "waiting for you" : entry.status}
            </Badge>
          </span>
        ),
        body: (
          <p className="text-sm">
            {entry.reason}
            {entry.reminderCount > 0 && ` Reminded ${entry.reminderCount}×.`}
            {entry.holdMessageSentAt && " The supplier was told the order is on hold."}
          </p>
        ),
      };
    case "outbox":
      return {
        key,
        at: entry.at,
        icon: icon(Send, "text-muted-foreground"),
        title: (
          <span className="flex flex-wrap items-center gap-2">
            Emailed {entry.outboxKind.startsWith("approval") ? "you" : "the supplier"}
            <span className="font-normal text-muted-foreground">
              · {OUTBOX_KIND[entry.outboxKind] ?? entry.outboxKind}
            </span>
            <Badge
              variant={
                entry.status === "sent"
                  ? "success"
                  : entry.status === "failed"
                    ? "destructive"
                    : "secondary"
              }
            >
              {entry.status === "pending" ? "sending" : entry.status}
            </Badge>
          </span>
        ),
        body: entry.lastError ? (
          <p className="text-sm text-destructive">{entry.lastError}</p>
        ) : undefined,
      };
    case "audit": {
      const words = MERCHANT_EVENT[entry.event];
      if (entry.actor !== "merchant" && words === undefined) return undefined;
      return {
        key,
        at: entry.at,
        icon:
          entry.actor === "merchant"
            ? icon(UserRound, "text-success")
            : icon(Bot, "text-muted-foreground"),
        title: (
          <>
            {entry.actorName ?? (entry.actor === "merchant" ? "You" : "The agent")}{" "}
            <span className="font-normal">{words ?? entry.event.replaceAll("_", " ")}</span>
          </>
        ),
      };
    }
  }
}

/** The decision trail as a timeline: each reply, how it was read, what was decided and done. */
export function Timeline({ entries, currency }: { entries: TrailEntry[]; currency: string }) {
  const items = entries
    .map((entry) => toItem(entry, currency))
    .filter((item) => item !== undefined);
  if (items.length === 0) {
    return <p className="text-sm text-muted-foreground">Nothing has happened on this order yet.</p>;
  }
  return (
    <ol aria-label="Decision trail" className="relative grid gap-4 border-l pl-6">
      {items.map((item) => (
        <li key={item.key} className="relative">
          <span className="absolute top-0.5 -left-[2.05rem] flex size-6 items-center justify-center rounded-full border bg-background">
            {item.icon}
          </span>
          <div className="grid gap-1.5 rounded-lg border bg-background p-3">
            <div className="flex flex-wrap items-baseline justify-between gap-2 font-medium">
              <div>{item.title}</div>
              <span className="text-xs font-normal text-muted-foreground">
                <RelativeTime date={item.at} />
              </span>
            </div>
            {item.body}
          </div>
        </li>
      ))}
    </ol>
  );
}
