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

  it("refuses an addon built for CPU features this machine lacks, saying how to rebuild", () => {
    if (process.platform !== "linux") return;
    const dir = mkdtempSync(join(tmpdir(), "djx-addon-"));
    const addon = join(dir, "datajax_spmd.node");
    writeFileSync(addon, "not a shared object");
    writeFileSync(join(dir, "datajax_spmd.isa.json"), JSON.stringify({ march: "imaginary-v9", requires: ["avx2", "no_such_cpu_flag"] }));
    let error: unknown;
    try {
      loadNativeAddon([addon]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NativeAddonNotFoundError);
    const message = (error as Error).message;
    expect(message).toContain("compiled for imaginary-v9 but this CPU lacks no_such_cpu_flag");
    expect(message).not.toMatch(/lacks [^;]*avx2/); // the flags it has are not listed as missing
    expect(message).toContain("DATAJAX_NATIVE_BASELINE=1");
  });

  it("the built addon's recorded features are ones this CPU has (it loads)", () => {
    expect(() => loadNativeAddon(addonCandidates().slice(-2))).not.toThrow();
  });
});
