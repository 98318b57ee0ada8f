import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

// scripts/check-changeset.mjs against throwaway git repositories: a main branch with two published
// packages and a private one, then a feature branch with the change under test.

const script = resolve(dirname(fileURLToPath(import.meta.url)), "../check-changeset.mjs");
const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: "test",
  GIT_AUTHOR_EMAIL: "test@example.invalid",
  GIT_COMMITTER_NAME: "test",
  GIT_COMMITTER_EMAIL: "test@example.invalid",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
};

let repo = "";

function git(...args: string[]): string {
  return execFileSync("git", args, { cwd: repo, env: gitEnv, encoding: "utf8" });
}

function write(path: string, text: string): void {
  mkdirSync(dirname(join(repo, path)), { recursive: true });
  writeFileSync(join(repo, path), text);
}

function manifest(name: string, extra: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ name, version: "0.1.0", files: ["dist", "src"], scripts: { build: "tsc" }, ...extra }, null, 2)}\n`;
}

function commitOnBranch(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) write(path, text);
  git("add", "-A");
  git("commit", "-q", "-m", "change");
}

function check(): { status: number | null; output: string } {
  const r = spawnSync("node", [script, "--base", "main"], { cwd: repo, env: gitEnv, encoding: "utf8" });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), "check-changeset-"));
  git("init", "-q", "-b", "main");
  write(".changeset/config.json", `${JSON.stringify({ ignore: ["@t/ignored"] })}\n`);
  write(".changeset/README.md", "# Changesets\n");
  write(".changeset/old-change.md", '---\n"@t/a": patch\n---\n\nAn earlier change.\n');
  write("packages/a/package.json", manifest("@t/a"));
  write("packages/a/src/index.ts", "export const a = 1;\n");
  write("packages/a/test/a.test.ts", "// test\n");
  write("packages/b/package.json", manifest("@t/b"));
  write("packages/b/src/index.ts", "export const b = 1;\n");
  write("packages/private/package.json", manifest("@t/private", { private: true }));
  write("packages/private/src/index.ts", "export const p = 1;\n");
  write("packages/ignored/package.json", manifest("@t/ignored"));
  write("packages/ignored/src/index.ts", "export const i = 1;\n");
  git("add", "-A");
  git("commit", "-q", "-m", "base");
  git("checkout", "-q", "-b", "feature");
});

afterEach(() => {
  rmSync(repo, { recursive: true, force: true });
});

describe("check-changeset", () => {
  it("fails when a published package's shipped source changed without a changeset, saying how to add one", () => {
    commitOnBranch({ "packages/a/src/index.ts": "export const a = 2;\n" });
    const r = check();
    expect(r.status).toBe(1);
    expect(r.output).toContain("no changeset added since main names @t/a");
    expect(r.output).toContain("pnpm changeset");
  });

  it("passes once a changeset added on the branch names every changed package", () => {
    commitOnBranch({
      "packages/a/src/index.ts": "export const a = 2;\n",
      "packages/b/src/index.ts": "export const b = 2;\n",
      ".changeset/new-change.md": '---\n"@t/a": minor\n"@t/b": patch\n---\n\nNew things.\n',
    });
    const r = check();
    expect(r.output).toContain("each is named by a changeset (.changeset/new-change.md)");
    expect(r.status).toBe(0);
  });

  it("names only the packages the changesets miss, and a changeset already on the base does not count", () => {
    commitOnBranch({
      "packages/a/src/index.ts": "export const a = 2;\n",
      "packages/b/src/index.ts": "export const b = 2;\n",
      ".changeset/b-only.md": '---\n"@t/b": patch\n---\n\nOnly b.\n',
    });
    const r = check();
    expect(r.status).toBe(1);
    expect(r.output).toContain("names @t/a.");
  });

  it("ignores tests, markdown, private and ignored packages, and unpublished package.json fields", () => {
    commitOnBranch({
      "packages/a/test/a.test.ts": "// more tests\n",
      "packages/a/README.md": "# a\n",
      "packages/a/package.json": manifest("@t/a", { scripts: { build: "tsc", lint: "biome lint ." } }),
      "packages/private/src/index.ts": "export const p = 2;\n",
      "packages/ignored/src/index.ts": "export const i = 2;\n",
    });
    const r = check();
    expect(r.output).toContain("no published package changed since main");
    expect(r.status).toBe(0);
  });

  it("counts a change to a published package.json field (dependencies)", () => {
    commitOnBranch({ "packages/b/package.json": manifest("@t/b", { dependencies: { zod: "4.6.7" } }) });
    const r = check();
    expect(r.status).toBe(1);
    expect(r.output).toContain("names @t/b.");
  });

  it("accepts an empty changeset as 'no release needed'", () => {
    commitOnBranch({ "packages/a/src/index.ts": "export const a = 2;\n", ".changeset/internal.md": "---\n---\n\nRefactor.\n" });
    const r = check();
    expect(r.output).toContain("empty changeset");
    expect(r.status).toBe(0);
  });

  it("rejects a missing --base with a usage message", () => {
    const r = spawnSync("node", [script], { cwd: repo, env: gitEnv, encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--base is required");
  });
});
