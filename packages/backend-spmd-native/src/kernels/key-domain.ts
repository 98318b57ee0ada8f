import { commonType, formatType, isFloat, type DataType } from "@datajax/core-ir";
import { UnsupportedNativeTypeError } from "../errors/unsupported-native-type-error.js";
import { physTypeOf } from "./physical-type.js";

/**
 * How the native key table compares a key column (native/src/kernels_key_table.h): 0 = exact
 * integers (ints, bool, date32, timestamps; eligible for the dense path), 1 = float64 values.
 *
 * @example
 * ```ts
 * import { KeyDomain } from "@datajax/backend-spmd-native";
 *
 * KeyDomain.Float; // 1
 * ```
 */
export const KeyDomain = { Int: 0, Float: 1 } as const;

/**
 * The domain in which keys of `types` (one type per side of a join, or one for grouping) compare:
 * that of their common type, so int32 = int64 compares exactly and int = float by value.
 * Throws UnsupportedNativeTypeError for key types the kernels do not take (utf8).
 *
 * @example
 * ```ts
 * import { t } from "@datajax/core-ir";
 * import { keyDomainOf } from "@datajax/backend-spmd-native";
 *
 * keyDomainOf("join key", "id", [t.int32, t.int64]); // 0
 * keyDomainOf("join key", "id", [t.int32, t.float64]); // 1
 * ```
 */
export function keyDomainOf(where: string, name: string, types: readonly DataType[]): 0 | 1 {
  for (const type of types) if (physTypeOf(type) === undefined) throw new UnsupportedNativeTypeError(where, name, formatType(type));
  const common = commonType(types) ?? types[0]!;
  return isFloat(common) ? KeyDomain.Float : KeyDomain.Int;
}
