import { defineConfig } from "tsup";

// One entry per adapter, so a caller that needs sender checks or the OAuth helpers does not load
// IMAP, PDF or database code.
export default defineConfig({
  entry: {
    index: "src/index.ts",
    addresses: "src/addresses/index.ts",
    // Address parsing alone, for browser bundles: no free-mail list (~80 kB gzip).
    "address-parse": "src/addresses/parse.ts",
    gmail: "src/gmail/index.ts",
    imap: "src/imap/index.ts",
    local: "src/local/index.ts",
    secrets: "src/secrets/index.ts",
    testing: "src/testing/index.ts",
  },
  format: ["esm"],
  target: "node22",
  dts: true,
  sourcemap: true,
  clean: true,
});
