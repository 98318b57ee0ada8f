import { describe, expect, it } from "vitest";
import { closestMatch, editDistance } from "../src/index.js";

describe("editDistance", () => {
  it.each([
    ["", "", 0],
    ["", "abc", 3],
    ["abc", "", 3],
    ["abc", "abc", 0],
    ["kitten", "sitting", 3],
    ["flaw", "lawn", 2],
    ["fare_amout", "fare_amount", 1],
    ["PULocationID", "pulocationid", 0],
    ["ab", "ba", 2],
  ])("%s → %s is %i", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });

  it("satisfies the triangle inequality on a few words", () => {
    const words = ["fare", "fare_amount", "tip_amount", "total_amount", "hour", "PULocationID", ""];
    for (const a of words) for (const b of words) for (const c of words) {
      expect(editDistance(a, c)).toBeLessThanOrEqual(editDistance(a, b) + editDistance(b, c));
    }
  });
});

describe("closestMatch", () => {
  const cols = ["PULocationID", "DOLocationID", "fare_amount", "tip_amount", "total_amount", "trip_distance", "tpep_pickup_datetime"];

  it.each([
    ["fare_amout", "fare_amount"],
    ["fareamount", "fare_amount"],
    ["tip_amonut", "tip_amount"],
    ["pulocationid", "PULocationID"],
    ["PULocationId", "PULocationID"],
    ["DOLocationId", "DOLocationID"],
    ["trip_dist", "trip_distance"],
    ["pickup_datetime", "tpep_pickup_datetime"],
  ])("%s → %s", (typo, want) => {
    expect(closestMatch(typo, cols)).toBe(want);
  });

  it.each(["passenger_count", "zzz", "store_and_fwd_flag"])("suggests nothing for %s", (name) => {
    expect(closestMatch(name, cols)).toBeUndefined();
  });

  it("returns undefined with no candidates and prefers the first of equally close ones", () => {
    expect(closestMatch("a", [])).toBeUndefined();
    expect(closestMatch("ab", ["ac", "ad"])).toBe("ac");
  });

  it("prefers an exact case-insensitive match over a one-edit match", () => {
    expect(closestMatch("hour", ["hours", "HOUR"])).toBe("HOUR");
  });
});
