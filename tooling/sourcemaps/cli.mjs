#!/usr/bin/env node
/**
 * `po-pro-sourcemaps <dir>`: the `sourcemaps` Turbo task of a Node build. Injects debug ids into
 * every script and its map (`sentry-cli sourcemaps inject`, offline), then uploads them for the
 * release the build recorded in `<dir>/release.json`. Without `SENTRY_AUTH_TOKEN` it stops after
 * the injection, says so in one line and succeeds. `SENTRY_URL`, `SENTRY_ORG` and
 * `SENTRY_PROJECT` are read by sentry-cli itself (self-hosted Sentry through `SENTRY_URL`).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
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

function main([dir]) {
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
    `sourcemaps: uploaded ${dir} for release ${release} to ${env.SENTRY_URL ?? "sentry.io"} (${env.SENTRY_ORG}/${env.SENTRY_PROJECT})`,
  );
}

try {
  main(process.argv.slice(2));
} catch (error) {
  console.error(`po-pro-sourcemaps: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
