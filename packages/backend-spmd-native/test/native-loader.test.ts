import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { addonCandidates, loadNativeAddon, NativeAddonNotFoundError } from "../src/index.js";

describe("native addon loader", () => {
  it("lists every path it tried and how to fix it when nothing is built", () => {
    const candidates = ["/nonexistent/a/datajax_spmd.node", "/nonexistent/b/datajax_spmd.node"];
    let error: unknown;
    try {
      loadNativeAddon(candidates);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NativeAddonNotFoundError);
    const e = error as NativeAddonNotFoundError;
    expect(e.code).toBe("DJX_NATIVE_ADDON_MISSING");
    expect(e.tried).toEqual(candidates);
    for (const c of candidates) expect(e.message).toContain(c);
    expect(e.message).toContain("libopenmpi-dev");
    expect(e.message).toContain("registerLocalBackend");
  });

  it("tries DATAJAX_NATIVE_ADDON first", () => {
    expect(addonCandidates({ DATAJAX_NATIVE_ADDON: "/x/y.node" })[0]).toBe("/x/y.node");
  });

  it("loads the first candidate that exists", () => {
    const dir = mkdtempSync(join(tmpdir(), "djx-addon-"));
    const fake = join(dir, "fake.cjs");
    writeFileSync(fake, "module.exports = { answer: 42 };");
    expect(loadNativeAddon<{ answer: number }>(["/nonexistent.node", fake]).answer).toBe(42);
  });
});
