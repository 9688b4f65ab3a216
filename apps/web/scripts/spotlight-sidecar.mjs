/**
 * The Spotlight sidecar (Sentry's local event viewer) for `pnpm start`, with its UI, on 127.0.0.1.
 * `node scripts/spotlight-sidecar.mjs [port]` prints `{"port":N}` once it listens, then runs
 * until SIGINT/SIGTERM. It takes the given port (default 8969), or any free one when that is
 * taken, and says so.
 *
 * Not the `spotlight` CLI: the CLI reports its own telemetry to sentry.io, and 4.11.8 has no host
 * option (it listens on every interface), hence the listen() pin below.
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HOST = "127.0.0.1";
const requested = Number(process.argv[2] ?? "8969");

const listen = http.Server.prototype.listen;
http.Server.prototype.listen = function (port, _host, ...rest) {
  return listen.call(this, port, HOST, ...rest);
};

/** Whether `port` can be bound on 127.0.0.1 right now. */
function isFree(port) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, HOST, () => probe.close(() => resolve(true)));
  });
}

/** The UI's files, as the CLI serves them (dist/ui, listed by its manifest). */
function uiFiles() {
  const ui = join(dirname(fileURLToPath(import.meta.resolve("@spotlightjs/spotlight"))), "../ui");
  const files = Object.create(null);
  files["index.html"] = readFileSync(join(ui, "index.html"));
  const manifest = JSON.parse(readFileSync(join(ui, "manifest.json"), "utf8"));
  for (const entry of Object.values(manifest)) {
    if (entry && typeof entry.file === "string")
      files[entry.file] = readFileSync(join(ui, entry.file));
  }
  return files;
}

const port = requested === 0 || (await isFree(requested)) ? requested : 0;
const { setupSpotlight } = await import("@spotlightjs/spotlight");
const server = await setupSpotlight({ port, filesToServe: uiFiles(), isStandalone: true });
const address = server.address();
process.stdout.write(`${JSON.stringify({ port: address.port, requested })}\n`);
