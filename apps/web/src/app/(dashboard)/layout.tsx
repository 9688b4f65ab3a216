import { countPendingApprovals } from "@po-pro/db";
import Link from "next/link";
import type { ReactNode } from "react";
import { FeedbackButton } from "../../components/feedback-button";
import { LiveNav } from "../../components/live-nav";
import { SentryMerchant } from "../../components/sentry-merchant";
import { Button } from "../../components/ui/button";
import { webRelease } from "../../release";
import { signOutAction } from "../../server/actions/session";
import { requireMerchant } from "../../server/auth/session";
import { getServices } from "../../server/services";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const me = await requireMerchant();
  const { db } = await getServices();
  const pending = await countPendingApprovals(db, me.merchantId);
  return (
    <div className="min-h-screen bg-muted/30">
      <header className="border-b bg-background">
        <div className="mx-auto flex h-14 max-w-6xl items-center gap-6 px-4">
          <Link href="/orders" className="font-semibold tracking-tight">
            PO Pro
          </Link>
          <LiveNav initialPendingApprovals={pending} />
          <div className="ml-auto flex items-center gap-2">
            <span className="hidden text-sm text-muted-foreground sm:inline">
              {me.merchantName}
            </span>
            <FeedbackButton />
            <form action={signOutAction}>
              <Button type="submit" variant="ghost" size="sm">
                Sign out
              </Button>
            </form>
          </div>
        </div>
      </header>
      <SentryMerchant id={me.merchantId} name={me.merchantName} />
      <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
      <ReleaseFooter release={webRelease(process.env)} />
    </div>
  );
}

/** Which build is running: the release Sentry, /api/health and the worker's /health report. */
function ReleaseFooter({ release }: { release: string | undefined }) {
  return (
    <footer className="mx-auto max-w-6xl px-4 pb-6 text-xs text-muted-foreground">
      Release{" "}
      <span className="font-mono" data-testid="release" title={release}>
        {release === undefined
          ? "unknown"
          : /^[0-9a-f]{40}$/.test(release)
            ? release.slice(0, 12)
            : release}
      </span>
    </footer>
  );
}
