/**
 * Chromium for the browser tests (playwright-core drives it and cannot download one here).
 *
 *   node tooling/chromium/ensure.mjs [-- command …]
 *
 * Finds a browser — CHROMIUM_PATH, /usr/bin/chromium, then chromium, chromium-browser,
 * google-chrome or google-chrome-stable on PATH — else installs Debian's `chromium` with apt-get
 * when running as root or with passwordless sudo, else exits 1 with one sentence naming the
 * command to run. With a command, runs it with CHROMIUM_PATH set to the browser found (root
 * `pnpm test` wraps Turbo in it); without one, prints the path.
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { commandAfterSeparator, runWithEnv } from "../command/run-with-env.mjs";

export const KNOWN_PATHS = ["/usr/bin/chromium"];
export const NAMES_ON_PATH = [
  "chromium",
  "chromium-browser",
  "google-chrome",
  "google-chrome-stable",
];
export const INSTALL_COMMAND = "sudo apt-get install -y chromium";

/** No browser, and none could be installed: the message is one sentence naming what to run. */
export class ChromiumNotFoundError extends Error {
  name = "ChromiumNotFoundError";
}

function isExecutableFile(path) {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The browser to use, or undefined. A CHROMIUM_PATH that is not an executable file is an error
 * rather than a reason to look elsewhere: the person who set it meant that browser.
 * @param {{ env?: NodeJS.ProcessEnv, knownPaths?: readonly string[] }} [options]
 */
export function findChromium({ env = process.env, knownPaths = KNOWN_PATHS } = {}) {
  const chosen = env.CHROMIUM_PATH;
  if (chosen !== undefined && chosen !== "") {
    if (isExecutableFile(chosen)) return chosen;
    throw new ChromiumNotFoundError(
      `CHROMIUM_PATH is ${chosen}, which is not an executable file: point it at a Chromium or Chrome executable, or unset it to use /usr/bin/chromium.`,
    );
  }
  for (const path of knownPaths) if (isExecutableFile(path)) return path;
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (dir === "") continue;
    for (const name of NAMES_ON_PATH) {
      const path = join(dir, name);
      if (isExecutableFile(path)) return path;
    }
  }
  return undefined;
}

function onPath(name, env) {
  return (env.PATH ?? "")
    .split(delimiter)
    .some((dir) => dir !== "" && isExecutableFile(join(dir, name)));
}

/** Runs a command to completion, its output shown; throws naming it when it fails. */
function runVisibly(command, env) {
  const [file, ...args] = command;
  const result = spawnSync(file, args, { env, stdio: ["ignore", "inherit", "inherit"] });
  if (result.status !== 0) {
    throw new ChromiumNotFoundError(
      `Installing Chromium failed (\`${command.join(" ")}\` exited with ${result.error?.message ?? result.status ?? result.signal}): run \`${INSTALL_COMMAND}\` yourself or set CHROMIUM_PATH to a Chromium or Chrome executable.`,
    );
  }
}

/**
 * Finds a browser, installing Debian's when allowed; returns its path.
 * @param {{
 *   env?: NodeJS.ProcessEnv,
 *   knownPaths?: readonly string[],
 *   isRoot?: boolean,
 *   log?: (line: string) => void,
 *   run?: (command: string[], env: NodeJS.ProcessEnv) => void,
 * }} [options]
 */
export function ensureChromium({
  env = process.env,
  knownPaths = KNOWN_PATHS,
  isRoot = process.getuid?.() === 0,
  log = (line) => console.error(line),
  run = runVisibly,
} = {}) {
  const found = findChromium({ env, knownPaths });
  if (found !== undefined) return found;

  const looked = `looked for CHROMIUM_PATH, ${knownPaths.join(", ")} and ${NAMES_ON_PATH.join(", ")} on PATH`;
  const elevate = isRoot
    ? []
    : onPath("sudo", env) &&
        spawnSync("sudo", ["-n", "true"], { env, stdio: "ignore" }).status === 0
      ? ["sudo", "-n"]
      : undefined;
  if (elevate === undefined) {
    throw new ChromiumNotFoundError(
      `No Chromium for the browser tests (${looked}), and no root or passwordless sudo to install it: run \`${INSTALL_COMMAND}\`, or set CHROMIUM_PATH to a Chromium or Chrome executable.`,
    );
  }
  if (!onPath("apt-get", env)) {
    throw new ChromiumNotFoundError(
      `No Chromium for the browser tests (${looked}), and no apt-get to install Debian's: install Chromium or Chrome and set CHROMIUM_PATH to its executable.`,
    );
  }
  log(`No Chromium for the browser tests (${looked}); installing Debian's chromium with apt-get.`);
  run([...elevate, "apt-get", "update", "-qq"], env);
  run(
    [
      ...elevate,
      "env",
      "DEBIAN_FRONTEND=noninteractive",
      "apt-get",
      "install",
      "-y",
      "-qq",
      "chromium",
    ],
    env,
  );
  const installed = findChromium({ env, knownPaths });
  if (installed === undefined) {
    throw new ChromiumNotFoundError(
      `apt-get installed chromium but no browser turned up (${looked}): set CHROMIUM_PATH to its executable.`,
    );
  }
  return installed;
}

function main(argv) {
  const command = commandAfterSeparator(argv);
  let chromium;
  try {
    chromium = ensureChromium();
  } catch (error) {
    if (!(error instanceof ChromiumNotFoundError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  if (command.length === 0) console.log(chromium);
  else runWithEnv(command, { CHROMIUM_PATH: chromium });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
