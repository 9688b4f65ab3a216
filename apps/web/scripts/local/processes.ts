/**
 * The processes `pnpm start` runs: each in its own process group (Ctrl-C reaches the script only,
 * which stops each group once: a second SIGINT straight from the terminal would cut the worker's
 * graceful stop short), stopped together, and one dying stops the rest with a line saying which.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";

export type Say = (line: string) => void;

export interface ServiceOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Output goes here instead of the terminal (noisy tools); its end is shown if it dies. */
  logFile?: string;
  /** Dying before `ready()` only costs this service (Prometheus), not the whole run. */
  optional?: boolean;
}

export interface Service {
  readonly name: string;
  readonly child: ChildProcess;
  /** Resolves with a description of how it ended (`exit 1`, `SIGKILL`). */
  readonly exited: Promise<string>;
  ready(): void;
}

const STOP_GRACE_MS = 35_000; // the worker's own shutdown allowance is 25 s, plus its Sentry flush

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ?? `exit ${code ?? "?"}`;
}

function lastLines(file: string, count: number): string {
  if (!existsSync(file)) return "";
  return readFileSync(file, "utf8").trimEnd().split("\n").slice(-count).join("\n");
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

export class LocalProcesses {
  private readonly running = new Set<{ child: ChildProcess; exited: Promise<string> }>();
  private stoppingPromise: Promise<never> | undefined;

  constructor(private readonly say: Say) {}

  get stopping(): boolean {
    return this.stoppingPromise !== undefined;
  }

  private track(child: ChildProcess): Promise<string> {
    const exited = new Promise<string>((resolve) => {
      child.once("exit", (code, signal) => resolve(describeExit(code, signal)));
      child.once("error", (error) => resolve(error.message));
    });
    const entry = { child, exited };
    this.running.add(entry);
    void exited.then(() => this.running.delete(entry));
    return exited;
  }

  /** A step that runs to its end (the build); its output is the caller's to read. */
  step(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) {
    const child = spawn(command, args, {
      ...options,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = this.track(child);
    const code = new Promise<number>((resolve) => {
      child.once("exit", (exitCode) => resolve(exitCode ?? 1));
      child.once("error", () => resolve(1));
    });
    return { child, exited, code };
  }

  /** A process that runs until Ctrl-C (worker, dashboard, Spotlight, Prometheus). */
  service(name: string, command: string, args: string[], options: ServiceOptions): Service {
    const output = options.logFile === undefined ? undefined : openSync(options.logFile, "w");
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: output === undefined ? "inherit" : ["ignore", output, output],
    });
    if (output !== undefined) closeSync(output);
    const exited = this.track(child);
    let isReady = false;
    void exited.then((how) => {
      if (this.stopping) return;
      const tail = options.logFile === undefined ? "" : lastLines(options.logFile, 15);
      if (tail !== "") process.stdout.write(`${tail}\n`);
      if (options.optional && !isReady) {
        this.say(`${name} did not start (${how}); carrying on without it`);
        return;
      }
      this.say(`${name} stopped (${how}); stopping the rest`);
      void this.stop(1);
    });
    return {
      name,
      child,
      exited,
      ready: () => {
        isReady = true;
      },
    };
  }

  /** Ends one service that never became ready (an optional one gives up quietly). */
  stopService(service: Service): void {
    signalGroup(service.child, "SIGINT");
  }

  /** Ends everything at once (a second Ctrl-C). */
  kill(): never {
    for (const { child } of this.running) signalGroup(child, "SIGKILL");
    process.exit(130);
  }

  /** Stops everything it started (SIGINT to each process group, SIGKILL after a grace period). */
  stop(code: number): Promise<never> {
    this.stoppingPromise ??= (async () => {
      const alive = [...this.running];
      if (alive.length > 0) this.say("stopping…");
      for (const { child } of alive) signalGroup(child, "SIGINT");
      const force = setTimeout(() => {
        for (const { child } of this.running) signalGroup(child, "SIGKILL");
      }, STOP_GRACE_MS);
      await Promise.all(alive.map((entry) => entry.exited));
      clearTimeout(force);
      // Grandchildren that outlived their parent (none expected) go with their group.
      for (const { child } of alive) signalGroup(child, "SIGKILL");
      if (alive.length > 0) this.say("stopped");
      process.exit(code);
    })();
    return this.stoppingPromise;
  }
}
