import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ContentStore, HashMismatchError, sha256Hex } from "../src/index.js";
import { Journal } from "../src/coordinator/journal.js";
import { bearerTokenMatches } from "../src/protocol/bearer-token.js";

const dir = mkdtempSync(join(tmpdir(), "djx-store-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const bytes = (s: string) => new TextEncoder().encode(s);

describe("ContentStore", () => {
  it("stores by sha256, leaves no temporary file, and counts what moves", async () => {
    const store = new ContentStore(join(dir, "a"));
    const hash = await store.put(bytes("stage one"));
    expect(hash).toBe(sha256Hex(bytes("stage one")));
    expect(await store.put(bytes("stage one"))).toBe(hash); // idempotent, not rewritten
    expect(new TextDecoder().decode(await store.get(hash))).toBe("stage one");
    expect(readdirSync(join(dir, "a", "objects", hash.slice(0, 2)))).toEqual([hash]);
    expect(await store.stats()).toEqual({ objects: 1, bytes: 9, bytesWritten: 9, bytesRead: 9 });
    expect(await store.get("0".repeat(64))).toBeUndefined();
  });

  it("refuses bytes that do not match the expected hash, and detects corruption on read", async () => {
    const store = new ContentStore(join(dir, "b"));
    await expect(store.put(bytes("x"), "f".repeat(64))).rejects.toBeInstanceOf(HashMismatchError);
    expect((await store.stats()).objects).toBe(0);
    const hash = await store.put(bytes("kernel"));
    writeFileSync(join(dir, "b", "objects", hash.slice(0, 2), hash), "tampered");
    await expect(store.get(hash)).rejects.toThrow(/expected sha256 [0-9a-f]{64}, got [0-9a-f]{64}/);
  });

  it("gc removes unreferenced objects older than the grace period only", async () => {
    const store = new ContentStore(join(dir, "c"));
    const keep = await store.put(bytes("referenced"));
    const old = await store.put(bytes("old garbage"));
    const fresh = await store.put(bytes("fresh upload"));
    const past = new Date(Date.now() - 3_600_000);
    for (const h of [keep, old]) utimesSync(join(dir, "c", "objects", h.slice(0, 2), h), past, past);
    const r = await store.gc(new Set([keep]), 60_000);
    expect(r.removed).toEqual([old]);
    expect(await store.has(keep)).toBe(true);
    expect(await store.has(fresh)).toBe(true);
    expect(await store.has(old)).toBe(false);
  });
});

describe("journal", () => {
  it("replays its records and ignores a torn last line", async () => {
    const path = join(dir, "journal.jsonl");
    const { journal } = await Journal.open(path);
    await journal.append({ type: "register", worker: "w1" });
    await journal.append({ type: "commit", id: "d1" });
    await journal.close();
    writeFileSync(path, `${JSON.stringify({ type: "register", worker: "w1" })}\n${JSON.stringify({ type: "commit", id: "d1" })}\n{"type":"abo`);
    const reopened = await Journal.open(path);
    expect(reopened.records).toEqual([{ type: "register", worker: "w1" }, { type: "commit", id: "d1" }]);
    await reopened.journal.append({ type: "register", worker: "w2" });
    await reopened.journal.close();
    expect((await Journal.open(path)).records.map((r) => r.type)).toEqual(["register", "commit", "register"]);
  });
});

describe("bearer tokens", () => {
  it("match only the exact token behind Bearer", () => {
    expect(bearerTokenMatches("Bearer s3cret-token", "s3cret-token")).toBe(true);
    for (const h of [undefined, "", "s3cret-token", "Bearer ", "Bearer s3cret-toke", "Bearer s3cret-tokenx", "bearer s3cret-token"]) expect(bearerTokenMatches(h, "s3cret-token")).toBe(false);
  });
});
