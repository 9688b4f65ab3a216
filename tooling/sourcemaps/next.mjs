import { cpSync, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

/**
 * `compiler.runAfterProductionCompile` in next.config.ts: copies the browser chunks' source maps
 * from `<distDir>/static` (served) to `<distDir>/sourcemaps/static` (never served) before
 * withSentryConfig uploads and deletes the served ones, so the build keeps them for local
 * symbolication and tests while no map is ever served.
 */
export async function keepBrowserSourceMaps({ distDir }) {
  const served = join(distDir, "static");
  if (!existsSync(served)) return;
  for (const file of readdirSync(served, { recursive: true }).map(String)) {
    if (!file.endsWith(".map")) continue;
    const target = join(distDir, "sourcemaps", "static", file);
    cpSync(join(served, file), target);
  }
}
