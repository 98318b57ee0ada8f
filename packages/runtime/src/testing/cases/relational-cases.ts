import { FilterNode, ProjectNode, t } from "@datajax/core-ir";
import type { ConformanceCase } from "../conformance-case.js";
import { argumentScan, singleStage } from "../stage-graph-builder.js";
import { dictUtf8s, emptyOf, float64s, inBatches, int32s, tableOf, utf8s } from "./case-columns.js";
import { call, col, lit } from "./case-expressions.js";

// Scan, Project and Filter: projection, renames, pushed columns and predicates, SQL null semantics.

const people = tableOf({
  id: int32s([1, 2, 3, 4, 5, 6]),
  name: utf8s(["ann", "bob", null, "dan", "eve", "fay"]),
  age: int32s([30, null, 25, 41, 25, 35]),
  score: float64s([1.5, 2.5, null, -0.5, 4, 3]),
});
const rows = [
  { id: 1, name: "ann", age: 30, score: 1.5 },
  { id: 2, name: "bob", age: null, score: 2.5 },
  { id: 3, name: null, age: 25, score: null },
  { id: 4, name: "dan", age: 41, score: -0.5 },
  { id: 5, name: "eve", age: 25, score: 4 },
  { id: 6, name: "fay", age: 35, score: 3 },
];
const byId = (...ids: number[]) => rows.filter((r) => ids.includes(r.id));
const scan = argumentScan(0, people);
const filtered = (predicate: Parameters<typeof FilterNode.create>[1], input = scan) => singleStage(FilterNode.create(input, predicate));

export const relationalCases: readonly ConformanceCase[] = [
  {
    id: "project/select-reorder-rename",
    description: "a Project selects, reorders and renames columns",
    inputs: [people],
    graph: singleStage(ProjectNode.create(scan, [{ name: "who", from: "name" }, { name: "id", from: "id" }])),
    expected: rows.map((r) => ({ who: r.name, id: r.id })),
    ordered: false,
    features: ["project"],
  },
  {
    id: "scan/pushed-columns",
    description: "a Scan with pushed columns returns only those, in the order given",
    inputs: [people],
    graph: singleStage(argumentScan(0, people, { columns: ["age", "id"] })),
    expected: rows.map((r) => ({ age: r.age, id: r.id })),
    ordered: false,
    features: ["scan"],
  },
  {
    id: "scan/pushed-filter-on-unprojected-column",
    description: "a Scan's pushed filter may read a column it does not return; null predicates drop the row",
    inputs: [people],
    graph: singleStage(argumentScan(0, people, { columns: ["id"], filter: call("gt", col("age"), lit(28, t.int32)) })),
    expected: [{ id: 1 }, { id: 4 }, { id: 6 }],
    ordered: false,
    features: ["scan", "filter", "nulls"],
  },
  {
    id: "filter/comparison-drops-null",
    description: "filter keeps rows whose predicate is true; a null comparison is not true",
    inputs: [people],
    graph: filtered(call("gt", col("age"), lit(25, t.int32))),
    expected: byId(1, 4, 6),
    ordered: false,
    features: ["filter", "nulls"],
  },
  {
    id: "filter/kleene-or",
    description: "null OR true is true (kept), null OR false is null (dropped)",
    inputs: [people],
    graph: filtered(call("or", call("gt", col("age"), lit(40, t.int32)), call("eq", col("name"), lit("bob", t.utf8())))),
    expected: byId(2, 4),
    ordered: false,
    features: ["filter", "boolean", "nulls"],
  },
  {
    id: "filter/kleene-and-not",
    description: "false AND null is false, so NOT of it is true; NOT null stays null",
    inputs: [people],
    graph: filtered(call("not", call("and", call("gt", col("age"), lit(26, t.int32)), call("lt", col("score"), lit(3, t.float64))))),
    expected: byId(3, 5, 6),
    ordered: false,
    features: ["filter", "boolean", "nulls"],
  },
  {
    id: "filter/is-null",
    description: "is_null is never null itself: it selects the rows with a null",
    inputs: [people],
    graph: filtered(call("is_null", col("age"))),
    expected: byId(2),
    ordered: false,
    features: ["filter", "nulls"],
  },
  {
    id: "filter/no-row-matches",
    description: "a filter that matches nothing returns no rows (with the schema)",
    inputs: [people],
    graph: filtered(call("gt", col("age"), lit(100, t.int32))),
    expected: [],
    ordered: false,
    features: ["filter", "empty"],
  },
  {
    id: "filter/empty-input",
    description: "a filter over an empty table returns no rows",
    inputs: [emptyOf(people)],
    graph: filtered(call("gt", col("age"), lit(0, t.int32)), argumentScan(0, emptyOf(people))),
    expected: [],
    ordered: false,
    features: ["filter", "empty"],
  },
  {
    id: "filter/multi-batch-then-project",
    description: "a filter and a projection over an input of several batches",
    inputs: [inBatches(people, 2)],
    graph: singleStage(ProjectNode.select(FilterNode.create(argumentScan(0, people), call("gte", col("age"), lit(30, t.int32))), ["id"])),
    expected: [{ id: 1 }, { id: 4 }, { id: 6 }],
    ordered: false,
    features: ["filter", "project", "multi-batch"],
  },
  (() => {
    const tags = tableOf({ tag: dictUtf8s(["x", "y", null, "x", "z"]), n: int32s([1, 2, 3, 4, 5]) });
    return {
      id: "filter/dictionary-string-equality",
      description: "a dictionary-encoded string column compares with a plain string literal by value",
      inputs: [tags],
      graph: filtered(call("eq", col("tag"), lit("x", t.utf8())), argumentScan(0, tags)),
      expected: [{ tag: "x", n: 1 }, { tag: "x", n: 4 }],
      ordered: false,
      features: ["filter", "strings", "dictionary"],
    };
  })(),
];
