import { afterEach, describe, expect, it } from "vitest";
import { BACKEND_TOKEN, type Backend, type CompiledStage, type Stage } from "@datajax/core-ir";
import { BackendNotFoundError, createContainer, setDefaultBackend } from "@datajax/runtime";
import { djit, type Frame, getDefaultContainer, NoContainerError, setDefaultContainer } from "../src/index.js";
import { tripsTable } from "./tables.js";

/**
 * A backend that records which stages it ran and returns no rows. Used only to test how djit
 * resolves backends; semantics are tested on the real local backend (djit-local.test.ts).
 */
function recordingBackend(id: string, ran: string[]): Backend {
  return {
    id,
    compilerVersion: "test",
    compile: (stage: Stage): CompiledStage => ({ stage, describe: () => `${id}:${stage.id}` }),
    // biome-ignore lint/correctness/useYield: a backend whose stages produce no batches; the test records the call.
    async *execute(graph) {
      ran.push(`${id}:${graph.output}`);
    },
  };
}

const select = (trips: Frame) => trips.select("fare_amount");

afterEach(() => setDefaultContainer(undefined));

describe("djit backend resolution", () => {
  it("without a container fails with BackendNotFoundError saying how to register one", async () => {
    expect(getDefaultContainer()).toBeUndefined();
    const f = djit(select);
    const err = await f(tripsTable()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoContainerError);
    expect(err).toBeInstanceOf(BackendNotFoundError);
    const e = err as NoContainerError;
    expect(e.code).toBe("DJX_BACKEND_NOT_FOUND");
    expect(e.message).toContain("no backend is registered (registered: none)");
    expect(e.message).toContain("registerLocalBackend(container)");
    expect(e.message).toContain("setDefaultContainer(container)");
  });

  it("lower() needs no backend", () => {
    expect(djit(select).lower(tripsTable()).text.ir).toContain("project[fare_amount]");
  });

  it("a container without backends fails with the runtime's BackendNotFoundError", async () => {
    const f = djit(select, { container: createContainer(), backend: "local" });
    await expect(f(tripsTable())).rejects.toThrow(/no backend "local" is registered \(registered: none\)/);
  });

  it("uses the default container, the backend named in the options, and keys the cache on the backend id", async () => {
    const ran: string[] = [];
    const container = createContainer();
    container.register(BACKEND_TOKEN, { useValue: recordingBackend("a", ran) });
    container.register(BACKEND_TOKEN, { useValue: recordingBackend("b", ran) });
    setDefaultBackend(container, "a");
    setDefaultContainer(container);
    expect(getDefaultContainer()).toBe(container);

    const viaDefault = djit(select);
    const r = await viaDefault.run(tripsTable());
    expect(r.metrics.backend).toBe("a");
    expect(r.table.numRows).toBe(0);
    expect(r.table.schema.fields.map((f) => f.name)).toEqual(["fare_amount"]);

    const viaB = djit(select, { backend: "b", name: "sel" });
    await viaB(tripsTable());
    expect(ran).toEqual(["a:s0", "b:s0"]);

    const other = createContainer();
    other.register(BACKEND_TOKEN, { useValue: recordingBackend("c", ran) });
    const viaC = djit(select, { container: other, name: "sel" });
    await viaC(tripsTable());
    expect(ran.at(-1)).toBe("c:s0");
  });

  it("explainCacheMiss names a backend change", async () => {
    const ran: string[] = [];
    const first = createContainer();
    first.register(BACKEND_TOKEN, { useValue: recordingBackend("a", ran) });
    const second = createContainer();
    second.register(BACKEND_TOKEN, { useValue: recordingBackend("b", ran) });
    const f = djit(select, { name: "sel" });
    setDefaultContainer(first);
    await f(tripsTable());
    expect(f.explainCacheMiss(tripsTable())).toMatch(/^cache hit for sel: .*backend a\)/);
    setDefaultContainer(second);
    expect(f.explainCacheMiss(tripsTable())).toBe("cache miss for sel: backend differs: a → b (compared with the nearest of 1 cached signature).");
    await f(tripsTable());
    expect(f.cacheSize).toBe(2);
  });
});
