#include "page_header.h"

#include <string>

#include "decode_error.h"

namespace djx_parquet {

namespace {

enum CompactType : uint8_t { STOP = 0, BOOL_TRUE = 1, BOOL_FALSE = 2, BYTE = 3, I16 = 4, I32 = 5, I64 = 6, DOUBLE = 7, BINARY = 8, LIST = 9, SET = 10, MAP = 11, STRUCT = 12 };

constexpr int kMaxDepth = 32;

/** Bounds-checked compact-protocol reader over one buffer. */
class CompactReader {
 public:
  CompactReader(const uint8_t* p, size_t n) : start_(p), p_(p), end_(p + n) {}
  size_t consumed() const { return static_cast<size_t>(p_ - start_); }

  uint8_t byte() {
    if (p_ >= end_) corrupt("page header ends early (truncated or corrupt)");
    return *p_++;
  }
  uint64_t varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      const uint8_t b = byte();
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) return v;
    }
    corrupt("page header holds a varint longer than 10 bytes");
  }
  int64_t zigzag() {
    const uint64_t v = varint();
    return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
  }
  int32_t i32() {
    const int64_t v = zigzag();
    if (v < INT32_MIN || v > INT32_MAX) corrupt("page header holds an i32 out of range");
    return static_cast<int32_t>(v);
  }
  /** Reads a field header: returns false at STOP, else the field's type and id. */
  bool field(int16_t* lastId, uint8_t* type, int16_t* id) {
    const uint8_t b = byte();
    if (b == STOP) return false;
    *type = b & 0x0f;
    const uint8_t delta = b >> 4;
    if (delta == 0) {
      const int64_t v = zigzag();
      if (v < INT16_MIN || v > INT16_MAX) corrupt("page header holds a field id out of range");
      *id = static_cast<int16_t>(v);
    } else {
      *id = static_cast<int16_t>(*lastId + delta);
    }
    *lastId = *id;
    return true;
  }
  void skipBytes(uint64_t n) {
    if (n > static_cast<uint64_t>(end_ - p_)) corrupt("page header ends early (truncated or corrupt)");
    p_ += n;
  }
  void skip(uint8_t type, int depth) {
    if (depth > kMaxDepth) corrupt("page header nests deeper than " + std::to_string(kMaxDepth) + " levels");
    switch (type) {
      case BOOL_TRUE:
      case BOOL_FALSE:
        return;  // the value is in the type (as a field); in a list it is one byte, see skipList
      case BYTE:
        byte();
        return;
      case I16:
      case I32:
      case I64:
        varint();
        return;
      case DOUBLE:
        skipBytes(8);
        return;
      case BINARY:
        skipBytes(varint());
        return;
      case LIST:
      case SET: {
        const uint8_t h = byte();
        uint64_t size = h >> 4;
        if (size == 15) size = varint();
        const uint8_t elem = h & 0x0f;
        for (uint64_t i = 0; i < size; i++) {
          if (elem == BOOL_TRUE || elem == BOOL_FALSE) byte();
          else skip(elem, depth + 1);
        }
        return;
      }
      case MAP: {
        const uint64_t size = varint();
        if (size == 0) return;
        const uint8_t kv = byte();
        for (uint64_t i = 0; i < size; i++) {
          skip(kv >> 4, depth + 1);
          skip(kv & 0x0f, depth + 1);
        }
        return;
      }
      case STRUCT: {
        int16_t last = 0;
        uint8_t t;
        int16_t id;
        while (field(&last, &t, &id)) skip(t, depth + 1);
        return;
      }
      default:
        corrupt("page header holds an unknown Thrift type " + std::to_string(type));
    }
  }

 private:
  const uint8_t* start_;
  const uint8_t* p_;
  const uint8_t* end_;
};

void expectType(uint8_t actual, uint8_t expected, const char* what) {
  if (actual != expected) corrupt(std::string("page header field ") + what + " has the wrong Thrift type");
}

void readDataPageHeader(CompactReader& r, PageHeader* h) {
  int16_t last = 0;
  uint8_t t;
  int16_t id;
  while (r.field(&last, &t, &id)) {
    if (id == 1) expectType(t, I32, "num_values"), h->numValues = r.i32();
    else if (id == 2) expectType(t, I32, "encoding"), h->encoding = r.i32();
    else if (id == 3) expectType(t, I32, "definition_level_encoding"), h->definitionLevelEncoding = r.i32();
    else r.skip(t, 2);
  }
}

void readDictionaryPageHeader(CompactReader& r, PageHeader* h) {
  int16_t last = 0;
  uint8_t t;
  int16_t id;
  while (r.field(&last, &t, &id)) {
    if (id == 1) expectType(t, I32, "num_values"), h->numValues = r.i32();
    else if (id == 2) expectType(t, I32, "encoding"), h->encoding = r.i32();
    else r.skip(t, 2);
  }
}

void readDataPageHeaderV2(CompactReader& r, PageHeader* h) {
  int16_t last = 0;
  uint8_t t;
  int16_t id;
  while (r.field(&last, &t, &id)) {
    switch (id) {
      case 1: expectType(t, I32, "num_values"); h->numValues = r.i32(); break;
      case 2: expectType(t, I32, "num_nulls"); h->numNulls = r.i32(); break;
      case 3: expectType(t, I32, "num_rows"); h->numRows = r.i32(); break;
      case 4: expectType(t, I32, "encoding"); h->encoding = r.i32(); break;
      case 5: expectType(t, I32, "definition_levels_byte_length"); h->definitionLevelsBytes = r.i32(); break;
      case 6: expectType(t, I32, "repetition_levels_byte_length"); h->repetitionLevelsBytes = r.i32(); break;
      case 7:
        if (t != BOOL_TRUE && t != BOOL_FALSE) corrupt("page header field is_compressed has the wrong Thrift type");
        h->isCompressed = t == BOOL_TRUE;
        break;
      default: r.skip(t, 2);
    }
  }
}

}  // namespace

size_t parsePageHeader(const uint8_t* p, size_t n, PageHeader* h) {
  CompactReader r(p, n);
  int16_t last = 0;
  uint8_t t;
  int16_t id;
  while (r.field(&last, &t, &id)) {
    switch (id) {
      case 1: expectType(t, I32, "type"); h->type = r.i32(); break;
      case 2: expectType(t, I32, "uncompressed_page_size"); h->uncompressedSize = r.i32(); break;
      case 3: expectType(t, I32, "compressed_page_size"); h->compressedSize = r.i32(); break;
      case 5: expectType(t, STRUCT, "data_page_header"); h->hasDataPage = true; readDataPageHeader(r, h); break;
      case 7: expectType(t, STRUCT, "dictionary_page_header"); h->hasDictionaryPage = true; readDictionaryPageHeader(r, h); break;
      case 8: expectType(t, STRUCT, "data_page_header_v2"); h->hasDataPageV2 = true; readDataPageHeaderV2(r, h); break;
      default: r.skip(t, 1);
    }
  }
  if (h->type < 0 || h->uncompressedSize < 0 || h->compressedSize < 0) corrupt("page header lacks its type or sizes (or they are negative)");
  return r.consumed();
}

}  // namespace djx_parquet
