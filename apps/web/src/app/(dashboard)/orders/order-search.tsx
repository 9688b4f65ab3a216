"use client";

import { Search } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef } from "react";
import { Input } from "../../../components/ui/input";

/** Search as the merchant types (debounced), kept in the URL's `q`; a new search starts at page 1. */
export function OrderSearch({ initial }: { initial: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  function search(value: string) {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const next = new URLSearchParams(params);
      if (value.trim()) next.set("q", value.trim());
      else next.delete("q");
      next.delete("after");
      router.replace(`${pathname}${next.size > 0 ? `?${next}` : ""}`);
    }, 300);
  }

  return (
    <div className="relative max-w-sm">
      <Search
        aria-hidden
        className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-muted-foreground"
      />
      <Input
        type="search"
        aria-label="Search by PO number or supplier"
        placeholder="Search PO number or supplier"
        className="pl-8"
        defaultValue={initial}
        onChange={(event) => search(event.target.value)}
      />
    </div>
  );
}
