import { createServer, type Socket } from "node:net";
import type { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketHandler, type PGLiteSocketHandlerOptions } from "@electric-sql/pglite-socket";
import { SessionQueue } from "./session-queue.js";

export interface EmbeddedServerOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Concurrent client connections; keep it at least the sum of the clients' pool sizes. */
  maxConnections?: number;
}

export interface EmbeddedServer {
  /** Connection URL for postgres.js, psql and any other PostgreSQL client. */
  url: string;
  host: string;
  port: number;
  stats(): { connections: number; queued: number };
  stop(): Promise<void>;
}

/**
 * Serves an embedded PGlite database over the PostgreSQL wire protocol so that several processes
 * (web, worker, psql) can share it. Connections are handled by pglite-socket's handler; scheduling
 * across connections is ours (see SessionQueue).
 */
export async function startEmbeddedServer(
  pglite: PGlite,
  options: EmbeddedServerOptions = {},
): Promise<EmbeddedServer> {
  const host = options.host ?? "127.0.0.1";
  const maxConnections = options.maxConnections ?? 64;
  const queue = new SessionQueue(pglite);
  const handlers = new Set<PGLiteSocketHandler>();

  const server = createServer((socket) => {
    if (handlers.size >= maxConnections) {
      refuse(socket, `too many connections to the embedded database (limit ${maxConnections})`);
      return;
    }
    const handler = new PGLiteSocketHandler({
      // The handler only calls enqueue / clearQueueForHandler / clearTransactionIfNeeded.
      queryQueue: queue as unknown as PGLiteSocketHandlerOptions["queryQueue"],
      closeOnDetach: true,
    });
    handlers.add(handler);
    const forget = () => handlers.delete(handler);
    handler.addEventListener("close", forget);
    handler.addEventListener("error", forget);
    handler.attach(socket).catch(() => {
      forget();
      socket.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;

  return {
    url: `postgres://postgres@${host}:${port}/postgres`,
    host,
    port,
    stats: () => ({ connections: handlers.size, queued: queue.length }),
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...handlers].map((handler) => handler.detach(true)));
      handlers.clear();
      await closed;
    },
  };
}

/** Answers with a FATAL ErrorResponse (SQLSTATE 53300) so clients show a real message. */
function refuse(socket: Socket, message: string): void {
  const fields = Buffer.concat([
    Buffer.from("SFATAL\0C53300\0M"),
    Buffer.from(message),
    Buffer.from("\0\0"),
  ]);
  const header = Buffer.alloc(5);
  header.write("E", 0);
  header.writeInt32BE(fields.length + 4, 1);
  socket.end(Buffer.concat([header, fields]));
}
