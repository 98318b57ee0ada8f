import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as arrow from "apache-arrow";
import { afterAll, describe, expect, it } from "vitest";
import { formatSchema } from "@datajax/core-ir";
import { CsvFormatError, readCsv, writeCsv } from "../src/index.js";
import { scanToTable } from "./scan-to-table.js";

const dir = mkdtempSync(join(tmpdir(), "djx-csv-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const rows = (t: arrow.Table) => t.toArray().map((r) => r.toJSON());

describe("CSV", () => {
  it("reads quoted fields (delimiters, doubled quotes, newlines), infers column types, empty unquoted fields are null", async () => {
    const path = join(dir, "zones.csv");
    writeFileSync(path, 'id,name,ratio,ok\r\n1,"Newark, NJ",0.5,true\n2,"say ""hi""",,false\n3,"two\nlines",2,\n\n4,,-1.25,TRUE\n');
    const source = await readCsv(path);
    expect(formatSchema(source.schema)).toBe("{id:int32?, name:utf8?, ratio:float64?, ok:bool?}");
    expect(rows(await scanToTable(source))).toEqual([
      { id: 1, name: "Newark, NJ", ratio: 0.5, ok: true },
      { id: 2, name: 'say "hi"', ratio: null, ok: false },
      { id: 3, name: "two\nlines", ratio: 2, ok: null },
      { id: 4, name: null, ratio: -1.25, ok: true },
    ]);
    expect(rows(await scanToTable(source, { columns: ["ok", "id"] }))[0]).toEqual({ ok: true, id: 1 });
  });

  it("writes atomically and reads back the same rows", async () => {
    const table = new arrow.Table({
      id: arrow.vectorFromArray([1, 2, 3], new arrow.Int32()),
      label: arrow.vectorFromArray(['a,b', 'q"x', null], new arrow.Utf8()),
      x: arrow.vectorFromArray([1.5, null, -2], new arrow.Float64()),
    });
    const path = join(dir, "out.csv");
    await writeCsv(table, path);
    expect(readFileSync(path, "utf8")).toBe('id,label,x\n1,"a,b",1.5\n2,"q""x",\n3,,-2\n');
    expect(rows(await scanToTable(await readCsv(path, { batchRows: 2 })))).toEqual(rows(table));
  });

  it("a field that does not fit its column fails naming the file, line and column; so does a short record", async () => {
    const path = join(dir, "bad.csv");
    writeFileSync(path, "id,v\n1,2\n2,x\n");
    const source = await readCsv(path, { schema: new arrow.Schema([new arrow.Field("id", new arrow.Int32()), new arrow.Field("v", new arrow.Int32())]) });
    await expect(scanToTable(source)).rejects.toThrow(CsvFormatError);
    await expect(scanToTable(source)).rejects.toThrow(new RegExp(`${path.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: line 3, column v: "x" is not a Int32`));
    const short = join(dir, "short.csv");
    writeFileSync(short, "a,b\n1,2\n3\n");
    await expect(scanToTable(await readCsv(short))).rejects.toThrow(/line 3: 1 field\(s\) where the header has 2/);
    const open = join(dir, "open.csv");
    writeFileSync(open, 'a\n"never closed\n');
    await expect(readCsv(open)).rejects.toThrow(/a quoted field opened on line 2 never closes/);
  });
});
