import { type Data, type DataType, type Field, IntervalUnit, Type } from "apache-arrow";
import { UnsupportedNativeTypeError } from "../errors/unsupported-native-type-error.js";

/**
 * How a column's rows are laid out in Arrow buffers, for moving them between ranks:
 * - fixed: `bytesPerRow` bytes per row in `values` (numbers, temporals, decimals, fixed-size binary);
 * - bool: one bit per row in `values`, starting at bit `data.offset`;
 * - variable: int32 `valueOffsets` (rowCount + 1) into the `values` bytes (utf8, binary);
 * - null: no buffers.
 */
export type ColumnLayout =
  | { readonly kind: "fixed"; readonly bytesPerRow: number }
  | { readonly kind: "bool" }
  | { readonly kind: "variable" }
  | { readonly kind: "null" };

const fixedWidthTypes = new Set<Type>([
  Type.Int,
  Type.Float,
  Type.Date,
  Type.Time,
  Type.Timestamp,
  Type.Duration,
  Type.Interval,
  Type.Decimal,
  Type.FixedSizeBinary,
]);

/** The layout of `field`'s type; throws UnsupportedNativeTypeError for nested, dictionary and view types. */
export function columnLayoutOf(field: Field, where: string): ColumnLayout {
  const type: DataType = field.type;
  if (type.typeId === Type.Null) return { kind: "null" };
  if (type.typeId === Type.Bool) return { kind: "bool" };
  if (type.typeId === Type.Utf8 || type.typeId === Type.Binary) return { kind: "variable" };
  if (fixedWidthTypes.has(type.typeId)) {
    const elementBytes = (type.ArrayType as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
    return { kind: "fixed", bytesPerRow: elementBytes * strideOf(type) };
  }
  throw new UnsupportedNativeTypeError(where, field.name, String(type));
}

/** Elements of `type.ArrayType` per row (Arrow's strideForType, which Arrow JS does not export). */
function strideOf(type: DataType): number {
  const t = type as DataType & { bitWidth?: number; unit?: number; byteWidth?: number };
  switch (type.typeId) {
    case Type.Decimal:
      return t.bitWidth! / 32;
    case Type.Interval:
      return t.unit === IntervalUnit.MONTH_DAY_NANO ? 4 : 1 + t.unit!; // DAY_TIME: 2 int32s; YEAR_MONTH: 1
    case Type.FixedSizeBinary:
      return t.byteWidth!;
    default:
      return 1;
  }
}

/** Checks that a batch column's buffers match its layout (Arrow JS keeps values typed per type). */
export function assertDataMatches(data: Data, layout: ColumnLayout, field: Field, where: string): void {
  if (layout.kind === "fixed" && data.length > 0 && data.values.byteLength < data.length * layout.bytesPerRow)
    throw new UnsupportedNativeTypeError(where, field.name, `${String(field.type)} with a values buffer shorter than its rows`);
}
