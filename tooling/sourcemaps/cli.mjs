#!/usr/bin/env node
/**
 * `po-pro-sourcemaps --next <.next dir>`: the `sourcemaps` Turbo task of a Next.js build, whose
 * upload `withSentryConfig` runs inside `next build` (Turbopack's after-compile hook, with native
 * debug ids). Checks what that left: every served chunk with a debug id, no map served.
 *
 * `po-pro-sourcemaps <dir>`: the `sourcemaps` Turbo task of a Node build. Injects debug ids into
 * every script and its map (`sentry-cli sourcemaps inject`, offline), then uploads them for the
 * release the build recorded in `<dir>/release.json`. Without `SENTRY_AUTH_TOKEN` it stops after
 * the injection, says so in one line and succeeds. `SENTRY_URL`, `SENTRY_ORG` and
 * `SENTRY_PROJECT` are read by sentry-cli itself (self-hosted Sentry through `SENTRY_URL`).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { readReleaseFile, resolveRelease } from "./release.mjs";

const require = createRequire(import.meta.url);

function sentryCli(args) {
  const binary = require("@sentry/cli").SentryCli.getPath();
  const result = spawnSync(binary, args, {
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
  });
  if (result.status !== 0) {
    process.stdout.write(result.stdout ?? "");
    throw new Error(`sentry-cli ${args.join(" ")} exited with ${result.status ?? result.signal}`);
  }
  return result.stdout;
}

function filesUnder(dir, pattern) {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((file) => pattern.test(file))
    .map((file) => join(dir, file));
}

function checkNext(dir) {
  const served = join(dir, "static");
  if (!existsSync(served)) throw new Error(`no ${served}: build first`);
  const maps = filesUnder(served, /\.map$/);
  if (maps.length > 0) {
    throw new Error(`${maps.length} source maps would be served, e.g. ${maps[0]}`);
  }
  const chunks = filesUnder(served, /\.js$/);
  // Turbopack writes the debug id before the map's URL, which withSentryConfig may strip.
  const withId = chunks.filter((file) => /\n\/\/# debugId=\S+/.test(readFileSync(file, "utf8")));
  if (withId.length === 0) throw new Error(`no chunk under ${served} carries a debug id`);
  const release = readReleaseFile(dir) ?? resolveRelease();
  const upload = process.env.SENTRY_AUTH_TOKEN
    ? `uploaded by next build (withSentryConfig) for release ${release ?? "unknown"}`
    : `no SENTRY_AUTH_TOKEN, upload skipped (release ${release ?? "unknown"})`;
  console.log(
    `sourcemaps: ${withId.length} of ${chunks.length} browser chunks carry debug ids, no map served; ${upload}`,
  );
}

function main(args) {
  if (args[0] === "--next") return checkNext(args[1] ?? ".next");
  const [dir] = args;
  if (dir === undefined || !existsSync(dir)) {
    throw new Error(`usage: po-pro-sourcemaps <build dir> (got ${dir ?? "nothing"}); build first`);
  }
  const release = readReleaseFile(dir) ?? resolveRelease();
  sentryCli(["sourcemaps", "inject", dir]);
  const env = process.env;
  if (!env.SENTRY_AUTH_TOKEN) {
    console.log(
      `sourcemaps: debug ids injected in ${dir} (release ${release ?? "unknown"}); no SENTRY_AUTH_TOKEN, upload skipped`,
    );
    return;
  }
  const missing = ["SENTRY_ORG", "SENTRY_PROJECT"].filter((name) => !env[name]);
  if (missing.length > 0) throw new Error(`sourcemaps upload needs ${missing.join(" and ")}`);
  if (release === undefined) {
    throw new Error(
      "sourcemaps upload needs a release: set SENTRY_RELEASE or build in a git checkout",
    );
  }
  sentryCli(["sourcemaps", "upload", "--release", release, dir]);
  console.log(
    `sourcemaps: uploaded ${dir} for release ${release} to ${env.SENTRY_URL || "sentry.io"} (${env.SENTRY_ORG}/${env.SENTRY_PROJECT})`,
  );
}

try {
  main(process.argv.slice(2));
} catch (error) {
  console.error(`po-pro-sourcemaps: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
