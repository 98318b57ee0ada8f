// Shared vocabulary of the compute kernels (kernels_*.cc): physical value types, borrowed column
// views over JS typed arrays, and Arrow bitmap helpers. The numbering of PhysType is part of the
// contract with src/kernels/physical-type.ts: change both or neither.
#pragma once

#include <napi.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

namespace datajax {
namespace kernels {

/** How values are laid out in memory (date32 is Int32, timestamps Int64, bool a bitmap in columns and one byte per row inside kernels). */
enum class PhysType : int32_t {
  Bool = 0,
  Int8 = 1, Int16 = 2, Int32 = 3, Int64 = 4,
  Uint8 = 5, Uint16 = 6, Uint32 = 7, Uint64 = 8,
  Float32 = 9, Float64 = 10,
};

constexpr int32_t PHYS_TYPE_COUNT = 11;

inline size_t bytesOf(PhysType t) {
  switch (t) {
    case PhysType::Bool: case PhysType::Int8: case PhysType::Uint8: return 1;
    case PhysType::Int16: case PhysType::Uint16: return 2;
    case PhysType::Int32: case PhysType::Uint32: case PhysType::Float32: return 4;
    default: return 8;
  }
}

inline PhysType physTypeFrom(Napi::Env env, int32_t code, const char* where) {
  if (code < 0 || code >= PHYS_TYPE_COUNT) {
    throw Napi::TypeError::New(env, std::string(where) + ": unknown physical type code " + std::to_string(code) + " (expected 0..10, see src/kernels/physical-type.ts)");
  }
  return static_cast<PhysType>(code);
}

/** Calls `f(T{})` with T the C++ type of a numeric physical type (Bool is read as uint8_t bytes). */
template <typename F>
inline auto dispatchNumeric(PhysType t, F&& f) {
  switch (t) {
    case PhysType::Bool: return f(uint8_t{});
    case PhysType::Int8: return f(int8_t{});
    case PhysType::Int16: return f(int16_t{});
    case PhysType::Int32: return f(int32_t{});
    case PhysType::Int64: return f(int64_t{});
    case PhysType::Uint8: return f(uint8_t{});
    case PhysType::Uint16: return f(uint16_t{});
    case PhysType::Uint32: return f(uint32_t{});
    case PhysType::Uint64: return f(uint64_t{});
    case PhysType::Float32: return f(float{});
    case PhysType::Float64: default: return f(double{});
  }
}

/** The bytes of a typed array (nullptr for null/undefined); `byteLength` receives its size. */
inline uint8_t* typedArrayBytes(Napi::Env env, Napi::Value v, size_t* byteLength, const std::string& where) {
  if (v.IsNull() || v.IsUndefined()) {
    *byteLength = 0;
    return nullptr;
  }
  if (!v.IsTypedArray()) throw Napi::TypeError::New(env, where + ": expected a typed array or null");
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  napi_value buffer;
  size_t offset = 0;
  napi_get_typedarray_info(env, v, &type, &length, &data, &buffer, &offset);
  size_t width = 1;
  switch (type) {
    case napi_int16_array: case napi_uint16_array: width = 2; break;
    case napi_int32_array: case napi_uint32_array: case napi_float32_array: width = 4; break;
    case napi_float64_array: case napi_bigint64_array: case napi_biguint64_array: width = 8; break;
    default: width = 1;
  }
  *byteLength = length * width;
  return static_cast<uint8_t*>(data);
}

/** A borrowed column: values of `type` from row 0 (bool: a bitmap from bit 0) and an optional validity bitmap. */
struct ColumnView {
  PhysType type;
  const uint8_t* values;
  const uint8_t* validity;  // nullptr: no nulls
  /** When set, row i of the view is row take[i] of the column (-1: null): a gather the expression evaluator does chunk by chunk. */
  const int32_t* take = nullptr;
};

/** Reads `values[k]` / `validity[k]` (JS arrays) as column `k`, checking the buffers hold `rows` rows. */
inline ColumnView columnViewAt(Napi::Env env, Napi::Array values, Napi::Array validity, uint32_t k, PhysType type, size_t rows, const std::string& where) {
  size_t bytes = 0;
  ColumnView c{type, typedArrayBytes(env, values.Get(k), &bytes, where + " values"), nullptr};
  const size_t need = type == PhysType::Bool ? (rows + 7) / 8 : rows * bytesOf(type);
  if (rows > 0 && (c.values == nullptr || bytes < need)) {
    throw Napi::RangeError::New(env, where + ": column " + std::to_string(k) + " holds " + std::to_string(bytes) + " bytes, " + std::to_string(need) + " needed for " + std::to_string(rows) + " rows");
  }
  if (!validity.IsEmpty() && k < validity.Length()) {
    size_t vbytes = 0;
    c.validity = typedArrayBytes(env, validity.Get(k), &vbytes, where + " validity");
    if (c.validity != nullptr && vbytes < (rows + 7) / 8) throw Napi::RangeError::New(env, where + ": validity of column " + std::to_string(k) + " is shorter than its rows");
  }
  return c;
}

inline bool bitAt(const uint8_t* bits, size_t i) { return ((bits[i >> 3] >> (i & 7)) & 1) != 0; }
inline bool validAt(const uint8_t* validity, size_t i) { return validity == nullptr || bitAt(validity, i); }

/** Unpacks bits [start, start + n) of a bitmap into one 0/1 byte per row. */
inline void unpackBits(const uint8_t* bits, size_t start, size_t n, uint8_t* out) {
  if ((start & 7) == 0) {
    const uint8_t* b = bits + (start >> 3);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      const uint8_t x = b[i >> 3];
      for (int j = 0; j < 8; j++) out[i + j] = (x >> j) & 1;
    }
    for (; i < n; i++) out[i] = (b[i >> 3] >> (i & 7)) & 1;
    return;
  }
  for (size_t i = 0; i < n; i++) out[i] = bitAt(bits, start + i) ? 1 : 0;
}

/** Packs `n` 0/1 bytes into bits [start, start + n) of a bitmap (start a multiple of 8); returns how many were 0. */
inline size_t packBits(const uint8_t* bytes, size_t n, uint8_t* bits, size_t start) {
  uint8_t* b = bits + (start >> 3);
  size_t ones = 0;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint8_t x = 0;
    for (int j = 0; j < 8; j++) x |= static_cast<uint8_t>((bytes[i + j] & 1) << j);
    b[i >> 3] = x;
    ones += static_cast<size_t>(__builtin_popcount(x));
  }
  if (i < n) {
    uint8_t x = 0;
    for (size_t j = 0; i + j < n; j++) x |= static_cast<uint8_t>((bytes[i + j] & 1) << j);
    b[i >> 3] = x;
    ones += static_cast<size_t>(__builtin_popcount(x));
  }
  return n - ones;
}

template <typename T>
inline T loadAt(const uint8_t* values, size_t i) {
  T v;
  std::memcpy(&v, values + i * sizeof(T), sizeof(T));
  return v;
}

inline int32_t int32Arg(const Napi::CallbackInfo& info, size_t i, const char* where) {
  if (!info[i].IsNumber()) throw Napi::TypeError::New(info.Env(), std::string(where) + ": argument " + std::to_string(i) + " must be a number");
  return info[i].As<Napi::Number>().Int32Value();
}

inline Napi::Array arrayArg(const Napi::CallbackInfo& info, size_t i, const char* where) {
  if (!info[i].IsArray()) throw Napi::TypeError::New(info.Env(), std::string(where) + ": argument " + std::to_string(i) + " must be an array");
  return info[i].As<Napi::Array>();
}

/** An Int32Array argument's elements (nullptr and 0 for null/undefined). */
inline const int32_t* int32ArrayArg(const Napi::CallbackInfo& info, size_t i, size_t* length, const char* where) {
  size_t bytes = 0;
  const uint8_t* p = typedArrayBytes(info.Env(), info[i], &bytes, std::string(where) + " argument " + std::to_string(i));
  *length = bytes / 4;
  return reinterpret_cast<const int32_t*>(p);
}

}  // namespace kernels
}  // namespace datajax
