import { toArrowSchema, type Schema } from "@datajax/core-ir";
import type { Schema as ArrowSchema } from "apache-arrow";

const arrowSchemas = new WeakMap<Schema, ArrowSchema>();

/**
 * A stage schema's Arrow schema, made once per schema object: a stage's computed batches, its
 * exchanged batches and its output then share one object, and so one exchange encoding
 * (encodeSchema caches per Arrow schema object).
 */
export function arrowSchemaOf(schema: Schema): ArrowSchema {
  let s = arrowSchemas.get(schema);
  if (!s) {
    s = toArrowSchema(schema);
    arrowSchemas.set(schema, s);
  }
  return s;
}
