import { mkdirSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import AxeBuilder from "@axe-core/playwright";
import { CHROMIUM_FLAGS, chromiumExecutable, DESKTOP_USER_AGENT } from "@po-pro/chromium/launch";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll } from "vitest";
import { PASSWORD, startWebHarness, type WebHarness } from "../test/harness";

/** Screenshots land here (CI keeps the folder as an artifact). */
export const ARTIFACTS = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "../test-results/screenshots",
);

export async function launchBrowser(): Promise<BrowserContext> {
  const profile = await mkdtemp(join(tmpdir(), "po-pro-web-e2e-"));
  return chromium.launchPersistentContext(profile, {
    executablePath: chromiumExecutable(),
    args: [...CHROMIUM_FLAGS],
    userAgent: DESKTOP_USER_AGENT,
    viewport: { width: 1280, height: 900 },
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/**
 * axe-core's serious and critical violations on the page, as "rule: target" lines. Checked once
 * every animation and transition has finished: a toast fading in is not a contrast failure.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        // A spinner runs forever; wait only for what ends.
        .filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity)
        .map((animation) => animation.finished.catch(() => {})),
    ),
  );
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.map((node) => `${v.id}: ${node.target.join(" ")} — ${v.help}`));
}

export interface DashboardSession {
  h: WebHarness;
  browser: BrowserContext;
  page: Page;
  /** Uncaught errors thrown in the page. */
  pageErrors: string[];
  /** Everything the page's console said, as "type: text". */
  consoleLines: string[];
}

/**
 * The hooks every browser test file needs, registered where it is called: the built app on a
 * fresh seeded database (`env()` adds variables), Chromium with one page whose uncaught errors and
 * console are kept, signed in as merchant A when `signIn`; `ready` gets the session (to keep it
 * and seed more). A failing test leaves a screenshot, the console and the server's last output;
 * everything is closed after the file.
 */
export function registerDashboardSession(options: {
  env?: () => Record<string, string>;
  signIn?: boolean;
  ready: (session: DashboardSession) => void | Promise<void>;
}): void {
  let session: DashboardSession | undefined;
  beforeAll(async () => {
    const h = await startWebHarness(options.env ? { env: options.env() } : {});
    const browser = await launchBrowser();
    const page = await browser.newPage();
    session = { h, browser, page, pageErrors: [], consoleLines: [] };
    const { pageErrors, consoleLines } = session;
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
    if (options.signIn) {
      await page.goto(`${h.baseUrl}/sign-in`);
      await page.getByLabel("Email").fill(h.merchantA.email);
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(/\/orders$/);
    }
    await options.ready(session);
  });
  afterEach(async (context) => {
    if (context.task.result?.state !== "fail" || session === undefined) return;
    const { page, consoleLines, h } = session;
    await screenshot(page, `failed-${context.task.name.slice(0, 40).replace(/\W+/g, "-")}`);
    console.error(
      `page: ${page.url()}\nconsole:\n${consoleLines.join("\n")}\nserver:\n${h.output().slice(-4000)}`,
    );
  });
  afterAll(async () => {
    await session?.browser.close();
    await session?.h.close();
  });
}
