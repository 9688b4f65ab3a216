/**
 * A small Dockerfile reader and the rules this repository's images keep (hadolint is not
 * installable here: it is published neither on npm nor in Debian). `checkImageDockerfile` returns
 * one sentence per broken rule.
 */

/** The instructions of a Dockerfile: continuation lines joined, comments and blanks dropped. */
export function parseDockerfile(text) {
  const instructions = [];
  let pending = "";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (pending === "" && (line === "" || line.startsWith("#"))) continue;
    if (line.startsWith("#")) continue;
    if (line.endsWith("\\")) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    const whole = `${pending}${line}`.trim();
    pending = "";
    if (whole === "") continue;
    const space = whole.search(/\s/);
    instructions.push({
      keyword: (space === -1 ? whole : whole.slice(0, space)).toUpperCase(),
      args: space === -1 ? "" : whole.slice(space + 1).trim(),
    });
  }
  return instructions;
}

/** The stages, each with its FROM line's image, its name and its instructions. */
export function stagesOf(instructions) {
  const stages = [];
  const globalArgs = new Map();
  for (const instruction of instructions) {
    if (instruction.keyword === "FROM") {
      const [image, as, name] = instruction.args.split(/\s+/);
      const resolved = image.replace(/^\$\{?(\w+)\}?$/, (_, arg) => globalArgs.get(arg) ?? image);
      stages.push({
        image: resolved,
        name: as?.toUpperCase() === "AS" ? name : undefined,
        body: [],
      });
    } else if (stages.length === 0 && instruction.keyword === "ARG") {
      const [arg, value = ""] = instruction.args.split("=");
      globalArgs.set(arg, value.replace(/^"|"$/g, ""));
    } else {
      stages.at(-1)?.body.push(instruction);
    }
  }
  return stages;
}

function isExecForm(args) {
  try {
    const parsed = JSON.parse(args);
    return Array.isArray(parsed) && parsed.every((part) => typeof part === "string");
  } catch {
    return false;
  }
}

/**
 * The rules: every stage on node:24-slim (or a stage of this file), `turbo prune <app> --docker`,
 * a frozen-lockfile install, a final stage that runs as a non-root user with a HEALTHCHECK, and
 * ENTRYPOINT/CMD in exec form so Node is PID 1 and receives SIGTERM itself.
 */
export function checkImageDockerfile(text, { app, deploy }) {
  const problems = [];
  const stages = stagesOf(parseDockerfile(text));
  const names = new Set(stages.map((stage) => stage.name).filter(Boolean));
  if (stages.length < 2) problems.push("it is not multi-stage (one FROM)");
  for (const stage of stages) {
    if (stage.image !== "node:24-slim" && !names.has(stage.image))
      problems.push(`stage ${stage.name ?? "?"} is FROM ${stage.image}, not node:24-slim`);
  }
  const runs = stages.flatMap((stage) => stage.body).filter((i) => i.keyword === "RUN");
  const ran = (pattern) => runs.some((run) => pattern.test(run.args));
  if (!ran(new RegExp(`turbo prune ${app.replace("/", "\\/")} --docker`)))
    problems.push(`no RUN turbo prune ${app} --docker`);
  if (!ran(/pnpm install --frozen-lockfile/))
    problems.push("no RUN pnpm install --frozen-lockfile");
  if (!ran(new RegExp(`turbo run build --filter=${app.replace("/", "\\/")}`)))
    problems.push(`no RUN turbo run build --filter=${app}`);
  if (deploy && !ran(new RegExp(`pnpm --filter ${app.replace("/", "\\/")} deploy --prod`)))
    problems.push(`no RUN pnpm --filter ${app} deploy --prod`);
  for (const run of runs) {
    if (/\bsudo\b/.test(run.args)) problems.push(`RUN uses sudo: ${run.args}`);
    if (/curl[^|]*\|\s*(ba)?sh/.test(run.args)) problems.push(`RUN pipes a download into a shell`);
  }

  const final = stages.at(-1);
  if (final === undefined) return [...problems, "no FROM"];
  const last = (keyword) => final.body.filter((i) => i.keyword === keyword).at(-1);
  const user = last("USER");
  if (user === undefined || /^(root|0)(:|$)/.test(user.args))
    problems.push("the final stage does not switch to a non-root USER");
  const healthcheck = last("HEALTHCHECK");
  if (healthcheck === undefined || /^NONE$/i.test(healthcheck.args))
    problems.push("the final stage has no HEALTHCHECK");
  else if (!isExecForm(healthcheck.args.replace(/^(--\S+\s+)*CMD\s+/, "")))
    problems.push("HEALTHCHECK CMD is not in exec form (a shell would run it)");
  for (const keyword of ["ENTRYPOINT", "CMD"]) {
    const instruction = last(keyword);
    if (instruction !== undefined && !isExecForm(instruction.args))
      problems.push(`${keyword} is in shell form: a shell, not Node, would get SIGTERM`);
  }
  const entrypoint = last("ENTRYPOINT");
  if (
    entrypoint === undefined ||
    !isExecForm(entrypoint.args) ||
    JSON.parse(entrypoint.args)[0] !== "node"
  )
    problems.push('ENTRYPOINT does not start with "node"');
  if (final.body.some((i) => i.keyword === "ADD")) problems.push("ADD in the final stage (COPY)");
  return problems;
}
