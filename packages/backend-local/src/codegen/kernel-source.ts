import type { DataType } from "@datajax/core-ir";

/** A value inside generated code: a JS expression for the value and one that is true when null. */
export interface Operand {
  readonly value: string;
  /** "false" when known non-null, "true" when known null. */
  readonly isNull: string;
  readonly type: DataType;
}

/** Accumulates the text of one generated function: prologue (before the row loop) and body lines. */
export class KernelSource {
  readonly prologue: string[] = [];
  readonly body: string[] = [];
  private counter = 0;
  private readonly hoisted = new Map<string, string>();

  local(prefix: string): string {
    return `${prefix}${this.counter++}`;
  }

  emit(line: string): void {
    this.body.push(line);
  }

  /** A constant computed once before the loop (literal strings, type descriptors...); deduplicated. */
  hoist(code: string): string {
    let name = this.hoisted.get(code);
    if (!name) {
      name = this.local("k");
      this.hoisted.set(code, name);
      this.prologue.push(`const ${name} = ${code};`);
    }
    return name;
  }

  /** Binds a computed value and null flag to fresh locals (keeps generated expressions small). */
  bind(value: string, isNull: string, type: DataType): Operand {
    const v = this.local("v");
    this.emit(`const ${v} = ${value};`);
    if (isNull === "false" || isNull === "true") return { value: v, isNull, type };
    const n = this.local("n");
    this.emit(`const ${n} = ${isNull};`);
    return { value: v, isNull: n, type };
  }
}

/** The identifiers a line of generated code mentions (locals, `$` names, property names too). */
export const identifiersOf = (line: string): string[] => line.match(/[$A-Za-z_][$\w]*/g) ?? [];

/** The null flag of an operator that propagates nulls from any argument. */
export function anyNull(args: readonly Operand[]): string {
  const flags = args.map((a) => a.isNull).filter((f) => f !== "false");
  if (flags.includes("true")) return "true";
  return flags.length === 0 ? "false" : flags.join(" || ");
}

export function orNull(a: string, b: string): string {
  if (a === "true" || b === "true") return "true";
  if (a === "false") return b;
  if (b === "false") return a;
  return `(${a} || ${b})`;
}

/** A JS value of `type` written where the value is null (any value of the right JS kind works). */
export function placeholderOf(type: DataType): string {
  if (type.id === "utf8") return '""';
  if (type.id === "bool") return "false";
  return "0";
}
