/**
 * The deployment files, checked without Docker: the Dockerfiles against the image rules
 * (dockerfile.mjs), compose.yaml with `docker compose config` (or Debian's `docker-compose`). A check whose tool is
 * missing is skipped and says which package brings it. Run with `pnpm test:images`. The Prometheus
 * and Alertmanager configs are checked by `pnpm test:ops` (ops/test), which `.ci/run` runs.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { checkImageDockerfile } from "./dockerfile.mjs";
import { APPS, REPO } from "./pipeline.mjs";

function has(command, args = ["--version"]) {
  return spawnSync(command, args, { stdio: "ignore" }).status === 0;
}

function run(command, args, env = {}) {
  return spawnSync(command, args, {
    cwd: REPO,
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
}

describe("Dockerfiles", () => {
  for (const [app, { name, deploy, dockerfile }] of Object.entries(APPS)) {
    it(`${dockerfile} keeps the image rules`, () => {
      const text = readFileSync(join(REPO, dockerfile), "utf8");
      assert.deepEqual(checkImageDockerfile(text, { app: name, deploy }), []);
    });
    it(`${app}: the rules catch a shell-form ENTRYPOINT, a root user and a missing HEALTHCHECK`, () => {
      const text = readFileSync(join(REPO, dockerfile), "utf8")
        .replace(/^ENTRYPOINT .*$/m, "ENTRYPOINT node dist/main.js")
        .replace(/^USER .*$/m, "USER root")
        .replace(/^HEALTHCHECK[^\n]*\\\n[^\n]*\n/m, "");
      const problems = checkImageDockerfile(text, { app: name, deploy }).join("\n");
      assert.match(problems, /ENTRYPOINT is in shell form/);
      assert.match(problems, /non-root USER/);
      assert.match(problems, /no HEALTHCHECK/);
    });
  }

  it("the .dockerignore keeps local installs and builds out of the context", () => {
    const ignored = readFileSync(join(REPO, ".dockerignore"), "utf8").split("\n");
    for (const entry of [".git", "**/node_modules", "**/.next", "**/dist", "**/.turbo"])
      assert.ok(ignored.includes(entry), `.dockerignore lacks ${entry}`);
  });
});

describe("compose.yaml", () => {
  const env = {
    POSTGRES_PASSWORD: "compose-check",
    BETTER_AUTH_SECRET: "compose-check-0123456789abcdef0123456789",
    MAIL_TOKEN_KEYS: "k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
    WORKER_TRIGGER_SECRET: "compose-check-0123456789ab",
    GRAFANA_ADMIN_PASSWORD: "compose-check",
  };
  const compose = has("docker", ["compose", "version"])
    ? ["docker", ["compose"]]
    : has("docker-compose")
      ? ["docker-compose", []]
      : undefined;

  it("validates, with the services and the environment each needs", {
    skip: compose
      ? false
      : "no `docker compose` nor `docker-compose` (apt-get install docker-compose)",
  }, () => {
    const [command, prefix] = compose;
    const checked = run(command, [...prefix, "-f", "compose.yaml", "config"], env);
    assert.equal(checked.status, 0, checked.stderr);
    const config = checked.stdout;
    for (const service of [
      "postgres",
      "migrate",
      "web",
      "worker",
      "prometheus",
      "alertmanager",
      "grafana",
    ])
      assert.match(config, new RegExp(`^  ${service}:$`, "m"), `no service ${service}`);
    assert.match(config, /replicas: 2/);
    assert.match(config, /DATABASE_URL: postgres:\/\/po_pro:compose-check@postgres:5432\/po_pro/);
    assert.match(config, /WORKER_URL: http:\/\/worker:8787/);
  });

  it("refuses to start without the secrets, naming the first one missing", {
    skip: compose ? false : "no `docker compose` nor `docker-compose`",
  }, () => {
    const [command, prefix] = compose;
    const { POSTGRES_PASSWORD: _, ...rest } = env;
    const checked = run(command, [...prefix, "-f", "compose.yaml", "config", "-q"], {
      ...rest,
      POSTGRES_PASSWORD: "",
    });
    assert.notEqual(checked.status, 0);
    assert.match(checked.stderr, /set POSTGRES_PASSWORD in \.env/);
  });
});
