import type { DataSource } from "@datajax/core-ir";

/** What a built-in example gets: the demo trips and where to print. */
export interface ExampleContext {
  readonly trips: DataSource;
  readonly print: (line: string) => void;
}
