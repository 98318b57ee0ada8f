import { defineConfig } from "vitest/config";

// The full suite: every package's tests in one run, resolving workspace packages to their sources.
export default defineConfig({
  resolve: { conditions: ["@datajax/source", "module", "node", "import", "default"] },
  ssr: { resolve: { conditions: ["@datajax/source", "module", "node", "import", "default"] } },
  test: {
    include: ["packages/*/test/**/*.test.ts", "examples/*/test/**/*.test.ts", "scripts/test/**/*.test.ts"],
    setupFiles: ["reflect-metadata"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
