/**
 * A client of the embedded server that dies inside a transaction (a SIGKILLed worker, a closed
 * laptop lid) must not take the database with it: its transaction is rolled back and the next
 * client is served at once.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createEmbeddedDb, type EmbeddedDbHandle } from "./open.js";
import { type EmbeddedServer, startEmbeddedServer } from "./server.js";

const client = fileURLToPath(new URL("../../test/open-transaction-client.ts", import.meta.url));

let handle: EmbeddedDbHandle;
let server: EmbeddedServer;

beforeAll(async () => {
  handle = await createEmbeddedDb();
  await handle.pglite.exec("create table counter (id int primary key, n int not null)");
  await handle.pglite.exec("insert into counter values (1, 0)");
  server = await startEmbeddedServer(handle.pglite, { port: 0 });
});

afterAll(async () => {
  await server?.stop();
  await handle?.close();
});

async function readCounter(): Promise<number> {
  const sql = postgres(server.url, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    const query = sql<{ n: number }[]>`select n from counter where id = 1`;
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error("the embedded server did not answer in 5 s")), 5000),
    );
    const [row] = await Promise.race([query, timeout]);
    return row?.n ?? Number.NaN;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

it("rolls back a killed client's open transaction and serves the next client", async () => {
  for (let round = 0; round < 3; round++) {
    const child = spawn(
      process.execPath,
      ["--conditions=@po-pro/source", "--import", "tsx", client, server.url],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    // The client says when it holds the row lock with an uncommitted update.
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("in transaction")) resolve();
      });
      child.once("exit", (code) => reject(new Error(`client exited early (${code})`)));
    });
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    expect(await readCounter()).toBe(0); // served, and the dead client's update is gone
  }
  expect(server.stats().queued).toBe(0);
});
