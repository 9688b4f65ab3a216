import { resolveRelease, writeReleaseFile } from "@po-pro/sourcemaps/release";
import { defineConfig } from "tsup";

// Baked in: a container running dist/ has no git. Turbo hashes SENTRY_RELEASE (turbo.json), and
// the `sourcemaps` task uploads under the release recorded in dist/release.json.
const release = resolveRelease();

export default defineConfig({
  entry: { main: "src/main.ts" },
  format: ["esm"],
  target: "node22",
  sourcemap: true,
  // Minified like a production bundle, so Sentry's frames are only readable through the maps;
  // names kept, so logged error types and stack frames still name our classes and functions.
  minify: true,
  keepNames: true,
  define: { __PO_PRO_RELEASE__: JSON.stringify(release ?? null) },
  clean: true,
  onSuccess: async () => writeReleaseFile("dist", release),
});
