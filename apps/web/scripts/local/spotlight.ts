/**
 * Spotlight, Sentry's local viewer, for `pnpm start` without a SENTRY_DSN: the sidecar (and its
 * UI) on 127.0.0.1, which both apps' SDKs post their envelopes to.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { LocalProcesses, Say, Service } from "./processes";

export const SPOTLIGHT_DEFAULT_PORT = 8969;

export interface Spotlight {
  service: Service;
  /** The UI, e.g. http://127.0.0.1:8969 */
  url: string;
  /** What SENTRY_SPOTLIGHT is set to in both apps: the sidecar's envelope stream. */
  sidecarUrl: string;
}

function announcedPort(logFile: string): { port: number; requested: number } | undefined {
  let text: string;
  try {
    text = readFileSync(logFile, "utf8");
  } catch {
    return undefined;
  }
  const line = text.split("\n").find((l) => l.startsWith('{"port"'));
  return line === undefined ? undefined : (JSON.parse(line) as { port: number; requested: number });
}

export async function startSpotlight(
  processes: LocalProcesses,
  options: { web: string; dataDir: string; port: number; env: NodeJS.ProcessEnv; say: Say },
): Promise<Spotlight> {
  const logFile = join(options.dataDir, "spotlight.log");
  const service = processes.service(
    "Spotlight",
    process.execPath,
    ["scripts/spotlight-sidecar.mjs", String(options.port)],
    { cwd: options.web, env: options.env, logFile },
  );
  let ended = false;
  void service.exited.then(() => {
    ended = true;
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const announced = announcedPort(logFile);
    if (announced !== undefined) {
      if (announced.port !== announced.requested)
        options.say(
          `port ${announced.requested} is taken; Spotlight listens on ${announced.port} instead (SPOTLIGHT_PORT picks one)`,
        );
      service.ready();
      const url = `http://127.0.0.1:${announced.port}`;
      return { service, url, sidecarUrl: `${url}/stream` };
    }
    if (ended || processes.stopping) throw new Error("Spotlight did not start");
    if (Date.now() > deadline) throw new Error("Spotlight did not start within 60 s");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
