"use client";

import { useEffect, useEffectEvent } from "react";

/** How often an open tab asks for news: one indexed statement per tab every few seconds. */
export const LIVE_POLL_MS = 3000;

/**
 * Asks `url` for its JSON every few seconds while the tab is visible and hands each answer to
 * `onStatus` (the latest one passed, without restarting the timer); a failed request is skipped
 * until the next tick.
 */
export function useLivePoll<T>(url: string, onStatus: (status: T) => void): void {
  const handle = useEffectEvent(onStatus);
  useEffect(() => {
    let stopped = false;
    const timer = setInterval(async () => {
      if (document.visibilityState !== "visible") return;
      const response = await fetch(url, { cache: "no-store" }).catch(() => undefined);
      if (stopped || !response?.ok) return;
      const status = (await response.json()) as T;
      if (!stopped) handle(status);
    }, LIVE_POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [url]);
}
