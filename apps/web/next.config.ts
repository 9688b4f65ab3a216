import { resolve } from "node:path";
import { withObservability } from "@po-pro/observability/next/config";
import { keepBrowserSourceMaps } from "@po-pro/sourcemaps/next";
import { resolveRelease, writeReleaseFile } from "@po-pro/sourcemaps/release";
import type { NextConfig } from "next";

// The monorepo root: the standalone output traces workspace packages from here.
const root = resolve(process.cwd(), "../..");

// One release for the server, the browser, /api/health, the footer and the source map upload;
// baked in (a container has no git), and hashed by Turbo through SENTRY_RELEASE.
const release = resolveRelease({ cwd: root });

const nextConfig: NextConfig = {
  env: { PO_PRO_BUILD_RELEASE: release ?? "" },
  // Runs before withSentryConfig's upload, which then deletes the served maps: a copy stays in
  // .next/sourcemaps (never served) for local symbolication and the source map tests.
  // The release is recorded beside the build for the `sourcemaps` task and the tests.
  compiler: {
    runAfterProductionCompile: async (context) => {
      await keepBrowserSourceMaps(context);
      writeReleaseFile(context.distDir, release);
    },
  },
  output: "standalone",
  outputFileTracingRoot: root,
  turbopack: { root },
  poweredByHeader: false,
  reactStrictMode: true,
  // Native or dynamically required on the server; bundling them gains nothing.
  serverExternalPackages: ["pg-boss", "postgres"],
  // Types are checked by `pnpm typecheck` (a Turbo task `pnpm test` runs, over the app, its tests
  // and scripts); checking them again inside every build only slows `pnpm start` down.
  typescript: { ignoreBuildErrors: true },
};

export default withObservability(nextConfig, release ? { release: { name: release } } : {});
