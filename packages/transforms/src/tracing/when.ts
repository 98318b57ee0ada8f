import { callOperator, type Series, type SeriesLike } from "./series.js";

/**
 * `when(cond).then(a).otherwise(b)`: per row, `a` where `cond` is true, else `b` (a null condition
 * takes the otherwise branch, as SQL CASE). Chains: `when(c1).then(a).when(c2).then(b).otherwise(c)`.
 * Lowers to the registry's `if_else`. This is how to express data-dependent choices: a JavaScript
 * `if` on a traced Series cannot be traced.
 */
export function when(condition: SeriesLike): When {
  return new When([], condition);
}

/** One `when(cond).then(value)` arm of a conditional expression. */
export interface Branch {
  readonly condition: SeriesLike;
  readonly value: SeriesLike;
}

/** A condition waiting for its `then` value. */
export class When {
  constructor(
    private readonly branches: readonly Branch[],
    private readonly condition: SeriesLike,
  ) {}

  then(value: SeriesLike): Then {
    return new Then([...this.branches, { condition: this.condition, value }]);
  }
}

/** One or more complete branches; finish with `otherwise` (or chain another `when`). */
export class Then {
  constructor(private readonly branches: readonly Branch[]) {}

  when(condition: SeriesLike): When {
    return new When(this.branches, condition);
  }

  /** The value where no condition holds (default null, as SQL CASE without ELSE). */
  otherwise(value: SeriesLike = null): Series {
    let acc: SeriesLike = value;
    for (let i = this.branches.length - 1; i >= 0; i--) {
      const b = this.branches[i]!;
      acc = callOperator("if_else", [b.condition, b.value, acc]);
    }
    return acc as Series;
  }
}

