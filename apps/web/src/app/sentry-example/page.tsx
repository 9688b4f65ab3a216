import { notFound } from "next/navigation";
import { env } from "../../env";
import { SentryExampleButton } from "./sentry-example-button";

export const dynamic = "force-dynamic";

/**
 * With SENTRY_EXAMPLE_ROUTES=true, a button that throws in the browser on purpose, to check that
 * a browser error reaches Sentry and its minified frame resolves; a 404 otherwise.
 */
export default function SentryExamplePage() {
  if (!env().web.SENTRY_EXAMPLE_ROUTES) notFound();
  return (
    <main className="mx-auto max-w-xl p-6">
      <SentryExampleButton />
    </main>
  );
}
