/**
 * For the root scripts that settle one variable and then hand over to Turbo
 * (`node <script> -- turbo run …`): the command after `--`, run with the variable set, its exit
 * code or signal passed on as the script's own.
 */
import { spawn } from "node:child_process";

/** The words after the first `--`, or none. */
export function commandAfterSeparator(argv) {
  const separator = argv.indexOf("--");
  return separator < 0 ? [] : argv.slice(separator + 1);
}

/** Runs `command` with `extraEnv` added to this process's environment and exits as it does. */
export function runWithEnv(command, extraEnv) {
  const [file, ...args] = command;
  const child = spawn(file, args, { stdio: "inherit", env: { ...process.env, ...extraEnv } });
  child.on("error", (error) => {
    console.error(`Could not run ${file}: ${error.message}`);
    process.exit(1);
  });
  child.on("exit", (code, signal) => {
    if (signal !== null) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}
