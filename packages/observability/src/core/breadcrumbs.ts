import { addBreadcrumb, type SeverityLevel } from "@sentry/core";

/** The breadcrumb categories the agent pipeline writes; a typo becomes a type error. */
export const BREADCRUMB_CATEGORIES = [
  "llm_service",
  "policy_engine",
  "gmail",
  "agent",
  "db",
] as const;

export type BreadcrumbCategory = (typeof BREADCRUMB_CATEGORIES)[number];

export interface DomainBreadcrumb {
  message: string;
  level?: SeverityLevel;
  data?: Record<string, unknown>;
}

/** Adds a breadcrumb under one of the typed categories (scrubbed later by `beforeBreadcrumb`). */
export function addDomainBreadcrumb(category: BreadcrumbCategory, crumb: DomainBreadcrumb): void {
  addBreadcrumb({
    category,
    message: crumb.message,
    level: crumb.level ?? "info",
    ...(crumb.data ? { data: crumb.data } : {}),
  });
}
