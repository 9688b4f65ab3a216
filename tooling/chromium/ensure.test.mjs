/**
 * ensure.mjs against fake machines: a PATH that holds only the executables each case puts there
 * (no browser, a refusing or passwordless sudo, an apt-get that "installs" a browser), and a
 * known path that does not exist. The real /usr/bin/chromium is never touched.
 * Run with `pnpm test:tooling` (node --test).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { ChromiumNotFoundError, ensureChromium, findChromium, INSTALL_COMMAND } from "./ensure.mjs";

const SCRIPT = fileURLToPath(new URL("./ensure.mjs", import.meta.url));
// The fakes run with the fake PATH, so the one tool they need is called by its full path.
const CHMOD = spawnSync("sh", ["-c", "command -v chmod"], { encoding: "utf8" }).stdout.trim();

let dir;
let bin;
let missing;

function executable(name, body = "exit 0") {
  const path = join(bin, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

/** An apt-get that records its arguments and, on install, puts a "chromium" on the fake PATH. */
function fakeAptGet() {
  executable(
    "apt-get",
    `echo "apt-get $*" >> "${join(dir, "calls")}"\ncase "$*" in *install*) printf '#!/bin/sh\\n' > "${join(bin, "chromium")}"; ${CHMOD} 755 "${join(bin, "chromium")}";; esac`,
  );
  // `env VAR=value apt-get …` as root; the fake PATH has no env of its own.
  executable("env", 'shift; exec "$@"');
}

function calls() {
  try {
    return readFileSync(join(dir, "calls"), "utf8").trim().split("\n");
  } catch {
    return [];
  }
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "ensure-chromium-"));
  bin = join(dir, "bin");
  mkdirSync(bin);
  missing = [join(dir, "usr-bin-chromium")];
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("findChromium", () => {
  it("takes CHROMIUM_PATH when it is an executable file", () => {
    const browser = executable("my-chrome");
    assert.equal(
      findChromium({ env: { CHROMIUM_PATH: browser, PATH: "" }, knownPaths: missing }),
      browser,
    );
  });

  it("refuses a CHROMIUM_PATH that is not an executable file, naming it", () => {
    const path = join(dir, "nothing-here");
    assert.throws(
      () => findChromium({ env: { CHROMIUM_PATH: path, PATH: bin }, knownPaths: missing }),
      (error) =>
        error instanceof ChromiumNotFoundError &&
        error.message.includes(`CHROMIUM_PATH is ${path}`),
    );
  });

  it("takes a known path, then a browser on PATH, and skips non-executable files", () => {
    const known = executable("known-chromium");
    assert.equal(findChromium({ env: { PATH: bin }, knownPaths: [known] }), known);
    writeFileSync(join(bin, "chromium"), "not executable");
    const chrome = executable("google-chrome");
    assert.equal(
      findChromium({ env: { PATH: `${join(dir, "empty")}:${bin}` }, knownPaths: missing }),
      chrome,
    );
  });

  it("finds nothing on a machine without a browser", () => {
    executable("firefox");
    assert.equal(findChromium({ env: { PATH: bin }, knownPaths: missing }), undefined);
  });
});

describe("ensureChromium", () => {
  it("without a browser, root or sudo, fails in one sentence naming the command to run", () => {
    fakeAptGet();
    assert.throws(
      () =>
        ensureChromium({ env: { PATH: bin }, knownPaths: missing, isRoot: false, log: () => {} }),
      (error) => {
        assert.ok(error instanceof ChromiumNotFoundError);
        assert.ok(error.message.includes(`\`${INSTALL_COMMAND}\``), error.message);
        assert.ok(error.message.includes("CHROMIUM_PATH"));
        assert.equal(error.message.split(/[.:] [A-Z]/).length, 1, "one sentence");
        assert.ok(!error.message.includes("\n"));
        return true;
      },
    );
    assert.deepEqual(calls(), [], "nothing was installed");
  });

  it("fails the same way when sudo asks for a password", () => {
    fakeAptGet();
    executable("sudo", `echo "sudo $*" >> "${join(dir, "calls")}"; exit 1`);
    assert.throws(
      () =>
        ensureChromium({ env: { PATH: bin }, knownPaths: missing, isRoot: false, log: () => {} }),
      /no root or passwordless sudo to install it: run `sudo apt-get install -y chromium`/,
    );
    assert.deepEqual(calls(), ["sudo -n true"]);
  });

  it("as root, installs Debian's chromium with apt-get and returns it", () => {
    fakeAptGet();
    const logged = [];
    const found = ensureChromium({
      env: { PATH: bin },
      knownPaths: missing,
      isRoot: true,
      log: (line) => logged.push(line),
    });
    assert.equal(found, join(bin, "chromium"));
    assert.deepEqual(calls(), ["apt-get update -qq", "apt-get install -y -qq chromium"]);
    assert.match(logged[0] ?? "", /installing Debian's chromium/);
  });

  it("with passwordless sudo, installs through sudo -n", () => {
    fakeAptGet();
    executable(
      "sudo",
      `echo "sudo $*" >> "${join(dir, "calls")}"; shift; [ "$1" = true ] && exit 0; exec "$@"`,
    );
    const found = ensureChromium({
      env: { PATH: bin },
      knownPaths: missing,
      isRoot: false,
      log: () => {},
    });
    assert.equal(found, join(bin, "chromium"));
    assert.deepEqual(calls(), [
      "sudo -n true",
      "sudo -n apt-get update -qq",
      "apt-get update -qq",
      "sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium",
      "apt-get install -y -qq chromium",
    ]);
  });

  it("as root without apt-get, says to install a browser and set CHROMIUM_PATH", () => {
    assert.throws(
      () =>
        ensureChromium({ env: { PATH: bin }, knownPaths: missing, isRoot: true, log: () => {} }),
      /no apt-get to install Debian's: install Chromium or Chrome and set CHROMIUM_PATH/,
    );
  });

  it("names the failing command when apt-get fails", () => {
    executable("apt-get", "exit 100");
    assert.throws(
      () =>
        ensureChromium({ env: { PATH: bin }, knownPaths: missing, isRoot: true, log: () => {} }),
      /`apt-get update -qq` exited with 100/,
    );
  });
});

describe("the command line", () => {
  function cli(env, ...args) {
    return spawnSync(process.execPath, [SCRIPT, ...args], { env, encoding: "utf8" });
  }

  it("runs the command with CHROMIUM_PATH set and passes its exit code on", () => {
    const browser = executable("chromium-for-tests");
    const result = cli(
      { PATH: process.env.PATH, CHROMIUM_PATH: browser },
      "--",
      process.execPath,
      "-e",
      "console.log(process.env.CHROMIUM_PATH); process.exit(3)",
    );
    assert.equal(result.stdout.trim(), browser);
    assert.equal(result.status, 3);
  });

  it("without a command prints the browser's path", () => {
    const browser = executable("chromium-for-tests");
    const result = cli({ PATH: bin, CHROMIUM_PATH: browser });
    assert.equal(result.stdout, `${browser}\n`);
    assert.equal(result.status, 0);
  });

  it("exits 1 with the one sentence, and runs nothing, when there is no browser to use", () => {
    const marker = join(dir, "ran");
    const result = cli(
      { PATH: bin, CHROMIUM_PATH: join(dir, "gone") },
      "--",
      process.execPath,
      "-e",
      `require("node:fs").writeFileSync(${JSON.stringify(marker)}, "")`,
    );
    assert.equal(result.status, 1);
    assert.equal(result.stderr.trim().split("\n").length, 1, result.stderr);
    assert.match(result.stderr, /^CHROMIUM_PATH is .*gone, which is not an executable file/);
    assert.throws(() => readFileSync(marker));
  });
});
