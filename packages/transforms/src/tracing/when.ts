import { callOperator, type Series, type SeriesLike } from "./series.js";

/**
 * `when(cond).then(a).otherwise(b)`: per row, `a` where `cond` is true, else `b` (a null condition
 * takes the otherwise branch, as SQL CASE). Chains: `when(c1).then(a).when(c2).then(b).otherwise(c)`.
 * Lowers to the registry's `if_else`. This is how to express data-dependent choices: a JavaScript
 * `if` on a traced Series cannot be traced.
 *
 * @example
 * ```ts
 * import { col, when } from "@datajax/transforms";
 * const band = when(col("fare").gt(100)).then("high").when(col("fare").gt(20)).then("mid").otherwise("low");
 * const tipped = when(col("tip").isNull()).then(0).otherwise(col("tip"));
 * ```
 */
export function when(condition: SeriesLike): When {
  return new When([], condition);
}

/**
 * One `when(cond).then(value)` arm of a conditional expression.
 *
 * @example
 * ```ts
 * import { col, type Branch } from "@datajax/transforms";
 * const arm: Branch = { condition: col("fare").gt(100), value: "high" }; // when(fare > 100).then("high")
 * ```
 */
export interface Branch {
  /** The condition (bool); the arm applies where it is true. */
  readonly condition: SeriesLike;
  /** The value the expression takes where `condition` holds. */
  readonly value: SeriesLike;
}

/**
 * A condition waiting for its `then` value: what `when(cond)` and `Then.when(cond)` return.
 *
 * @example
 * ```ts
 * import { col, when, type When } from "@datajax/transforms";
 * const pending: When = when(col("fare").gt(100));
 * const band = pending.then("high").otherwise("low");
 * ```
 */
export class When {
  constructor(
    private readonly branches: readonly Branch[],
    private readonly condition: SeriesLike,
  ) {}

  /** The value where this condition holds (and no earlier one did). */
  then(value: SeriesLike): Then {
    return new Then([...this.branches, { condition: this.condition, value }]);
  }
}

/**
 * One or more complete branches; finish with `otherwise` (or chain another `when`).
 *
 * @example
 * ```ts
 * import { col, when, type Then } from "@datajax/transforms";
 * const arms: Then = when(col("fare").gt(100)).then("high");
 * const band = arms.when(col("fare").gt(20)).then("mid").otherwise("low");
 * ```
 */
export class Then {
  constructor(private readonly branches: readonly Branch[]) {}

  /** Adds another condition, tried when the earlier ones did not hold. */
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

