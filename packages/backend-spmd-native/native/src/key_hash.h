// The one key hash of DataJAX, bit-identical to packages/core-ir/src/sharding/key-hash.ts:
// grouping, joins and hash partitioning in this addon must agree with every other backend.
//  - a number with an int32 value (ints, dates, bools, floats like 3.0; -0 is 0): mix32(v);
//  - any other number (int64 beyond int32, floats, NaN by its bits): mix32(lo ^ mix32(hi)) of
//    its float64 bits; int64/uint64 values are first rounded to float64, like TS's Number(bigint);
//  - utf8: mix32(FNV-1a over its bytes); null: NULL_HASH;
//  - a key tuple: h = hash(k0), then h = combineHash(h, hash(ki));
//  - partitionOf(h, ranks) = h mod ranks (h unsigned).
// All arithmetic is on uint32_t, which wraps exactly like Math.imul / `| 0` / `>>> 0` in TS.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace datajax {

constexpr uint32_t NULL_HASH = 0x5bd1e995u;

/** The murmur3 32-bit finalizer. */
inline uint32_t mix32(uint32_t h) {
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  return h ^ (h >> 16);
}

inline uint32_t hashInt32(int32_t v) { return mix32(static_cast<uint32_t>(v)); }

/** hashNumber(v) of TS: int32-valued doubles (and -0) hash as ints, others by their bits. */
inline uint32_t hashDouble(double v) {
  if (v >= -2147483648.0 && v <= 2147483647.0) {
    const int32_t i = static_cast<int32_t>(v);  // in range: truncation is defined
    if (static_cast<double>(i) == v) return hashInt32(i);
  }
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  const uint32_t lo = static_cast<uint32_t>(bits);
  const uint32_t hi = static_cast<uint32_t>(bits >> 32);
  return mix32(lo ^ mix32(hi));
}

/** int64 (and timestamps): hashNumber(Number(v)); values within int32 hash as ints. */
inline uint32_t hashInt64(int64_t v) {
  if (v >= INT32_MIN && v <= INT32_MAX) return hashInt32(static_cast<int32_t>(v));
  return hashDouble(static_cast<double>(v));
}

inline uint32_t hashUint64(uint64_t v) {
  if (v <= static_cast<uint64_t>(INT32_MAX)) return hashInt32(static_cast<int32_t>(v));
  return hashDouble(static_cast<double>(v));
}

inline uint32_t hashUint32(uint32_t v) {
  if (v <= static_cast<uint32_t>(INT32_MAX)) return hashInt32(static_cast<int32_t>(v));
  return hashDouble(static_cast<double>(v));
}

/** hashBytes of TS: mix32 of FNV-1a over `n` UTF-8 bytes. */
inline uint32_t hashBytes(const uint8_t* bytes, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t p = 0; p < n; p++) h = (h ^ bytes[p]) * 16777619u;
  return mix32(h);
}

/** Folds the hash `x` of a tuple's next key value into the running hash `h`. */
inline uint32_t combineHash(uint32_t h, uint32_t x) { return mix32(h * 31u + x); }

/** The rank (0..ranks-1) of a row whose key tuple hashes to `h`. */
inline int32_t partitionOf(uint32_t h, int32_t ranks) {
  return static_cast<int32_t>(h % static_cast<uint32_t>(ranks));
}

/** The physical layout of one key column, as Arrow stores it. */
enum class KeyType {
  Bool,  // bit-packed, LSB first (Arrow); hashes as 0 / 1
  Int8, Int16, Int32, Int64,
  Uint8, Uint16, Uint32, Uint64,
  Float32, Float64,
  Utf8,  // int32 offsets (rowCount + 1) into `values` bytes
  Null,  // every value is null
};

/**
 * A borrowed view of one key column. `values` points at row 0 (slice offsets already applied, except
 * for Bool, whose first row is bit `bitOffset`). `validity` is an Arrow bitmap (bit set = valid) or
 * null when every value is valid; its row 0 is bit `bitOffset` as well.
 */
struct KeyColumn {
  KeyType type;
  const void* values;
  const int32_t* offsets;   // Utf8 only
  const uint8_t* validity;  // nullable
  size_t bitOffset;         // for validity (and Bool values)
};

/** Whether row `i` of a column is valid (not null). */
inline bool keyIsValid(const KeyColumn& c, size_t i) {
  if (c.type == KeyType::Null) return false;
  if (c.validity == nullptr) return true;
  const size_t b = i + c.bitOffset;
  return ((c.validity[b >> 3] >> (b & 7)) & 1) != 0;
}

/** The hash of row `i` of one key column (NULL_HASH for a null). */
uint32_t hashKeyValue(const KeyColumn& c, size_t i);

/** The key-tuple hash of rows 0..rowCount-1 of `keys` into `out` (rowCount entries). */
void hashKeyRows(const std::vector<KeyColumn>& keys, size_t rowCount, uint32_t* out);

/** The destination rank of each row under hash partitioning on `keys` over `ranks` ranks. */
void hashPartitionRows(const std::vector<KeyColumn>& keys, size_t rowCount, int32_t ranks, int32_t* out);

}  // namespace datajax
