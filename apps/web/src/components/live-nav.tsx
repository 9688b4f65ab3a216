"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useLivePoll } from "./live-poll";
import { cn } from "./ui/cn";

const LINKS = [
  { href: "/orders", label: "Orders" },
  { href: "/approvals", label: "Approvals" },
  { href: "/unmatched", label: "Unmatched replies" },
  { href: "/suppliers", label: "Suppliers" },
  { href: "/policy", label: "Policy" },
  { href: "/settings", label: "Settings" },
] as const;

/**
 * The navigation, with the pending-approval count kept current without a reload: it polls
 * `/api/live` and, on the Approvals page, refreshes the list when the count moves. Polling rather
 * than LISTEN/NOTIFY over server-sent events: it works unchanged on serverless hosts and through
 * the embedded database, and costs one small query per tab.
 */
export function LiveNav({ initialPendingApprovals }: { initialPendingApprovals: number }) {
  const pathname = usePathname();
  const router = useRouter();
  const [pending, setPending] = useState(initialPendingApprovals);
  // The count the server rendered this page with: a change from it is news.
  const rendered = useRef(initialPendingApprovals);

  useEffect(() => {
    rendered.current = initialPendingApprovals;
    setPending(initialPendingApprovals);
  }, [initialPendingApprovals]);

  useLivePoll<{ pendingApprovals: number }>("/api/live", ({ pendingApprovals }) => {
    setPending(pendingApprovals);
    if (pathname === "/approvals" && pendingApprovals !== rendered.current) router.refresh();
  });

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
