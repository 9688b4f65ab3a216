import { getMerchant, listPolicyHistory } from "@po-pro/db";
import type { Policy } from "@po-pro/policy";
import type { Metadata } from "next";
import Link from "next/link";
import { PolicyEditor } from "../../../components/policy/policy-editor";
import { RelativeTime } from "../../../components/relative-time";
import { Button } from "../../../components/ui/button";
import { toFormValues } from "../../../forms/policy-form";
import { requireMerchant } from "../../../server/auth/session";
import { getServices } from "../../../server/services";

export const metadata: Metadata = { title: "Policy" };

export default async function PolicyPage() {
  const me = await requireMerchant();
  const { db } = await getServices();
  const [history, merchant] = await Promise.all([
    listPolicyHistory(db, me.merchantId),
    getMerchant(db, me.merchantId),
  ]);
  const active = history.find((version) => version.active);
  const currency = merchant?.defaultCurrency ?? "USD";
  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="grid gap-1">
          <h1 className="text-2xl font-semibold tracking-tight">Policy</h1>
          <p className="text-muted-foreground">
            The rules the agent follows when a supplier replies. Decisions keep the version they
            were made under.
          </p>
          {active && (
            <p className="text-sm text-muted-foreground">
              Editing version {active.version}, saved{" "}
              {active.createdByName ? `by ${active.createdByName} ` : ""}
              <RelativeTime date={active.createdAt} />
              {active.note ? ` · “${active.note}”` : ""}
            </p>
          )}
        </div>
        <Button asChild variant="outline">
          <Link href="/policy/versions">Versions</Link>
        </Button>
      </div>
      {active ? (
        <PolicyEditor
          key={active.version}
          initial={toFormValues(active.document as Policy, currency)}
          version={active.version}
          currency={currency}
        />
      ) : (
        <p className="rounded-lg border bg-background p-8 text-center text-muted-foreground">
          There is no policy yet.
        </p>
      )}
    </div>
  );
}
