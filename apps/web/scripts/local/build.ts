/**
 * The dashboard's build for `pnpm start`: Turbo's output is kept (and shown only if the build
 * fails); the terminal gets one line saying what is being built and for how long.
 */
import type { LocalProcesses, Say } from "./processes";

export interface BuildResult {
  ok: boolean;
  seconds: number;
  /** Turbo's "Cached: 7 cached, 7 total", when it printed one. */
  cached?: { hits: number; total: number };
}

const TASK_LINE = /^(@[\w.-]+\/[\w.-]+):(\w[\w:-]*): /;

export async function buildDashboard(
  processes: LocalProcesses,
  options: { root: string; env: NodeJS.ProcessEnv; say: Say },
): Promise<BuildResult> {
  const started = Date.now();
  const { child, code } = processes.step(
    "pnpm",
    ["exec", "turbo", "run", "build", "--filter=@po-pro/web", "--output-logs=new-only"],
    { cwd: options.root, env: { ...options.env, FORCE_COLOR: "0" } },
  );
  let output = "";
  let current = "";
  const onData = (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    for (const line of text.split("\n")) {
      const task = TASK_LINE.exec(line);
      if (task?.[1] !== undefined) current = `${task[1]}:${task[2]}`;
    }
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);

  const tty = process.stdout.isTTY === true;
  const elapsed = () => Math.round((Date.now() - started) / 1000);
  const progress = () => `building the dashboard… ${elapsed()} s${current ? ` (${current})` : ""}`;
  let lastPrinted = 0;
  const ticker = setInterval(
    () => {
      if (tty) process.stdout.write(`\r\x1b[2K\x1b[1m[po-pro]\x1b[0m ${progress()}`);
      else if (elapsed() - lastPrinted >= 15) {
        lastPrinted = elapsed();
        options.say(progress());
      }
    },
    tty ? 1000 : 5000,
  );
  options.say("building the dashboard (Turbo's cache makes it instant after the first time)…");
  const exitCode = await code;
  clearInterval(ticker);
  if (tty) process.stdout.write("\r\x1b[2K");
  const seconds = (Date.now() - started) / 1000;
  if (exitCode !== 0) {
    if (!processes.stopping) process.stdout.write(output);
    return { ok: false, seconds };
  }
  const cached = /Cached:\s+(\d+) cached, (\d+) total/.exec(output);
  return {
    ok: true,
    seconds,
    ...(cached ? { cached: { hits: Number(cached[1]), total: Number(cached[2]) } } : {}),
  };
}
