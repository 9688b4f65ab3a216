/**
 * The built dashboard speaks one release and its server stack traces can be read: with no
 * `SENTRY_RELEASE` at run time, `/api/health`, the dashboard footer and Sentry's events carry the
 * release the build baked in (`.next/release.json`); a route handler's error, and an error thrown
 * in Chromium by a minified browser chunk, resolve by debug id through the build's source maps
 * (the browser's kept in `.next/sourcemaps`, never served) to the `.ts` file, line and function.
 */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readReleaseFile } from "@po-pro/sourcemaps/release";
import { indexDebugIds, UnresolvableFrameError } from "@po-pro/sourcemaps/resolve";
import type { Event, StackFrame } from "@sentry/nextjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../e2e/browser";
import { signIn, startWebHarness, type WebHarness } from "./harness";

const WEB = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const ROUTE_TS = join(WEB, "src/app/api/sentry-example/route.ts");
const BUTTON_TSX = join(WEB, "src/app/sentry-example/sentry-example-button.tsx");

let h: WebHarness;
let release: string | undefined;

function topInAppFrame(event: Event): StackFrame {
  const frames = event.exception?.values?.[0]?.stacktrace?.frames ?? [];
  const frame = frames.findLast((f) => f.in_app === true);
  if (frame === undefined) throw new Error(`no in-app frame in ${JSON.stringify(frames)}`);
  return frame;
}

function lineOf(file: string, text: string): number {
  const lines = readFileSync(file, "utf8").split("\n");
  const found = lines.flatMap((line, i) => (line.includes(text) ? [i + 1] : []));
  if (found.length !== 1) throw new Error(`${text} is on ${found.length} lines of ${file}`);
  return found[0] as number;
}

beforeAll(async () => {
  release = readReleaseFile(join(WEB, ".next"));
  // Empty at run time: the release the build baked in applies.
  h = await startWebHarness({ env: { SENTRY_RELEASE: "" } });
});

afterAll(async () => {
  await h?.close();
});

describe("the built dashboard's release", () => {
  it("is the build's, in /api/health and the dashboard footer", async () => {
    expect(release).toMatch(/\S/);
    const health = await fetch(`${h.baseUrl}/api/health`);
    expect(((await health.json()) as { release: unknown }).release).toBe(release);

    const cookie = await signIn(h.baseUrl, h.merchantA.email);
    const page = await (await fetch(`${h.baseUrl}/orders`, { headers: { cookie } })).text();
    const shown = /data-testid="release"[^>]*>([^<]+)</.exec(page)?.[1];
    expect(shown, h.output()).toBeDefined();
    expect(release?.startsWith(shown as string)).toBe(true);
  });
});

describe("the built dashboard's server stack traces", () => {
  it("resolve a route handler's frame by debug id to the .ts file, line and function", async () => {
    h.receiver.reset();
    expect((await fetch(`${h.baseUrl}/api/sentry-example`)).status).toBe(500);
    const event = await h.receiver.waitForEvent(
      (e) => e.exception?.values?.[0]?.type === "SentryExampleError",
      10_000,
    );
    expect(event.release).toBe(release);

    const frame = topInAppFrame(event);
    const index = indexDebugIds([join(WEB, ".next/server")]);
    const resolved = index.resolve(frame, event.debug_meta?.images);
    expect(resolved.source.endsWith("apps/web/src/app/api/sentry-example/route.ts")).toBe(true);
    expect(resolved.line).toBe(lineOf(ROUTE_TS, "throw new SentryExampleError("));
    expect(resolved.function, JSON.stringify(frame)).toBe("GET");

    // Without the debug id the event named, the same frame is refused, not guessed.
    expect(() => index.resolve(frame, [])).toThrow(UnresolvableFrameError);
  });
});

describe("the built dashboard's browser stack traces", () => {
  it("resolve a minified frame thrown in Chromium by debug id to the .tsx file, line and function", async () => {
    const browser = await launchBrowser();
    try {
      const cookie = await signIn(h.baseUrl, h.merchantA.email);
      await browser.addCookies(
        cookie.split("; ").map((pair) => {
          const at = pair.indexOf("=");
          return { name: pair.slice(0, at), value: pair.slice(at + 1), url: h.baseUrl };
        }),
      );
      const page = await browser.newPage();
      await page.goto(`${h.baseUrl}/sentry-example`);
      h.receiver.reset();
      await page.getByRole("button", { name: "Throw a browser error" }).click();
      const event = await h.receiver.waitForEvent(
        (e) => e.exception?.values?.[0]?.type === "SentryExampleBrowserError",
        15_000,
      );
      expect(event.release).toBe(release);

      const frame = topInAppFrame(event);
      expect(frame.filename).toMatch(/\/_next\/static\/chunks\/[^/]+\.js$/);
      // Served without its map: only the kept copy (and Sentry, with a token) can read it.
      const chunk = /\/_next\/static\/.+$/.exec(frame.filename ?? "")?.[0];
      expect((await fetch(`${h.baseUrl}${chunk}`)).status).toBe(200);
      expect((await fetch(`${h.baseUrl}${chunk}.map`)).status).toBe(404);

      const index = indexDebugIds([join(WEB, ".next/static"), join(WEB, ".next/sourcemaps")]);
      const resolved = index.resolve(frame, event.debug_meta?.images);
      expect(
        resolved.source.endsWith("apps/web/src/app/sentry-example/sentry-example-button.tsx"),
      ).toBe(true);
      expect(resolved.line).toBe(lineOf(BUTTON_TSX, "throw new SentryExampleBrowserError("));
      expect(resolved.function, JSON.stringify(frame)).toBe("failOnPurpose");
      expect(() => index.resolve(frame, [])).toThrow(UnresolvableFrameError);
    } finally {
      await browser.close();
    }
  });
});
