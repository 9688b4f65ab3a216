"use client";

import { Button } from "../../components/ui/button";

class SentryExampleBrowserError extends Error {
  override readonly name = "SentryExampleBrowserError";
}

function failOnPurpose(): never {
  throw new SentryExampleBrowserError("Sentry example: a browser event handler failed on purpose");
}

export function SentryExampleButton() {
  return (
    <Button type="button" onClick={() => failOnPurpose()}>
      Throw a browser error
    </Button>
  );
}
