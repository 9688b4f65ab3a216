"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { LIVE_POLL_MS } from "../../../../components/live-nav";

/**
 * Keeps an open order current: asks `/api/live` for the order's trail version every few seconds
 * and refreshes the server-rendered page when it differs from the version this page was rendered
 * with (so a change made while the page was loading is not missed).
 */
export function OrderRefresher({
  orderId,
  trailVersion,
}: {
  orderId: string;
  trailVersion: string;
}) {
  const router = useRouter();
  useEffect(() => {
    let stopped = false;
    const timer = setInterval(async () => {
      if (document.visibilityState !== "visible") return;
      const response = await fetch(`/api/live?order=${orderId}`, { cache: "no-store" }).catch(
        () => undefined,
      );
      if (stopped || !response?.ok) return;
      const status = (await response.json()) as { order?: { trailVersion: string } };
      if (status.order !== undefined && status.order.trailVersion !== trailVersion)
        router.refresh();
    }, LIVE_POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [orderId, trailVersion, router]);
  return null;
}
