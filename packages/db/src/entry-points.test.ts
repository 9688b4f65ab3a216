import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "tsup";
import { describe, expect, it } from "vitest";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

interface Metafile {
  outputs: Record<
    string,
    {
      imports: Array<{ path: string; external?: boolean }>;
      inputs: Record<string, unknown>;
    }
  >;
}

/** The packages and source files an output loads, following the build's shared chunks. */
function moduleGraph(metafile: Metafile, entry: string) {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const sources = new Set<string>();
  const visit = (output: string) => {
    if (seen.has(output)) return;
    seen.add(output);
    const file = metafile.outputs[output];
    for (const input of Object.keys(file?.inputs ?? {})) sources.add(input);
    for (const imported of file?.imports ?? []) {
      if (imported.external) packages.add(imported.path);
      else visit(imported.path);
    }
  };
  visit(entry);
  return { packages: [...packages], sources: [...sources] };
}

describe("the built entry points", () => {
  it("keep PGlite and the socket server out of the main entry", async () => {
    const outDir = await mkdtemp(join(tmpdir(), "po-pro-db-build-"));
    try {
      // The package's own tsup configuration, without declarations, into a scratch directory.
      await build({
        config: join(packageDir, "tsup.config.ts"),
        outDir,
        dts: false,
        sourcemap: false,
        metafile: true,
        silent: true,
      } as Parameters<typeof build>[0]);
      const metafile = JSON.parse(
        await readFile(join(outDir, "metafile-esm.json"), "utf8"),
      ) as Metafile;
      const output = (name: string) =>
        Object.keys(metafile.outputs).find((path) => path.endsWith(`/${name}.js`)) ?? name;

      const main = moduleGraph(metafile, output("index"));
      expect(main.packages).toContain("postgres");
      expect(main.packages.filter((path) => path.startsWith("@electric-sql/"))).toEqual([]);
      expect(main.sources.filter((path) => /src\/(embedded|seed|testing)\//.test(path))).toEqual(
        [],
      );

      const embedded = moduleGraph(metafile, output("embedded/index"));
      expect(embedded.packages).toContain("@electric-sql/pglite");
      expect(embedded.packages).toContain("@electric-sql/pglite-socket");
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  }, 60_000);
});
