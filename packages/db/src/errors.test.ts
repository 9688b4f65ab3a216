import { type AddressInfo, createServer, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { createDb } from "./client.js";
import { DatabaseConfigError, DatabaseConnectionError, parseDatabaseUrl } from "./errors.js";

describe("database configuration errors", () => {
  it.each([
    ["not a url", "is not a valid URL"],
    ["mysql://root@127.0.0.1/app", 'must start with postgres:// or postgresql://, got "mysql://"'],
    ["postgres://", "has no host name"],
  ])("refuses DATABASE_URL=%s naming the variable", async (url, reason) => {
    const error = await createDb({ url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseConfigError);
    expect((error as DatabaseConfigError).variable).toBe("DATABASE_URL");
    expect((error as Error).message).toContain("DATABASE_URL");
    expect((error as Error).message).toContain(reason);
  });

  it("names the variable the caller says the URL came from", async () => {
    const error = await createDb({ url: "nope", urlVariable: "WORKER_DATABASE_URL" }).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toMatch(/^WORKER_DATABASE_URL is not a valid URL/);
  });

  it("reports an unreachable server in one sentence with the variable and the host", async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const error = await createDb({ url: "postgres://app:s3cret@127.0.0.1:1/app" }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatabaseConnectionError);
    const { message, host, code } = error as DatabaseConnectionError;
    expect(host).toBe("127.0.0.1:1");
    expect(code).toBe("ECONNREFUSED");
    expect(message).toBe(
      "Cannot connect to PostgreSQL at 127.0.0.1:1 from DATABASE_URL: the connection was refused (is the server running and listening there?)",
    );
    expect(message).not.toContain("s3cret");
  });

  it("reports a host name that does not resolve", async () => {
    const error = await createDb({
      url: "postgres://app@db.invalid:5432/app",
      connectTimeoutSeconds: 5,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseConnectionError);
    expect((error as Error).message).toMatch(
      /^Cannot connect to PostgreSQL at db\.invalid:5432 from DATABASE_URL: the host name (does not resolve|could not be resolved)/,
    );
  });

  it("redacts the password when it prints a URL", () => {
    expect(parseDatabaseUrl("postgres://app:s3cret@db:6543/orders", "DATABASE_URL")).toEqual({
      host: "db",
      port: 6543,
      database: "orders",
      redacted: "postgres://app:***@db:6543/orders",
    });
  });
});

describe("a server that never becomes a PostgreSQL session", () => {
  async function impostor(
    answer: (socket: Socket) => void,
  ): Promise<{ port: number; close(): Promise<void> }> {
    const server = createServer((socket) => {
      socket.on("error", () => {});
      answer(socket);
    });
    await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
    const { port } = server.address() as AddressInfo;
    return {
      port,
      close: () =>
        new Promise<void>((closed) => {
          server.close(() => closed());
          for (const s of sockets) s.destroy();
        }),
    };
  }
  const sockets = new Set<Socket>();

  it("gives up at the deadline when the server answers something else and closes", async () => {
    const server = await impostor((socket) =>
      socket.once("data", () => socket.end("SSH-2.0-OpenSSH_9.6\r\n")),
    );
    const started = Date.now();
    const error = await createDb({
      url: `postgres://app@127.0.0.1:${server.port}/app`,
      connectTimeoutSeconds: 1,
    }).catch((e: unknown) => e);
    await server.close();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(error).toBeInstanceOf(DatabaseConnectionError);
    expect((error as Error).message).toBe(
      `Cannot connect to PostgreSQL at 127.0.0.1:${server.port} from DATABASE_URL: no PostgreSQL session within 1 s (the server there is not PostgreSQL: it answered "SSH-2.0-OpenSSH_9.6")`,
    );
  });

  it("gives up at the deadline when the server accepts and says nothing", async () => {
    const server = await impostor((socket) => sockets.add(socket));
    const error = await createDb({
      url: `postgres://app@127.0.0.1:${server.port}/app`,
      connectTimeoutSeconds: 1,
    }).catch((e: unknown) => e);
    await server.close();
    expect((error as Error).message).toMatch(
      /no PostgreSQL session within 1 s \(the server there accepts connections but does not answer\)$/,
    );
  });
});
