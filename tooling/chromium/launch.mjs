/**
 * How the browser tests launch Chromium with playwright-core: the flags that make Debian's
 * Chromium run headless in a container with no network but loopback, and a desktop user agent.
 */
import { existsSync } from "node:fs";

export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Our Sentry filters drop events from "HeadlessChrome" as a bot; a person's browser says "Chrome",
 * so tests that check what reaches Sentry present as one.
 */
export const DESKTOP_USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

/** No browser where the tests look: the message names the command or variable that fixes it. */
export class ChromiumMissingError extends Error {
  name = "ChromiumMissingError";
}

/** `CHROMIUM_PATH` (root `pnpm test` sets it, see ensure.mjs), else Debian's /usr/bin/chromium. */
export function chromiumExecutable(env = process.env) {
  const path = env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(path)) {
    throw new ChromiumMissingError(
      `No Chromium at ${path}: run \`apt-get install -y chromium\` or set CHROMIUM_PATH to a Chromium binary.`,
    );
  }
  return path;
}
