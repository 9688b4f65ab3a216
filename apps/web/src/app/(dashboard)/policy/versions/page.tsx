import { listPolicyHistory } from "@po-pro/db";
import type { Metadata } from "next";
import Link from "next/link";
import { RollbackButton } from "../../../../components/policy/rollback-button";
import { RelativeTime } from "../../../../components/relative-time";
import { Badge } from "../../../../components/ui/badge";
import { Button } from "../../../../components/ui/button";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "../../../../components/ui/table";
import { requireMerchant } from "../../../../server/auth/session";
import { getServices } from "../../../../server/services";

export const metadata: Metadata = { title: "Policy versions" };

export default async function PolicyVersionsPage() {
  const me = await requireMerchant();
  const { db } = await getServices();
  const versions = await listPolicyHistory(db, me.merchantId);
  const newest = versions[0]?.version ?? 0;
  const previous = versions[1]?.version;
  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="grid gap-1">
          <h1 className="text-2xl font-semibold tracking-tight">Policy versions</h1>
          <p className="text-muted-foreground">
            Every saved version, newest first. Choose two to see what changed; rolling back saves an
            earlier version&apos;s rules again as a new version.
          </p>
        </div>
        <Button asChild variant="outline">
          <Link href="/policy">Edit the policy</Link>
        </Button>
      </div>
      {/* A plain GET form: choosing two versions and comparing needs no script. */}
      <form action="/policy/versions/diff" className="grid gap-3">
        <div className="rounded-lg border bg-background">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead className="w-16">From</TableHead>
                <TableHead className="w-16">To</TableHead>
                <TableHead>Version</TableHead>
                <TableHead>Saved by</TableHead>
                <TableHead>When</TableHead>
                <TableHead>Note</TableHead>
                <TableHead className="text-right">
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {versions.map((version) => (
                <TableRow key={version.id} data-version={version.version}>
                  <TableCell>
                    <input
                      type="radio"
                      name="from"
                      value={version.version}
                      defaultChecked={version.version === (previous ?? newest)}
                      aria-label={`Compare from version ${version.version}`}
                      className="size-4 accent-primary"
                    />
                  </TableCell>
                  <TableCell>
                    <input
                      type="radio"
                      name="to"
                      value={version.version}
                      defaultChecked={version.version === newest}
                      aria-label={`Compare to version ${version.version}`}
                      className="size-4 accent-primary"
                    />
                  </TableCell>
                  <TableCell className="font-medium">
                    <span className="flex items-center gap-2">
                      Version {version.version}
                      {version.active && <Badge variant="success">Active</Badge>}
                    </span>
                  </TableCell>
                  <TableCell>{version.createdByName ?? "PO Pro (initial policy)"}</TableCell>
                  <TableCell>
                    <RelativeTime date={version.createdAt} />
                  </TableCell>
                  <TableCell className="max-w-xs whitespace-normal text-muted-foreground">
                    {version.note ?? "—"}
                  </TableCell>
                  <TableCell className="text-right">
                    {!version.active && (
                      <RollbackButton version={version.version} next={newest + 1} />
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
        {versions.length > 1 && (
          <div>
            <Button type="submit" variant="outline">
              Compare selected versions
            </Button>
          </div>
        )}
      </form>
    </div>
  );
}
