import { describe, expect, it } from "vitest";
import { fuseProjects, optimizeWith } from "../src/index.js";
import { explain, lines, rename, scan, select } from "./support/build.js";

describe("fuse_projects", () => {
  it("composes renames and selections", () => {
    const plan = select(rename(scan("t", ["a:int32", "b:int32", "c:utf8"]), [["a", "x"], ["c", "y"]]), "y");
    expect(explain(optimizeWith([fuseProjects], plan))).toBe(lines("Project: c as y", "  Scan: t"));
  });

  it("handles swaps", () => {
    const plan = rename(rename(scan("t", ["a:int32", "b:int32"]), [["a", "b"], ["b", "a"]]), [["a", "p"], ["b", "q"]]);
    expect(explain(optimizeWith([fuseProjects], plan))).toBe(lines("Project: b as p, a as q", "  Scan: t"));
  });
});
