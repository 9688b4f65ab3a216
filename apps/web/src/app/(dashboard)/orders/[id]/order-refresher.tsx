"use client";

import { useRouter } from "next/navigation";
import { useLivePoll } from "../../../../components/live-poll";

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
  useLivePoll<{ order?: { trailVersion: string } }>(`/api/live?order=${orderId}`, (status) => {
    if (status.order !== undefined && status.order.trailVersion !== trailVersion) router.refresh();
  });
  return null;
}
