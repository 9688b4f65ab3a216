import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { commandAfterSeparator, runWithEnv } from "../command/run-with-env.mjs";

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

// `node tooling/sourcemaps/release.mjs -- <command>`: runs the command with SENTRY_RELEASE set to
// the resolved release (the root scripts that build wrap Turbo in it), so Turbo hashes the commit
// into the apps' builds — a cached build never carries another commit's release — and both apps
// bake the same name.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const command = commandAfterSeparator(process.argv);
  if (command.length === 0) {
    console.log(resolveRelease() ?? "");
  } else {
    const release = resolveRelease();
    runWithEnv(command, release === undefined ? {} : { SENTRY_RELEASE: release });
  }
}
