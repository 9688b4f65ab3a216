"use client";

import { setMerchant } from "@po-pro/observability/next/client";
import { useEffect } from "react";

/** Browser events carry the merchant (id and business name), as server events do; no email. */
export function SentryMerchant({ id, name }: { id: string; name: string }) {
  useEffect(() => setMerchant(id, { name }), [id, name]);
  return null;
}
