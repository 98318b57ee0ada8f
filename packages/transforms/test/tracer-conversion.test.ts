import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { DataJaxError } from "@datajax/core-ir";
import { col, TracerConversionError } from "../src/index.js";
import { trips } from "./fixtures.js";

const convert = (f: () => unknown): TracerConversionError => {
  try {
    f();
  } catch (e) {
    return e as TracerConversionError;
  }
  throw new Error("expected a TracerConversionError");
};

describe("TracerConversionError", () => {
  it("is thrown by every implicit conversion of a Series", () => {
    const s = col("fare_amount").gt(0);
    const attempts: (() => unknown)[] = [
      () => s.valueOf(),
      () => s.toString(),
      () => String(s),
      () => `${s}`,
      () => JSON.stringify({ s }),
      () => (s as unknown as number) + 1,
      () => (s as unknown as number) > 0,
      // biome-ignore lint/suspicious/noDoubleEquals: loose equality must hit the tracer's conversion trap too.
      () => (s as unknown) == 1,
      () => [...(s as unknown as Iterable<unknown>)],
      () => {
        const [a] = s as unknown as unknown[];
        return a;
      },
    ];
    for (const a of attempts) {
      const e = convert(a);
      expect(e).toBeInstanceOf(TracerConversionError);
      expect(e).toBeInstanceOf(DataJaxError);
      expect(e.code).toBe("DJX_TRACER_CONVERSION");
      expect(e.tracer).toBe("Series");
    }
  });

  it("explains what to do instead and names the tracer", () => {
    const e = convert(() => `${col("fare_amount").gt(0)}`);
    expect(e.message).toContain("cannot convert a traced Series (fare_amount > 0)");
    expect(e.message).toContain("control flow on traced data");
    expect(e.message).toContain("is not traceable");
    expect(e.message).toContain("when(cond).then(a).otherwise(b)");
    expect(e.message).toContain("frame.filter(cond)");
  });

  it("is thrown by every implicit conversion of a Frame", () => {
    const f = trips();
    for (const a of [() => f.valueOf(), () => `${f}`, () => JSON.stringify(f), () => [...(f as unknown as Iterable<unknown>)], () => (f as unknown as number) * 2]) {
      const e = convert(a);
      expect(e).toBeInstanceOf(TracerConversionError);
      expect(e.tracer).toBe("Frame");
      expect(e.message).toContain("cannot convert a traced Frame ({VendorID:int32");
    }
  });

  it("leaves console.log working and cannot see plain truthiness", () => {
    expect(inspect(col("a").add(1))).toBe("Series<a + 1>");
    expect(inspect(trips().select("VendorID"))).toBe("Frame<{VendorID:int32}>");
    // A documented limitation: JavaScript never asks an object for its truthiness.
    expect(col("a").gt(0) ? "taken" : "skipped").toBe("taken");
  });
});
