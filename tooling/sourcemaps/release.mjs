import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const RELEASE_FILE = "release.json";

export function resolveRelease({ env = process.env, cwd = process.cwd() } = {}) {
  const explicit = env.SENTRY_RELEASE?.trim();
  if (explicit) return explicit;
  try {
    const sha = execFileSync("git", ["rev-parse", "HEAD"], {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
    return /^[0-9a-f]{40,64}$/.test(sha) ? sha : undefined;
  } catch {
    // A container or tarball build has no git: the release must come from SENTRY_RELEASE.
    return undefined;
  }
}

export function writeReleaseFile(dir, release) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, RELEASE_FILE), `${JSON.stringify({ release: release ?? null })}\n`);
}

export function readReleaseFile(dir) {
  const file = join(dir, RELEASE_FILE);
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, "utf8")).release ?? undefined;
}
