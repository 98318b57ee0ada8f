// N-API exports of the key hash: hashKeys (the tuple hash per row) and hashPartition (the rank per row).
// A key column from JS is { type, values, offsets?, validity?, bitOffset? } (see src/native.ts).
#include <string>

#include "addon_registry.h"
#include "key_hash.h"

namespace datajax {

static KeyType keyTypeNamed(Napi::Env env, const std::string& name) {
  static const std::pair<const char*, KeyType> names[] = {
      {"bool", KeyType::Bool},     {"int8", KeyType::Int8},       {"int16", KeyType::Int16},
      {"int32", KeyType::Int32},   {"int64", KeyType::Int64},     {"uint8", KeyType::Uint8},
      {"uint16", KeyType::Uint16}, {"uint32", KeyType::Uint32},   {"uint64", KeyType::Uint64},
      {"float32", KeyType::Float32}, {"float64", KeyType::Float64}, {"utf8", KeyType::Utf8},
      {"null", KeyType::Null},
  };
  for (const auto& [n, t] : names) {
    if (name == n) return t;
  }
  throw Napi::TypeError::New(env, "hash key column: unknown type '" + name +
                                      "'; expected bool, int8..int64, uint8..uint64, float32, float64, utf8 or null");
}

static size_t bytesPerValue(KeyType t) {
  switch (t) {
    case KeyType::Int8: case KeyType::Uint8: return 1;
    case KeyType::Int16: case KeyType::Uint16: return 2;
    case KeyType::Int32: case KeyType::Uint32: case KeyType::Float32: return 4;
    case KeyType::Int64: case KeyType::Uint64: case KeyType::Float64: return 8;
    default: return 0;
  }
}

static const uint8_t* viewBytes(Napi::Value v, size_t* byteLength) {
  if (!v.IsTypedArray()) return nullptr;
  Napi::TypedArray a = v.As<Napi::TypedArray>();
  *byteLength = a.ByteLength();
  return static_cast<const uint8_t*>(a.ArrayBuffer().Data()) + a.ByteOffset();
}

static std::vector<KeyColumn> keyColumnsFrom(Napi::Env env, Napi::Value value, size_t rowCount) {
  if (!value.IsArray()) throw Napi::TypeError::New(env, "hash: keyColumns must be an array of key columns");
  Napi::Array arr = value.As<Napi::Array>();
  std::vector<KeyColumn> keys;
  for (uint32_t k = 0; k < arr.Length(); k++) {
    Napi::Value item = arr.Get(k);
    if (!item.IsObject()) throw Napi::TypeError::New(env, "hash: key column " + std::to_string(k) + " is not an object");
    Napi::Object o = item.As<Napi::Object>();
    const std::string where = "hash: key column " + std::to_string(k);
    KeyColumn c{};
    c.type = keyTypeNamed(env, o.Get("type").ToString().Utf8Value());
    Napi::Value bitOffset = o.Get("bitOffset");
    c.bitOffset = bitOffset.IsNumber() ? static_cast<size_t>(bitOffset.As<Napi::Number>().Int64Value()) : 0;
    size_t validityBytes = 0;
    Napi::Value validity = o.Get("validity");
    if (!validity.IsNull() && !validity.IsUndefined()) {
      c.validity = viewBytes(validity, &validityBytes);
      if (c.validity == nullptr) throw Napi::TypeError::New(env, where + ": validity must be a Uint8Array or null");
      if (validityBytes * 8 < rowCount + c.bitOffset)
        throw Napi::RangeError::New(env, where + ": validity bitmap is shorter than rowCount");
    }
    if (c.type == KeyType::Null) {
      keys.push_back(c);
      continue;
    }
    size_t valueBytes = 0;
    c.values = viewBytes(o.Get("values"), &valueBytes);
    if (c.values == nullptr) throw Napi::TypeError::New(env, where + ": values must be a typed array");
    if (c.type == KeyType::Bool) {
      if (valueBytes * 8 < rowCount + c.bitOffset) throw Napi::RangeError::New(env, where + ": bool bitmap is shorter than rowCount");
    } else if (c.type == KeyType::Utf8) {
      size_t offsetBytes = 0;
      Napi::Value offsets = o.Get("offsets");
      if (!offsets.IsTypedArray() || offsets.As<Napi::TypedArray>().TypedArrayType() != napi_int32_array)
        throw Napi::TypeError::New(env, where + ": utf8 needs offsets as an Int32Array of rowCount + 1 entries");
      c.offsets = reinterpret_cast<const int32_t*>(viewBytes(offsets, &offsetBytes));
      if (offsetBytes < (rowCount + 1) * 4) throw Napi::RangeError::New(env, where + ": offsets has fewer than rowCount + 1 entries");
      if (rowCount > 0 && (c.offsets[0] < 0 || static_cast<size_t>(c.offsets[rowCount]) > valueBytes))
        throw Napi::RangeError::New(env, where + ": offsets point outside the values bytes");
    } else if (valueBytes < rowCount * bytesPerValue(c.type)) {
      throw Napi::RangeError::New(env, where + ": values hold fewer than rowCount values");
    }
    keys.push_back(c);
  }
  return keys;
}

static size_t rowCountArg(const Napi::CallbackInfo& info, size_t index) {
  if (!info[index].IsNumber() || info[index].As<Napi::Number>().DoubleValue() < 0)
    throw Napi::TypeError::New(info.Env(), "hash: rowCount must be a non-negative number");
  return static_cast<size_t>(info[index].As<Napi::Number>().Int64Value());
}

/** hashKeys(keyColumns, rowCount) → Uint32Array: the key-tuple hash of each row. */
static Napi::Value hashKeys(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const size_t rowCount = rowCountArg(info, 1);
  std::vector<KeyColumn> keys = keyColumnsFrom(env, info[0], rowCount);
  Napi::Uint32Array out = Napi::Uint32Array::New(env, rowCount);
  hashKeyRows(keys, rowCount, out.Data());
  return out;
}

/** hashPartition(keyColumns, rowCount, ranks) → Int32Array: the destination rank of each row. */
static Napi::Value hashPartition(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const size_t rowCount = rowCountArg(info, 1);
  if (!info[2].IsNumber() || info[2].As<Napi::Number>().Int32Value() < 1)
    throw Napi::RangeError::New(env, "hashPartition: ranks must be a positive integer");
  const int32_t ranks = info[2].As<Napi::Number>().Int32Value();
  std::vector<KeyColumn> keys = keyColumnsFrom(env, info[0], rowCount);
  if (keys.empty()) throw Napi::RangeError::New(env, "hashPartition: give at least one key column");
  Napi::Int32Array out = Napi::Int32Array::New(env, rowCount);
  hashPartitionRows(keys, rowCount, ranks, out.Data());
  return out;
}

DATAJAX_EXPORTS(registerKeyHash) {
  exports.Set("hashKeys", Napi::Function::New(env, hashKeys, "hashKeys"));
  exports.Set("hashPartition", Napi::Function::New(env, hashPartition, "hashPartition"));
}

}  // namespace datajax
