import * as z from "zod";
import { DataJaxError } from "@datajax/core-ir";
import { mpiWorldFromEnv } from "@datajax/runtime";

/**
 * A Resource spec that does not validate, with what was wrong (code `DJX_RESOURCE_SPEC`); also
 * thrown by `Resource.fromMpi()` outside an MPI world.
 *
 * @example
 * ```ts
 * import { Resource, ResourceSpecError } from "@datajax/transforms";
 * try {
 *   new Resource({ axes: { data: 0 } });
 * } catch (err) {
 *   if (err instanceof ResourceSpecError) console.log(err.message); // "... axis sizes are positive integers ..."
 * }
 * ```
 */
export class ResourceSpecError extends DataJaxError {
  constructor(problem: string) {
    super("DJX_RESOURCE_SPEC", `${problem}. A resource names its axes and their sizes, e.g. new Resource({ axes: { data: 4 } }).`);
  }
}

const ResourceSpecSchema = z.object({
  axes: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "axis names are identifiers"), z.number().int().positive("axis sizes are positive integers")).refine((a) => Object.keys(a).length > 0, "needs at least one axis"),
});
/**
 * The axes of a device mesh: name → size (names are identifiers, sizes positive integers, at
 * least one axis).
 *
 * @example
 * ```ts
 * import { Resource, type ResourceSpec } from "@datajax/transforms";
 * const spec: ResourceSpec = { axes: { data: 4 } };
 * const resource = new Resource(spec);
 * ```
 */
export interface ResourceSpec {
  /** Axis name → number of ranks along it. */
  readonly axes: Readonly<Record<string, number>>;
}

/**
 * The ranks a pjit function runs over, as named axes (JAX's Mesh): `new Resource({ axes: { data: 4 } })`
 * is four ranks along axis "data". On one process the local backend simulates the ranks. The
 * constructor validates the spec and throws ResourceSpecError when it is wrong.
 *
 * @example
 * ```ts
 * import { Resource } from "@datajax/transforms";
 * const resource = new Resource({ axes: { data: 4 } });
 * resource.size;       // 4
 * resource.toString(); // "Resource(data=4)"
 * // pjit(fn, { resource, inShardings: [shard.byKey("zone")] })
 * ```
 */
export class Resource {
  /** The validated axes (frozen): name → size. */
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
   * The MPI world this process was launched in (`datajax launch -n N`, `mpirun`) as a one-axis
   * resource of the world's size; throws ResourceSpecError outside an MPI launcher.
   */
  static fromMpi(axis = "data"): Resource {
    const world = mpiWorldFromEnv();
    if (!world) {
      throw new ResourceSpecError(`Resource.fromMpi(): this process is not part of an MPI world (no OMPI_COMM_WORLD_SIZE or PMI_SIZE); start it with datajax launch -n N or mpirun, or simulate ranks with new Resource({ axes: { ${axis}: N } })`);
    }
    return new Resource({ axes: { [axis]: world.size } });
  }

  /** `Resource(data=4)`. */
  toString(): string {
    return `Resource(${Object.entries(this.axes).map(([a, n]) => `${a}=${n}`).join(", ")})`;
  }
}
