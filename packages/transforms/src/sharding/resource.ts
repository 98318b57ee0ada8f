import * as z from "zod";
import { DataJaxError } from "@datajax/core-ir";

/** A Resource spec that does not validate, with what was wrong. */
export class ResourceSpecError extends DataJaxError {
  constructor(problem: string) {
    super("DJX_RESOURCE_SPEC", `${problem}. A resource names its axes and their sizes, e.g. new Resource({ axes: { data: 4 } }).`);
  }
}

const ResourceSpecSchema = z.object({
  axes: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "axis names are identifiers"), z.number().int().positive("axis sizes are positive integers")).refine((a) => Object.keys(a).length > 0, "needs at least one axis"),
});
/** The axes of a device mesh: name → size. */
export interface ResourceSpec {
  readonly axes: Readonly<Record<string, number>>;
}

/**
 * The ranks a pjit function runs over, as named axes (JAX's Mesh): `new Resource({ axes: { data: 4 } })`
 * is four ranks along axis "data". On one process the local backend simulates the ranks.
 */
export class Resource {
  readonly axes: Readonly<Record<string, number>>;

  constructor(spec: ResourceSpec) {
    const r = ResourceSpecSchema.safeParse(spec);
    if (!r.success) throw new ResourceSpecError(`invalid resource ${JSON.stringify(spec)}: ${r.error.issues.map((i) => `${i.path.join(".") || "(spec)"}: ${i.message}`).join("; ")}`);
    this.axes = Object.freeze({ ...r.data.axes });
  }

  /** Ranks in all: the product of the axis sizes. */
  get size(): number {
    return Object.values(this.axes).reduce((a, b) => a * b, 1);
  }

  /**
   * The MPI world as a one-axis resource. Filled in by the native SPMD backend
   * (@datajax/backend-spmd-native), which is not built yet: this says so instead of guessing.
   */
  static fromMpi(axis = "data"): Resource {
    const size = Number(process.env["OMPI_COMM_WORLD_SIZE"] ?? process.env["PMI_SIZE"] ?? NaN);
    if (!Number.isInteger(size) || size < 1) {
      throw new ResourceSpecError(`Resource.fromMpi(): this process is not part of an MPI world (no OMPI_COMM_WORLD_SIZE); start it with mpirun, or simulate ranks with new Resource({ axes: { ${axis}: N } })`);
    }
    return new Resource({ axes: { [axis]: size } });
  }

  toString(): string {
    return `Resource(${Object.entries(this.axes).map(([a, n]) => `${a}=${n}`).join(", ")})`;
  }
}
