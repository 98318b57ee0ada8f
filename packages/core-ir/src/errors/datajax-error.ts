/**
 * The base of every DataJAX error: a stable `code` for programs, a message for people that says
 * what was wrong, what was in scope and what to do.
 */
export class DataJaxError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}
