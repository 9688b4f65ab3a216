"use client";

import { browserClientEnabled, openFeedbackForm } from "@po-pro/observability/next/client";
import { MessageSquare } from "lucide-react";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { Button } from "./ui/button";

/** Opens Sentry's feedback form; hidden when no Sentry DSN is configured (nothing would send). */
export function FeedbackButton() {
  const [enabled, setEnabled] = useState(false);
  useEffect(() => setEnabled(browserClientEnabled()), []);
  if (!enabled) return null;
  return (
    <Button
      type="button"
      variant="ghost"
      size="sm"
      onClick={() =>
        openFeedbackForm().then((opened) => {
          if (!opened) toast.error("Feedback is not available right now.");
        })
      }
    >
      <MessageSquare aria-hidden />
      Feedback
    </Button>
  );
}
