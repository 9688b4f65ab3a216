import { feedbackIntegration, getFeedback, replayIntegration } from "@sentry/browser";
import type { Integration } from "@sentry/core";

export interface LazyIntegrationOptions {
  feedback: boolean;
  /** Sentry's own floating feedback button; off when the app has a button of its own. */
  feedbackWidget: boolean;
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
    integrations.push(
      feedbackIntegration({
        colorScheme: "system",
        showBranding: false,
        autoInject: options.feedbackWidget,
      }),
    );
  }
  return integrations;
}

/** Opens the feedback form (for an app's own "Feedback" button); false when feedback is off. */
export async function openFeedback(): Promise<boolean> {
  const feedback = getFeedback();
  if (feedback === undefined) return false;
  const form = await feedback.createForm();
  form.appendToDom();
  form.open();
  return true;
}
