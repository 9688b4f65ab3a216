import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run, serve } from "../../test/cli-process.js";
import { createDb } from "../client.js";
import { defaultMigrationsFolder } from "../migrate.js";
import { getMerchantBySlug, listPolicyVersions } from "../queries/index.js";
import { DEMO_MERCHANT_SLUG } from "../seed/demo.js";

const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

async function demoPolicyVersions(url: string) {
  const handle = await createDb({ url });
  try {
    const merchant = await getMerchantBySlug(handle.db, DEMO_MERCHANT_SLUG);
    if (merchant === undefined) throw new Error("demo merchant missing");
    return await listPolicyVersions(handle.db, merchant.id);
  } finally {
    await handle.close();
  }
}

describe("po-pro-db serve (embedded PGlite over the wire protocol)", () => {
  it("lets two processes work on one embedded database at once, and keeps the data", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "po-pro-embedded-"));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));

    const first = await serve(dataDir);
    cleanup.push(async () => first.child.kill("SIGKILL"));
    const migrations = (await readdir(defaultMigrationsFolder)).filter((f) => f.endsWith(".sql"));
    expect(first.text()).toContain(`migrations      ${migrations.length} applied`);
    expect(first.text()).toContain("demo merchant   seeded");

    const clients = ["one", "two"].map((label) =>
      run(["test/embedded-client.ts", first.url, label, "20"]),
    );
    for (const client of clients) {
      expect(await client.exited, client.text()).toBe(0);
    }
    expect(clients.map((c) => JSON.parse(c.text()))).toEqual([
      { label: "one", checked: 20 },
      { label: "two", checked: 20 },
    ]);

    const versions = await demoPolicyVersions(first.url);
    // The seed's version plus four saves from each client, numbered without gaps or repeats.
    expect(versions.map((v) => v.version)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(versions.filter((v) => v.active)).toHaveLength(1);

    first.child.kill("SIGINT");
    expect(await first.exited).toBe(0);
    expect(first.text()).toContain("Stopping the embedded database");

    const second = await serve(dataDir);
    cleanup.push(async () => second.child.kill("SIGKILL"));
    expect(second.text()).toContain("migrations      up to date");
    expect(second.text()).toContain("demo merchant   already present");
    expect(await demoPolicyVersions(second.url)).toHaveLength(9);
    second.child.kill("SIGINT");
    expect(await second.exited).toBe(0);
  }, 240_000);
});
