// Decodes one flat column chunk (all its pages) into Arrow-layout buffers.
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>

#include "owned_buffer.h"

namespace djx_parquet {

/** Parquet physical types (parquet.thrift `Type`) this decoder reads. */
enum PhysicalType : int { BOOLEAN = 0, INT32 = 1, INT64 = 2, FLOAT = 4, DOUBLE = 5, BYTE_ARRAY = 6 };
/** Parquet codecs (parquet.thrift `CompressionCodec`) this decoder reads. */
enum Codec : int { UNCOMPRESSED = 0, SNAPPY = 1 };

/** The Arrow layout to produce. */
enum class OutputKind : int {
  Fixed = 0,    // `width` bytes per value (INT32 may narrow to 1 or 2 bytes)
  Boolean = 1,  // bit-packed values
  Binary = 2,   // int32 offsets + bytes
  Utf8 = 3,     // as Binary, every value checked to be valid UTF-8
};

/** One column chunk to decode: where it is, what it holds, what to produce. */
struct ColumnSpec {
  std::string name;
  uint64_t offset = 0;  // first byte (dictionary page or first data page) in the file
  uint64_t length = 0;  // total_compressed_size
  int physicalType = -1;
  int codec = -1;
  int maxDefinitionLevel = 0;  // 0 (required) or 1 (optional)
  OutputKind kind = OutputKind::Fixed;
  int width = 0;  // bytes per value for Fixed
};

/** The decoded chunk: `values` (data bytes for Binary/Utf8), `offsets` (Binary/Utf8), `validity` (when maxDefinitionLevel is 1). */
struct ColumnOutput {
  OwnedBuffer values;
  OwnedBuffer offsets;
  OwnedBuffer validity;
  int64_t nullCount = 0;
};

/** Pages decoded since the process started, by kind (always counted: tests check which paths ran). */
struct PageCounters {
  std::atomic<uint64_t> dictionaryPages{0};
  std::atomic<uint64_t> dataPagesV1{0};
  std::atomic<uint64_t> dataPagesV2{0};
  std::atomic<uint64_t> plainPages{0};
  std::atomic<uint64_t> dictionaryEncodedPages{0};
  std::atomic<uint64_t> rleBooleanPages{0};
};
extern PageCounters pageCounters;

/** Nanoseconds spent per phase, summed (filled only when profiling). */
struct PhaseTimes {
  uint64_t decompressNs = 0;
  uint64_t decodeNs = 0;
};

/**
 * Decodes chunk[0, length) as `spec` describes, for a row group of `numRows` rows; `scratch`
 * holds decompressed pages (reused across calls). Throws
 * DecodeError: corrupt pages, values that do not add up to numRows, or (unsupported()) an
 * encoding or layout outside this decoder's scope.
 */
ColumnOutput decodeColumnChunk(const ColumnSpec& spec, const uint8_t* chunk, size_t length, int64_t numRows, OwnedBuffer& scratch, PhaseTimes* times);

}  // namespace djx_parquet
