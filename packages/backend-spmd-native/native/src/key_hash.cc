// Row and tuple hashing over Arrow key columns (see key_hash.h for the hash's contract).
#include "key_hash.h"

namespace datajax {

template <typename T>
static inline T valueAt(const KeyColumn& c, size_t i) {
  T v;
  std::memcpy(&v, static_cast<const uint8_t*>(c.values) + i * sizeof(T), sizeof(T));  // may be unaligned
  return v;
}

uint32_t hashKeyValue(const KeyColumn& c, size_t i) {
  if (!keyIsValid(c, i)) return NULL_HASH;
  switch (c.type) {
    case KeyType::Bool: {
      const size_t b = i + c.bitOffset;
      return hashInt32((static_cast<const uint8_t*>(c.values)[b >> 3] >> (b & 7)) & 1);
    }
    case KeyType::Int8: return hashInt32(valueAt<int8_t>(c, i));
    case KeyType::Int16: return hashInt32(valueAt<int16_t>(c, i));
    case KeyType::Int32: return hashInt32(valueAt<int32_t>(c, i));
    case KeyType::Int64: return hashInt64(valueAt<int64_t>(c, i));
    case KeyType::Uint8: return hashInt32(valueAt<uint8_t>(c, i));
    case KeyType::Uint16: return hashInt32(valueAt<uint16_t>(c, i));
    case KeyType::Uint32: return hashUint32(valueAt<uint32_t>(c, i));
    case KeyType::Uint64: return hashUint64(valueAt<uint64_t>(c, i));
    case KeyType::Float32: return hashDouble(static_cast<double>(valueAt<float>(c, i)));
    case KeyType::Float64: return hashDouble(valueAt<double>(c, i));
    case KeyType::Utf8: {
      const int32_t start = c.offsets[i];
      const int32_t end = c.offsets[i + 1];
      return hashBytes(static_cast<const uint8_t*>(c.values) + start, static_cast<size_t>(end - start));
    }
    case KeyType::Null: return NULL_HASH;
  }
  return NULL_HASH;
}

void hashKeyRows(const std::vector<KeyColumn>& keys, size_t rowCount, uint32_t* out) {
  for (size_t k = 0; k < keys.size(); k++) {
    const KeyColumn& c = keys[k];
    if (k == 0) {
      for (size_t i = 0; i < rowCount; i++) out[i] = hashKeyValue(c, i);
    } else {
      for (size_t i = 0; i < rowCount; i++) out[i] = combineHash(out[i], hashKeyValue(c, i));
    }
  }
  if (keys.empty()) {
    for (size_t i = 0; i < rowCount; i++) out[i] = 0;
  }
}

void hashPartitionRows(const std::vector<KeyColumn>& keys, size_t rowCount, int32_t ranks, int32_t* out) {
  std::vector<uint32_t> hashes(rowCount);
  hashKeyRows(keys, rowCount, hashes.data());
  for (size_t i = 0; i < rowCount; i++) out[i] = partitionOf(hashes[i], ranks);
}

}  // namespace datajax
