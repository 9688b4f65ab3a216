// The `sourcemaps` task's command on a tiny build: offline it injects debug ids and says in one
// line that it skipped the upload; with a token it uploads to SENTRY_URL (a self-hosted Sentry).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { writeReleaseFile } from "./release.mjs";

const CLI = fileURLToPath(new URL("./cli.mjs", import.meta.url));

function tinyBuild() {
  const dir = mkdtempSync(join(tmpdir(), "po-pro-sourcemaps-"));
  writeFileSync(join(dir, "main.js"), 'throw new Error("x");\n//# sourceMappingURL=main.js.map\n');
  const map = { version: 3, sources: ["../src/main.ts"], names: [], mappings: "AAAA" };
  writeFileSync(join(dir, "main.js.map"), JSON.stringify(map));
  writeReleaseFile(dir, "tiny-1");
  return dir;
}

function run(args, env) {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

test("without SENTRY_AUTH_TOKEN: injects debug ids, skips the upload in one line, succeeds", async () => {
  const dir = tinyBuild();
  const { code, stdout, stderr } = await run([dir], {});
  assert.equal(code, 0, stderr);
  assert.deepEqual(stdout.trim().split("\n"), [
    `sourcemaps: debug ids injected in ${dir} (release tiny-1); no SENTRY_AUTH_TOKEN, upload skipped`,
  ]);
  const id = /\/\/# debugId=(\S+)\s*$/.exec(readFileSync(join(dir, "main.js"), "utf8"))?.[1];
  assert.ok(id);
  assert.equal(JSON.parse(readFileSync(join(dir, "main.js.map"), "utf8")).debugId, id);
});

test("with SENTRY_AUTH_TOKEN: uploads to SENTRY_URL, and fails when that Sentry refuses", async () => {
  const paths = [];
  const sentry = createServer((req, res) => {
    paths.push(req.url);
    req.resume();
    res.writeHead(500, { "content-type": "application/json" }).end('{"detail":"refused"}');
  });
  await new Promise((resolve) => sentry.listen(0, "127.0.0.1", resolve));
  try {
    const { code } = await run([tinyBuild()], {
      SENTRY_AUTH_TOKEN: "sntrys_test",
      SENTRY_ORG: "acme",
      SENTRY_PROJECT: "worker",
      SENTRY_URL: `http://127.0.0.1:${sentry.address().port}`,
    });
    assert.notEqual(code, 0);
    assert.ok(
      paths.some((path) => path.startsWith("/api/0/organizations/acme/")),
      `requests: ${paths.join(", ")}`,
    );
  } finally {
    sentry.close();
  }
});
