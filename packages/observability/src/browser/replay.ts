import { feedbackIntegration, replayIntegration } from "@sentry/browser";
import type { Integration } from "@sentry/core";

export interface LazyIntegrationOptions {
  feedback: boolean;
}

/**
 * Loaded with a dynamic `import()` after the page is idle, so Session Replay and the feedback
 * widget (the two largest parts of the SDK) stay out of the first-load bundle.
 */
export function createLazyIntegrations(options: LazyIntegrationOptions): Integration[] {
  const integrations: Integration[] = [
    // Privacy first: all text and inputs masked, media blocked; unmask selectively with
    // `data-sentry-unmask` on elements known to hold no personal data.
    replayIntegration({ maskAllText: true, maskAllInputs: true, blockAllMedia: true }),
  ];
  if (options.feedback) {
    integrations.push(feedbackIntegration({ colorScheme: "system", showBranding: false }));
  }
  return integrations;
}
