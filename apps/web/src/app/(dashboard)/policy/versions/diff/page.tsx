import { getMerchant, getPolicyVersion, type PolicyVersionWithAuthor } from "@po-pro/db";
import type { Policy } from "@po-pro/policy";
import { ArrowRight } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RelativeTime } from "../../../../../components/relative-time";
import { Badge } from "../../../../../components/ui/badge";
import { Button } from "../../../../../components/ui/button";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "../../../../../components/ui/card";
import { requireMerchant } from "../../../../../server/auth/session";
import { diffPolicies, type RuleDiff } from "../../../../../server/policy-diff";
import { getServices } from "../../../../../server/services";

export const metadata: Metadata = { title: "Policy changes" };

function versionNumber(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text !== undefined && /^\d{1,9}$/.test(text) ? Number(text) : undefined;
}

const CHANGE = {
  added: { label: "Added", variant: "success" },
  removed: { label: "Removed", variant: "destructive" },
  changed: { label: "Changed", variant: "info" },
} as const;

function Saved({ version }: { version: PolicyVersionWithAuthor }) {
  return (
    <>
      version {version.version}
      {version.createdByName ? ` by ${version.createdByName}` : ""},{" "}
      <RelativeTime date={version.createdAt} />
    </>
  );
}

function RuleChange({ diff }: { diff: RuleDiff }) {
  return (
    <Card data-change={diff.change} data-kind={diff.kind}>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <Badge variant={CHANGE[diff.change].variant}>{CHANGE[diff.change].label}</Badge>
          <h2 className="text-base">{diff.title}</h2>
        </CardTitle>
        {diff.change === "changed" && diff.renamedFrom && (
          <CardDescription>
            Rule id {diff.renamedFrom} is now {diff.ruleId}.
          </CardDescription>
        )}
      </CardHeader>
      {diff.parameters.length > 0 && (
        <CardContent>
          <dl className="grid gap-2 text-sm">
            {diff.parameters.map((p) => (
              <div key={p.parameter} className="grid gap-1 sm:grid-cols-[16rem_1fr]">
                <dt className="text-muted-foreground">{p.label}</dt>
                <dd className="flex flex-wrap items-center gap-2">
                  {diff.change === "changed" ? (
                    <>
                      <del className="text-muted-foreground">{p.from}</del>
                      <ArrowRight aria-hidden className="size-4" />
                      <span className="sr-only">changed to</span>
                      <ins className="font-medium no-underline">{p.to}</ins>
                    </>
                  ) : (
                    <span>{diff.change === "added" ? p.to : p.from}</span>
                  )}
                </dd>
              </div>
            ))}
          </dl>
        </CardContent>
      )}
    </Card>
  );
}

export default async function PolicyDiffPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requireMerchant();
  const params = await searchParams;
  const fromNumber = versionNumber(params.from);
  const toNumber = versionNumber(params.to);
  if (fromNumber === undefined || toNumber === undefined) notFound();
  const { db } = await getServices();
  const [from, to, merchant] = await Promise.all([
    getPolicyVersion(db, me.merchantId, fromNumber),
    getPolicyVersion(db, me.merchantId, toNumber),
    getMerchant(db, me.merchantId),
  ]);
  if (from === undefined || to === undefined) notFound();
  const diffs = diffPolicies(
    from.document as Policy,
    to.document as Policy,
    merchant?.defaultCurrency ?? "USD",
  );
  return (
    <div className="grid max-w-4xl gap-4">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="grid gap-1">
          <h1 className="text-2xl font-semibold tracking-tight">
            Version {from.version} → version {to.version}
          </h1>
          <p className="text-sm text-muted-foreground">
            From <Saved version={from} />; to <Saved version={to} />.
          </p>
          {to.note && (
            <p className="text-sm">
              Note on version {to.version}: {to.note}
            </p>
          )}
        </div>
        <Button asChild variant="outline">
          <Link href="/policy/versions">All versions</Link>
        </Button>
      </div>
      {diffs.length === 0 ? (
        <p className="rounded-lg border bg-background p-8 text-center text-muted-foreground">
          These versions have the same rules.
        </p>
      ) : (
        diffs.map((diff) => <RuleChange key={`${diff.change}-${diff.kind}`} diff={diff} />)
      )}
    </div>
  );
}
