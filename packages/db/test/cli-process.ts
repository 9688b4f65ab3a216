// Runs the po-pro-db CLI (and other scripts) as child processes, the way the package scripts do.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const packageDir = fileURLToPath(new URL("..", import.meta.url));
const tsx = ["--conditions=@po-pro/source", "--import", "tsx"];

export interface Run {
  child: ChildProcess;
  /** stdout and stderr so far, interleaved. */
  text(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

/** `node --import tsx <args>` in the package directory, as `pnpm migrate|seed|serve` run it. */
export function run(args: string[], env: NodeJS.ProcessEnv = {}): Run {
  return track(
    spawn(process.execPath, [...tsx, ...args], {
      cwd: packageDir,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
}

export function track(child: ChildProcess): Run {
  let text = "";
  let stderr = "";
  child.stdout?.on("data", (chunk) => {
    text += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    text += chunk;
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? (signal === null ? null : -1))),
  );
  return { child, text: () => text, stderr: () => stderr, exited };
}

/** Resolves with the server's URL once `serve` says it is ready; rejects if it exits first. */
export function ready(server: Run, timeoutMs = 90_000): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`serve did not start:\n${server.text()}`)),
      timeoutMs,
    );
    const check = () => {
      const match = /DATABASE_URL\s+(\S+)/.exec(server.text());
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    server.child.stdout?.on("data", check);
    void server.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${server.text()}`));
    });
  });
}

/** Starts `po-pro-db serve` on `dataDir` and a free port. */
export async function serve(dataDir: string, env: NodeJS.ProcessEnv = {}) {
  const server = run(["src/cli.ts", "serve"], {
    PO_PRO_DATA_DIR: dataDir,
    PO_PRO_DB_PORT: "0",
    ...env,
  });
  const url = await ready(server);
  return { ...server, url };
}

/** True while a process with this pid exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return condition();
}
