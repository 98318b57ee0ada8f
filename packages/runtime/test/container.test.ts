import { describe, expect, it } from "vitest";
import { tableFromArrays } from "apache-arrow";
import { BACKEND_TOKEN, type Backend } from "@datajax/core-ir";
import { BackendNotFoundError, createContainer, resolveBackend, setDefaultBackend, tableSource, UdfRegistry } from "../src/index.js";

// A backend that only has an id: these tests are about resolution, not execution.
const named = (id: string): Backend => ({
  id,
  compilerVersion: "test",
  compile: () => {
    throw new Error("not used");
  },
  execute: () => {
    throw new Error("not used");
  },
});

describe("backend resolution", () => {
  it("fails with the registered ids and how to register when nothing matches", () => {
    const c = createContainer();
    expect(() => resolveBackend(c)).toThrow(BackendNotFoundError);
    expect(() => resolveBackend(c)).toThrow(/registerLocalBackend/);
    c.register(BACKEND_TOKEN, { useValue: named("local") });
    expect(() => resolveBackend(c, "duckdb")).toThrow(/no backend "duckdb" is registered \(registered: local\)/);
  });

  it("picks the only backend, a named one, or the configured default", () => {
    const c = createContainer();
    c.register(BACKEND_TOKEN, { useValue: named("local") });
    expect(resolveBackend(c).id).toBe("local");
    c.register(BACKEND_TOKEN, { useValue: named("spmd-native") });
    expect(() => resolveBackend(c)).toThrow(BackendNotFoundError);
    expect(resolveBackend(c, "spmd-native").id).toBe("spmd-native");
    setDefaultBackend(c, "local");
    expect(resolveBackend(c).id).toBe("local");
  });

  it("keeps containers apart: registering in one does not leak into another", () => {
    const a = createContainer();
    a.register(BACKEND_TOKEN, { useValue: named("local") });
    expect(() => resolveBackend(createContainer())).toThrow(BackendNotFoundError);
  });
});

describe("tableSource", () => {
  it("projects columns and splits batches over partitions without losing any", async () => {
    const t1 = tableFromArrays({ a: Int32Array.from([1, 2]), b: Float64Array.from([0.5, 1.5]) });
    const t2 = tableFromArrays({ a: Int32Array.from([3]), b: Float64Array.from([2.5]) });
    const src = tableSource([...t1.batches, ...t2.batches], "t");
    expect(src.schema.fields.map((f) => `${f.name}:${f.type.id}`)).toEqual(["a:int32", "b:float64"]);
    const seen: number[] = [];
    for (let index = 0; index < 2; index++) {
      for await (const batch of src.scan({ columns: ["a"], filter: null, partition: { index, count: 2 } })) {
        expect(batch.schema.fields.map((f) => f.name)).toEqual(["a"]);
        seen.push(...(batch.getChildAt(0)!.toArray() as Int32Array));
      }
    }
    expect(seen.sort()).toEqual([1, 2, 3]);
  });
});

describe("UdfRegistry", () => {
  it("refuses a silent override", () => {
    const r = new UdfRegistry();
    r.register("double", { mode: "row", fn: (row) => ({ y: (row.x as number) * 2 }) });
    expect(() => r.register("double", { mode: "row", fn: () => ({}) })).toThrow(/already registered/);
    r.register("double", { mode: "row", fn: () => ({}) }, { override: true });
    expect(r.get("double")).toBeDefined();
  });
});
