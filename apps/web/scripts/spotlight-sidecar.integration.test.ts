import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import net from "node:net";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, it } from "vitest";

const children: ChildProcess[] = [];

afterAll(async () => {
  for (const child of children) {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) continue;
    const exited = once(child, "exit");
    process.kill(-child.pid, "SIGKILL");
    await exited;
  }
});

/** Starts the sidecar as `pnpm start` does; resolves with the port it announced. */
async function startSidecar(port: number): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ["scripts/spotlight-sidecar.mjs", String(port)], {
    cwd: new URL("..", import.meta.url),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`sidecar exited (${code}):\n${stderr}`)));
  });
  return { child, port: (JSON.parse(line) as { port: number }).port };
}

describe("the Spotlight sidecar pnpm start runs", () => {
  it("takes another port when its port is taken, listens on 127.0.0.1 only and serves the UI", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const taken = (blocker.address() as net.AddressInfo).port;
    try {
      const { child, port } = await startSidecar(taken);
      expect(port).not.toBe(taken);
      expect(await (await fetch(`http://127.0.0.1:${port}/health`)).text()).toBe("OK");
      const ui = await fetch(`http://127.0.0.1:${port}/`);
      expect(ui.headers.get("content-type")).toContain("text/html");
      expect(await ui.text()).toContain("<title>Spotlight</title>");
      // Not on another interface: nothing answers there.
      const probe = net.connect({ host: "127.0.0.2", port });
      const outcome = await new Promise<string>((resolve) => {
        probe.once("connect", () => resolve("connected"));
        probe.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
      });
      probe.destroy();
      expect(outcome).toBe("ECONNREFUSED");

      const exited = once(child, "exit");
      process.kill(-(child.pid as number), "SIGTERM");
      await exited;
    } finally {
      blocker.close();
    }
  }, 30_000);
});
