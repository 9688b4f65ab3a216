"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { cn } from "./ui/cn";

/** How often an open tab asks for news: one indexed query per tab every few seconds. */
const POLL_MS = 3000;
const ORDER_PAGE = /^\/orders\/([0-9a-f-]{36})$/i;

interface LiveStatus {
  pendingApprovals: number;
  order?: { trailVersion: string };
}

const LINKS = [
  { href: "/orders", label: "Orders" },
  { href: "/approvals", label: "Approvals" },
  { href: "/unmatched", label: "Unmatched replies" },
] as const;

/**
 * The navigation, kept current without a reload: it polls `/api/live` (pending approvals, and
 * the open order's trail version) and refreshes the server-rendered page when what it shows has
 * changed. Polling rather than LISTEN/NOTIFY over server-sent events: it works unchanged on
 * serverless hosts and through the embedded database, and costs one small query per tab.
 */
export function LiveNav({ initialPendingApprovals }: { initialPendingApprovals: number }) {
  const pathname = usePathname();
  const router = useRouter();
  const [pending, setPending] = useState(initialPendingApprovals);
  const seen = useRef<{ pending: number; trail?: string }>({ pending: initialPendingApprovals });

  useEffect(() => {
    setPending(initialPendingApprovals);
    seen.current = { pending: initialPendingApprovals };
  }, [initialPendingApprovals]);

  useEffect(() => {
    const orderId = ORDER_PAGE.exec(pathname)?.[1];
    const url = orderId ? `/api/live?order=${orderId}` : "/api/live";
    let stopped = false;
    async function poll() {
      if (document.visibilityState !== "visible") return;
      const response = await fetch(url, { cache: "no-store" }).catch(() => undefined);
      if (stopped || !response?.ok) return;
      const status = (await response.json()) as LiveStatus;
      setPending(status.pendingApprovals);
      const trail = status.order?.trailVersion;
      const before = seen.current;
      const orderChanged =
        trail !== undefined && before.trail !== undefined && trail !== before.trail;
      const approvalsChanged = status.pendingApprovals !== before.pending;
      seen.current = {
        pending: status.pendingApprovals,
        ...(trail !== undefined ? { trail } : {}),
      };
      if (orderChanged || (approvalsChanged && pathname === "/approvals")) router.refresh();
    }
    void poll();
    const timer = setInterval(() => void poll(), POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [pathname, router]);

  return (
    <nav aria-label="Main" className="flex items-center gap-1 text-sm">
      {LINKS.map((link) => {
        const active = pathname === link.href || pathname.startsWith(`${link.href}/`);
        return (
          <Link
            key={link.href}
            href={link.href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "flex items-center gap-1.5 rounded-md px-3 py-1.5 text-muted-foreground transition-colors hover:bg-accent hover:text-accent-foreground",
              active && "bg-accent font-medium text-accent-foreground",
            )}
          >
            {link.label}
            {link.href === "/approvals" && pending > 0 && (
              <span
                data-testid="pending-approvals"
                className="rounded-full bg-destructive px-1.5 text-xs font-semibold leading-5 text-white"
              >
                {pending}
                <span className="sr-only"> pending</span>
              </span>
            )}
          </Link>
        );
      })}
    </nav>
  );
}
