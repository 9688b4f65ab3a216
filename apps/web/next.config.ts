import { resolve } from "node:path";
import { withObservability } from "@po-pro/observability/next/config";
import type { NextConfig } from "next";

// The monorepo root: the standalone output traces workspace packages from here.
const root = resolve(process.cwd(), "../..");

const nextConfig: NextConfig = {
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

export default withObservability(nextConfig);
