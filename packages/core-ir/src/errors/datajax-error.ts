/**
 * The base of every DataJAX error: a stable `code` for programs, a message for people that says
 * what was wrong, what was in scope and what to do. `name` is the subclass's name.
 *
 * @example
 * ```ts
 * import { DataJaxError } from "@datajax/core-ir";
 *
 * class QuotaExceededError extends DataJaxError {
 *   constructor(limit: number) { super("MY_QUOTA_EXCEEDED", `the query reads more than ${limit} rows. Add a filter or raise the quota.`); }
 * }
 * try { throw new QuotaExceededError(1_000_000); } catch (err) {
 *   if (err instanceof DataJaxError) console.error(err.code, err.message); // "MY_QUOTA_EXCEEDED" ...
 * }
 * ```
 */
export class DataJaxError extends Error {
  /** Stable, machine-readable error code (`DJX_COLUMN_NOT_FOUND`...); match on it rather than on the message. */
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}
