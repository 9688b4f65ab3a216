/**
 * What the Dockerfiles run, outside Docker: `turbo prune <app> --docker`, a frozen-lockfile install
 * of the pruned manifests, the pruned sources on top, `turbo run build`, then `pnpm deploy --prod`
 * (worker) or Next's standalone folder (web), copied the way the runtime stage copies it.
 * `node tooling/docker/pipeline.mjs worker|web <dir>` lays an app's image tree in <dir>.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

export const APPS = {
  worker: { name: "@po-pro/worker", deploy: true, dockerfile: "apps/worker/Dockerfile" },
  web: { name: "@po-pro/web", deploy: false, dockerfile: "apps/web/Dockerfile" },
};

function run(command, args, { cwd, env = {}, log }) {
  const started = Date.now();
  const result = spawnSync(command, args, {
    cwd,
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", ...env },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  log?.(`${command} ${args.join(" ")} (${seconds} s)`);
  if (result.status !== 0)
    throw new Error(
      `${command} ${args.join(" ")} failed in ${cwd} (exit ${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`.slice(
        -8000,
      ),
    );
  return result.stdout;
}

/**
 * Lays the image's /app tree for `app` in `out` (made empty first); the build happens in
 * `work`. Returns the tree's directory and the command that starts it there.
 */
export function buildImageTree(app, { work, out, release = "", log }) {
  const { name, deploy } = APPS[app];
  rmSync(work, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const pruned = join(work, "pruned");
  const repo = join(work, "repo");

  // FROM base AS prune: RUN turbo prune <app> --docker --out-dir /pruned
  run(join(REPO, "node_modules/.bin/turbo"), ["prune", name, "--docker", "--out-dir", pruned], {
    cwd: REPO,
    log,
  });
  // FROM base AS build: COPY json/, pnpm install --frozen-lockfile, COPY full/, turbo run build
  cpSync(join(pruned, "json"), repo, { recursive: true });
  run("pnpm", ["install", "--frozen-lockfile", "--prefer-offline"], { cwd: repo, log });
  cpSync(join(pruned, "full"), repo, { recursive: true });
  run(
    join(repo, "node_modules/.bin/turbo"),
    ["run", "build", `--filter=${name}`, "--concurrency=2", "--output-logs=errors-only"],
    {
      cwd: repo,
      env: { SENTRY_RELEASE: release, ...(app === "web" ? { NODE_ENV: "production" } : {}) },
      log,
    },
  );

  if (deploy) {
    // RUN pnpm --filter <app> deploy --prod /deploy; the runtime stage copies three entries.
    const deployed = join(work, "deploy");
    run("pnpm", ["--filter", name, "deploy", "--prod", "--prefer-offline", deployed], {
      cwd: repo,
      log,
    });
    mkdirSync(out, { recursive: true });
    for (const entry of ["package.json", "node_modules", "dist"])
      cpSync(join(deployed, entry), join(out, entry), { recursive: true, verbatimSymlinks: true });
    return { dir: out, main: "dist/main.js", repo };
  }
  // COPY --from=build /repo/apps/web/.next/standalone ./
  cpSync(join(repo, "apps/web/.next/standalone"), out, { recursive: true, verbatimSymlinks: true });
  return { dir: out, main: "apps/web/server.js", repo };
}

/** The packages installed in a tree's node_modules/.pnpm, as `name@version` folder names. */
export function installedPackages(dir) {
  const store = join(dir, "node_modules/.pnpm");
  if (!existsSync(store)) return [];
  return readdirSync(store).filter((entry) => entry !== "node_modules" && !entry.startsWith("."));
}

/** Bytes under `dir`, symlinks not followed (what `COPY` puts in the image's layer). */
export function treeBytes(dir) {
  const out = spawnSync("du", ["-sb", dir], { encoding: "utf8" }).stdout;
  return Number(out.split(/\s/)[0]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [app, out] = process.argv.slice(2);
  if (!(app in APPS) || out === undefined) {
    console.error("usage: node tooling/docker/pipeline.mjs worker|web <dir>");
    process.exit(2);
  }
  const tree = buildImageTree(app, {
    work: `${resolve(out)}.work`,
    out: resolve(out),
    release: process.env.SENTRY_RELEASE ?? "",
    log: (line) => console.log(line),
  });
  console.log(`${tree.dir}: start it with \`node ${tree.main}\` (${treeBytes(tree.dir)} bytes)`);
}
