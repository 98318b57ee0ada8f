import { defineConfig } from "vitest/config";

// Shared by each package's own `test` script (nx runs them for affected-only CI).
export default defineConfig({
  resolve: { conditions: ["@datajax/source", "module", "node", "import", "default"] },
  ssr: { resolve: { conditions: ["@datajax/source", "module", "node", "import", "default"] } },
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["reflect-metadata"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
