import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "../client";
import { getMerchantBySlug, listPolicyVersions } from "../queries";
import { DEMO_MERCHANT_SLUG } from "../seed/demo";

const packageDir = fileURLToPath(new URL("../..", import.meta.url));
const tsx = ["--conditions=@po-pro/source", "--import", "tsx"];

function run(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, [...tsx, ...args], {
    cwd: packageDir,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function output(child: ChildProcess): { text: () => string } {
  let text = "";
  child.stdout?.on("data", (chunk) => {
    text += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    text += chunk;
  });
  return { text: () => text };
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

/** Starts `po-pro-db serve` and resolves with its URL once it says it is ready. */
async function serve(dataDir: string) {
  const child = run(["src/cli.ts", "serve"], { PO_PRO_DATA_DIR: dataDir, PO_PRO_DB_PORT: "0" });
  const log = output(child);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`serve did not start:\n${log.text()}`)),
      90_000,
    );
    child.stdout?.on("data", () => {
      const match = /DATABASE_URL\s+(\S+)/.exec(log.text());
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once("exit", (code) => reject(new Error(`serve exited with ${code}:\n${log.text()}`)));
  });
  return { child, url, log };
}

const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

describe("po-pro-db serve (embedded PGlite over the wire protocol)", () => {
  it("lets two processes work on one embedded database at once, and keeps the data", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "po-pro-embedded-"));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));

    const first = await serve(dataDir);
    cleanup.push(async () => first.child.kill("SIGKILL"));
    expect(first.log.text()).toContain("migrations      1 applied");
    expect(first.log.text()).toContain("demo merchant   seeded");

    const clients = ["one", "two"].map((label) => {
      const child = run(["test/embedded-client.ts", first.url, label, "20"]);
      return { child, log: output(child), code: exited(child) };
    });
    for (const client of clients) {
      expect(await client.code, client.log.text()).toBe(0);
    }
    expect(clients.map((c) => JSON.parse(c.log.text()))).toEqual([
      { label: "one", checked: 20 },
      { label: "two", checked: 20 },
    ]);

    const handle = await createDb({ url: first.url });
    const merchant = await getMerchantBySlug(handle.db, DEMO_MERCHANT_SLUG);
    const versions = await listPolicyVersions(handle.db, merchant?.id ?? "");
    // The seed's version plus four saves from each client, numbered without gaps or repeats.
    expect(versions.map((v) => v.version)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(versions.filter((v) => v.active)).toHaveLength(1);
    await handle.close();

    first.child.kill("SIGINT");
    expect(await exited(first.child)).toBe(0);
    expect(first.log.text()).toContain("Stopping the embedded database");

    const second = await serve(dataDir);
    cleanup.push(async () => second.child.kill("SIGKILL"));
    expect(second.log.text()).toContain("migrations      up to date");
    expect(second.log.text()).toContain("demo merchant   already present");
    const again = await createDb({ url: second.url });
    const kept = await listPolicyVersions(
      again.db,
      (await getMerchantBySlug(again.db, DEMO_MERCHANT_SLUG))?.id ?? "",
    );
    expect(kept).toHaveLength(9);
    await again.close();
    second.child.kill("SIGINT");
    expect(await exited(second.child)).toBe(0);
  }, 240_000);
});
