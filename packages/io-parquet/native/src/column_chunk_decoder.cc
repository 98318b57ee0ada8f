#include "column_chunk_decoder.h"

#include <chrono>
#include <cstring>
#include <string>
#include <vector>

#include "decode_error.h"
#include "page_header.h"
#include "rle_hybrid.h"
#include "snappy.h"
#include "utf8.h"

namespace djx_parquet {

PageCounters pageCounters;

namespace {

constexpr size_t kBatch = 1024;

inline uint32_t loadU32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

int physicalWidth(int type) { return type == INT32 || type == FLOAT ? 4 : type == INT64 || type == DOUBLE ? 8 : 0; }

const char* encodingName(int32_t e) {
  switch (e) {
    case 0: return "PLAIN";
    case 2: return "PLAIN_DICTIONARY";
    case 3: return "RLE";
    case 4: return "BIT_PACKED";
    case 5: return "DELTA_BINARY_PACKED";
    case 6: return "DELTA_LENGTH_BYTE_ARRAY";
    case 7: return "DELTA_BYTE_ARRAY";
    case 8: return "RLE_DICTIONARY";
    case 9: return "BYTE_STREAM_SPLIT";
    default: return "an unknown encoding";
  }
}

class Stopwatch {
 public:
  explicit Stopwatch(uint64_t* sink) : sink_(sink), start_(sink ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point()) {}
  ~Stopwatch() {
    if (sink_) *sink_ += std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  uint64_t* sink_;
  std::chrono::steady_clock::time_point start_;
};

class ChunkDecoder {
 public:
  ChunkDecoder(const ColumnSpec& spec, int64_t numRows, OwnedBuffer& scratch, PhaseTimes* times) : spec_(spec), numRows_(static_cast<size_t>(numRows)), times_(times), scratch_(scratch) {
    if (spec.maxDefinitionLevel < 0 || spec.maxDefinitionLevel > 1) unsupported("max definition level " + std::to_string(spec.maxDefinitionLevel) + " (nested or repeated column)");
    physWidth_ = physicalWidth(spec.physicalType);
    switch (spec.kind) {
      case OutputKind::Fixed:
        if (physWidth_ == 0 || spec.width <= 0 || spec.width > physWidth_) unsupported("fixed-width output of " + std::to_string(spec.width) + " bytes from physical type " + std::to_string(spec.physicalType));
        out_.values.resize(numRows_ * spec.width);
        break;
      case OutputKind::Boolean:
        if (spec.physicalType != BOOLEAN) unsupported("boolean output from physical type " + std::to_string(spec.physicalType));
        out_.values.assignZeros((numRows_ + 7) / 8);
        break;
      case OutputKind::Binary:
      case OutputKind::Utf8:
        if (spec.physicalType != BYTE_ARRAY) unsupported("binary output from physical type " + std::to_string(spec.physicalType));
        out_.offsets.resize((numRows_ + 1) * 4);
        std::memset(out_.offsets.data(), 0, 4);
        out_.values.reserve(numRows_ * 8);
        break;
    }
    if (spec.codec != UNCOMPRESSED && spec.codec != SNAPPY) unsupported("compression codec " + std::to_string(spec.codec));
    if (spec.maxDefinitionLevel == 1) out_.validity.assignZeros((numRows_ + 7) / 8);
  }

  ColumnOutput run(const uint8_t* chunk, size_t length) {
    size_t pos = 0;
    while (pos < length) {
      PageHeader h;
      pos += parsePageHeader(chunk + pos, length - pos, &h);
      if (static_cast<size_t>(h.compressedSize) > length - pos) corrupt("a page of " + std::to_string(h.compressedSize) + " bytes runs past the end of the column chunk");
      const uint8_t* page = chunk + pos;
      pos += h.compressedSize;
      if (h.type == DICTIONARY_PAGE) readDictionaryPage(h, page);
      else if (h.type == DATA_PAGE) readDataPageV1(h, page);
      else if (h.type == DATA_PAGE_V2) readDataPageV2(h, page);
      else if (h.type != INDEX_PAGE) corrupt("unknown page type " + std::to_string(h.type));
    }
    if (rowsDone_ != numRows_) corrupt("the column chunk holds " + std::to_string(rowsDone_) + " values but the row group has " + std::to_string(numRows_) + " rows");
    if (spec_.maxDefinitionLevel == 0 || out_.nullCount == 0) out_.validity = OwnedBuffer();
    return std::move(out_);
  }

 private:
  /** The page's bytes uncompressed: `raw` itself, or decompressed into scratch. */
  const uint8_t* uncompressed(const uint8_t* raw, size_t rawLength, size_t expected, bool compressed) {
    if (!compressed || spec_.codec == UNCOMPRESSED) {
      if (rawLength < expected) corrupt("an uncompressed page holds " + std::to_string(rawLength) + " bytes, its header says " + std::to_string(expected));
      return raw;
    }
    Stopwatch sw(times_ ? &times_->decompressNs : nullptr);
    // Snappy expands at most ~21× (a 3-byte copy yields 64 bytes): a larger claim is corrupt.
    if (expected > rawLength * 24 + 64) corrupt("a page claims " + std::to_string(expected) + " uncompressed bytes from " + std::to_string(rawLength) + " compressed");
    scratch_.resize(expected);
    snappyUncompress(raw, rawLength, scratch_.data(), expected);
    return scratch_.data();
  }

  void readDictionaryPage(const PageHeader& h, const uint8_t* page) {
    if (!h.hasDictionaryPage || h.numValues < 0) corrupt("a dictionary page lacks its header or value count");
    if (haveDictionary_) corrupt("the column chunk holds a second dictionary page");
    if (h.encoding != PLAIN && h.encoding != PLAIN_DICTIONARY) unsupported(std::string("a dictionary page encoded as ") + encodingName(h.encoding));
    if (spec_.kind == OutputKind::Boolean) unsupported("a dictionary-encoded BOOLEAN column");
    const size_t size = static_cast<size_t>(h.uncompressedSize);
    const uint8_t* data = uncompressed(page, h.compressedSize, size, true);
    Stopwatch sw(times_ ? &times_->decodeNs : nullptr);
    const size_t count = static_cast<size_t>(h.numValues);
    if (spec_.kind == OutputKind::Fixed) {
      if (size / physWidth_ < count) corrupt("the dictionary page holds fewer bytes than its " + std::to_string(count) + " values need");
      const int w = spec_.width;
      dictFixed_.resize(count * w);
      if (w == physWidth_) std::memcpy(dictFixed_.data(), data, count * w);
      else for (size_t i = 0; i < count; i++) std::memcpy(dictFixed_.data() + i * w, data + i * physWidth_, w);  // little-endian narrowing
    } else {
      if (size / 4 < count) corrupt("the dictionary page holds fewer bytes than its " + std::to_string(count) + " values need");
      dictOffsets_.resize(count + 1);
      dictOffsets_[0] = 0;
      size_t at = 0;
      dictData_.reserve(size);
      for (size_t i = 0; i < count; i++) {
        if (size - at < 4) corrupt("the dictionary page ends inside value " + std::to_string(i));
        const uint32_t len = loadU32(data + at);
        at += 4;
        if (size - at < len) corrupt("dictionary value " + std::to_string(i) + " runs past the end of its page");
        if (spec_.kind == OutputKind::Utf8 && !isValidUtf8(data + at, len)) corrupt("dictionary value " + std::to_string(i) + " is not valid UTF-8");
        dictData_.append(data + at, len);
        at += len;
        dictOffsets_[i + 1] = static_cast<uint32_t>(dictData_.size());
      }
    }
    dictCount_ = count;
    haveDictionary_ = true;
    pageCounters.dictionaryPages.fetch_add(1, std::memory_order_relaxed);
  }

  void startDataPage(const PageHeader& h, bool hasHeader) {
    if (!hasHeader || h.numValues < 0) corrupt("a data page lacks its header or value count");
    if (static_cast<size_t>(h.numValues) > numRows_ - rowsDone_) corrupt("the column chunk holds more values than the row group's " + std::to_string(numRows_) + " rows");
  }

  void readDataPageV1(const PageHeader& h, const uint8_t* page) {
    startDataPage(h, h.hasDataPage);
    pageCounters.dataPagesV1.fetch_add(1, std::memory_order_relaxed);
    const size_t size = static_cast<size_t>(h.uncompressedSize);
    const uint8_t* data = uncompressed(page, h.compressedSize, size, true);
    Stopwatch sw(times_ ? &times_->decodeNs : nullptr);
    const size_t n = static_cast<size_t>(h.numValues);
    size_t at = 0;
    size_t nonNull = n;
    if (spec_.maxDefinitionLevel == 1) {
      if (h.definitionLevelEncoding != RLE) unsupported(std::string("definition levels encoded as ") + encodingName(h.definitionLevelEncoding));
      if (size < 4) corrupt("a data page ends before its definition levels");
      const uint32_t levelBytes = loadU32(data);
      if (size - 4 < levelBytes) corrupt("a data page's definition levels run past the end of the page");
      nonNull = decodeLevels(data + 4, levelBytes, n);
      at = 4 + static_cast<size_t>(levelBytes);
    }
    decodeValues(h.encoding, data + at, size - at, n, nonNull);
  }

  void readDataPageV2(const PageHeader& h, const uint8_t* page) {
    startDataPage(h, h.hasDataPageV2);
    pageCounters.dataPagesV2.fetch_add(1, std::memory_order_relaxed);
    if (h.repetitionLevelsBytes < 0 || h.definitionLevelsBytes < 0) corrupt("a v2 data page lacks its level lengths");
    if (h.repetitionLevelsBytes > 0) unsupported("repetition levels (a repeated column)");
    const size_t levelBytes = static_cast<size_t>(h.definitionLevelsBytes);
    if (levelBytes > static_cast<size_t>(h.compressedSize) || levelBytes > static_cast<size_t>(h.uncompressedSize)) corrupt("a v2 data page's definition levels are longer than the page");
    if (h.numRows >= 0 && h.numRows != h.numValues) corrupt("a v2 data page of a flat column has num_rows != num_values");
    const size_t n = static_cast<size_t>(h.numValues);
    size_t nonNull = n;
    if (spec_.maxDefinitionLevel == 1) {
      Stopwatch sw(times_ ? &times_->decodeNs : nullptr);
      nonNull = decodeLevels(page, levelBytes, n);
      if (h.numNulls >= 0 && static_cast<size_t>(h.numNulls) != n - nonNull) corrupt("a v2 data page says " + std::to_string(h.numNulls) + " nulls but its levels hold " + std::to_string(n - nonNull));
    }
    const size_t size = static_cast<size_t>(h.uncompressedSize) - levelBytes;
    const uint8_t* data = uncompressed(page + levelBytes, h.compressedSize - levelBytes, size, h.isCompressed);
    Stopwatch sw(times_ ? &times_->decodeNs : nullptr);
    decodeValues(h.encoding, data, size, n, nonNull);
  }

  /** Decodes n definition levels into levels_ and the validity bits; returns the non-null count. */
  size_t decodeLevels(const uint8_t* p, size_t length, size_t n) {
    levels_.resize(n);
    RleHybridDecoder d(p, length, 1);
    uint8_t* bits = out_.validity.data();
    size_t nonNull = 0;
    for (size_t done = 0; done < n;) {
      bool run;
      uint32_t value;
      const size_t k = d.decodeSome(indices_, n - done < kBatch ? n - done : kBatch, &run, &value);
      if (run) {
        std::memset(levels_.data() + done, static_cast<int>(value), k);
        if (value) {
          setBits(bits, rowsDone_ + done, k);
          nonNull += k;
        }
      } else {
        for (size_t i = 0; i < k; i++) {
          const uint8_t v = static_cast<uint8_t>(indices_[i]);
          levels_[done + i] = v;
          const size_t row = rowsDone_ + done + i;
          bits[row >> 3] |= static_cast<uint8_t>(v << (row & 7));
          nonNull += v;
        }
      }
      done += k;
    }
    out_.nullCount += static_cast<int64_t>(n - nonNull);
    return nonNull;
  }

  /** Sets bits [from, from + count) of a zeroed bitmap. */
  static void setBits(uint8_t* bits, size_t from, size_t count) {
    size_t i = from;
    const size_t end = from + count;
    for (; i < end && (i & 7); i++) bits[i >> 3] |= static_cast<uint8_t>(1u << (i & 7));
    if (end - i >= 8) {
      std::memset(bits + (i >> 3), 0xff, (end - i) >> 3);
      i += ((end - i) >> 3) << 3;
    }
    for (; i < end; i++) bits[i >> 3] |= static_cast<uint8_t>(1u << (i & 7));
  }

  void decodeValues(int32_t encoding, const uint8_t* data, size_t size, size_t n, size_t nonNull) {
    const bool dictionary = encoding == PLAIN_DICTIONARY || encoding == RLE_DICTIONARY;
    if (dictionary && !haveDictionary_) corrupt("a dictionary-encoded data page comes without a dictionary page");
    if (!dictionary && encoding != PLAIN && !(encoding == RLE && spec_.kind == OutputKind::Boolean)) unsupported(std::string("data pages encoded as ") + encodingName(encoding));
    (dictionary ? pageCounters.dictionaryEncodedPages : encoding == PLAIN ? pageCounters.plainPages : pageCounters.rleBooleanPages).fetch_add(1, std::memory_order_relaxed);
    switch (spec_.kind) {
      case OutputKind::Fixed:
        decodeFixed(dictionary, data, size, n, nonNull);
        break;
      case OutputKind::Boolean:
        decodeBoolean(encoding, data, size, n, nonNull);
        break;
      default:
        decodeBinary(dictionary, data, size, n, nonNull);
    }
    rowsDone_ += n;
  }

  RleHybridDecoder indexDecoder(const uint8_t* data, size_t size, size_t nonNull) {
    if (size < 1) {
      if (nonNull == 0) return RleHybridDecoder(data, 0, 0);
      corrupt("a dictionary-encoded page ends before its bit width");
    }
    return RleHybridDecoder(data + 1, size - 1, data[0]);
  }

  template <int W>
  void gather(uint8_t* dst, size_t count, RleHybridDecoder& d) {
    const uint8_t* dict = dictFixed_.data();
    const size_t dictCount = dictCount_;
    while (count > 0) {
      bool run;
      uint32_t value;
      const size_t k = d.decodeSome(indices_, count < kBatch ? count : kBatch, &run, &value);
      if (run) {
        if (value >= dictCount) badIndex(value);
        for (size_t i = 0; i < k; i++) std::memcpy(dst + i * W, dict + static_cast<size_t>(value) * W, W);
      } else {
        for (size_t i = 0; i < k; i++) {
          const uint32_t idx = indices_[i];
          if (idx >= dictCount) badIndex(idx);
          std::memcpy(dst + i * W, dict + static_cast<size_t>(idx) * W, W);
        }
      }
      dst += k * W;
      count -= k;
    }
  }

  [[noreturn]] void badIndex(uint32_t idx) const { corrupt("dictionary index " + std::to_string(idx) + " is past the dictionary's " + std::to_string(dictCount_) + " values"); }

  /** Moves the nonNull dense values at base to their rows (levels_ 1), zeroing the null rows. */
  template <int W>
  void spread(uint8_t* base, size_t n, size_t nonNull) {
    size_t j = nonNull;
    for (size_t i = n; i-- > 0;) {
      if (levels_[i]) {
        --j;
        if (j != i) std::memcpy(base + i * W, base + j * W, W);
      } else {
        std::memset(base + i * W, 0, W);
      }
    }
  }

  template <int W>
  void decodeFixedAs(bool dictionary, const uint8_t* data, size_t size, size_t n, size_t nonNull) {
    uint8_t* base = out_.values.data() + rowsDone_ * W;
    if (dictionary) {
      RleHybridDecoder d = indexDecoder(data, size, nonNull);
      gather<W>(base, nonNull, d);
    } else {
      if (size / physWidth_ < nonNull) corrupt("a PLAIN page holds " + std::to_string(size) + " bytes, fewer than its " + std::to_string(nonNull) + " values need");
      if (W == physWidth_) std::memcpy(base, data, nonNull * W);
      else for (size_t i = 0; i < nonNull; i++) std::memcpy(base + i * W, data + i * physWidth_, W);  // little-endian narrowing
    }
    if (nonNull < n) spread<W>(base, n, nonNull);
  }

  void decodeFixed(bool dictionary, const uint8_t* data, size_t size, size_t n, size_t nonNull) {
    switch (spec_.width) {
      case 1: return decodeFixedAs<1>(dictionary, data, size, n, nonNull);
      case 2: return decodeFixedAs<2>(dictionary, data, size, n, nonNull);
      case 4: return decodeFixedAs<4>(dictionary, data, size, n, nonNull);
      case 8: return decodeFixedAs<8>(dictionary, data, size, n, nonNull);
      default: unsupported("fixed-width output of " + std::to_string(spec_.width) + " bytes");
    }
  }

  void decodeBoolean(int32_t encoding, const uint8_t* data, size_t size, size_t n, size_t nonNull) {
    dense_.resize(nonNull);
    if (encoding == RLE) {
      if (size < 4) corrupt("an RLE boolean page ends before its length");
      const uint32_t len = loadU32(data);
      if (size - 4 < len) corrupt("an RLE boolean page's runs are longer than the page");
      RleHybridDecoder d(data + 4, len, 1);
      for (size_t done = 0; done < nonNull;) {
        const size_t k = nonNull - done < kBatch ? nonNull - done : kBatch;
        d.decode(indices_, k);
        for (size_t i = 0; i < k; i++) dense_[done + i] = static_cast<uint8_t>(indices_[i]);
        done += k;
      }
    } else {
      if (size < (nonNull + 7) / 8) corrupt("a PLAIN boolean page holds fewer bytes than its " + std::to_string(nonNull) + " values need");
      for (size_t i = 0; i < nonNull; i++) dense_[i] = (data[i >> 3] >> (i & 7)) & 1;
    }
    uint8_t* bits = out_.values.data();
    const bool nullable = spec_.maxDefinitionLevel == 1;
    for (size_t i = 0, j = 0; i < n; i++) {
      if (nullable && !levels_[i]) continue;
      const size_t row = rowsDone_ + i;
      bits[row >> 3] |= static_cast<uint8_t>(dense_[j++] << (row & 7));
    }
  }

  void decodeBinary(bool dictionary, const uint8_t* data, size_t size, size_t n, size_t nonNull) {
    uint8_t* offsetBytes = out_.offsets.data();
    const bool nullable = spec_.maxDefinitionLevel == 1;
    const bool utf8 = spec_.kind == OutputKind::Utf8;
    OwnedBuffer& bytes = out_.values;
    auto setOffset = [&](size_t row) {
      if (bytes.size() > static_cast<size_t>(INT32_MAX)) unsupported("more than 2 GiB of string data in one column chunk");
      const int32_t end = static_cast<int32_t>(bytes.size());
      std::memcpy(offsetBytes + (row + 1) * 4, &end, 4);
    };
    if (dictionary) {
      RleHybridDecoder d = indexDecoder(data, size, nonNull);
      size_t ready = 0;
      size_t used = 0;
      for (size_t i = 0; i < n; i++) {
        if (!nullable || levels_[i]) {
          if (used == ready) {
            ready = nonNull - consumedIndices_ < kBatch ? nonNull - consumedIndices_ : kBatch;
            d.decode(indices_, ready);
            consumedIndices_ += ready;
            used = 0;
          }
          const uint32_t idx = indices_[used++];
          if (idx >= dictCount_) corrupt("dictionary index " + std::to_string(idx) + " is past the dictionary's " + std::to_string(dictCount_) + " values");
          bytes.append(dictData_.data() + dictOffsets_[idx], dictOffsets_[idx + 1] - dictOffsets_[idx]);
        }
        setOffset(rowsDone_ + i);
      }
      consumedIndices_ = 0;
    } else {
      size_t at = 0;
      for (size_t i = 0; i < n; i++) {
        if (!nullable || levels_[i]) {
          if (size - at < 4) corrupt("a PLAIN page ends inside a string's length");
          const uint32_t len = loadU32(data + at);
          at += 4;
          if (size - at < len) corrupt("a PLAIN string runs past the end of its page");
          if (utf8 && !isValidUtf8(data + at, len)) corrupt("a string value is not valid UTF-8");
          bytes.append(data + at, len);
          at += len;
        }
        setOffset(rowsDone_ + i);
      }
    }
  }

  const ColumnSpec& spec_;
  size_t numRows_;
  PhaseTimes* times_;
  int physWidth_ = 0;
  size_t rowsDone_ = 0;
  ColumnOutput out_;
  OwnedBuffer& scratch_;
  bool haveDictionary_ = false;
  size_t dictCount_ = 0;
  OwnedBuffer dictFixed_;
  std::vector<uint32_t> dictOffsets_;
  OwnedBuffer dictData_;
  std::vector<uint8_t> levels_;
  std::vector<uint8_t> dense_;
  uint32_t indices_[kBatch];
  size_t consumedIndices_ = 0;
};

}  // namespace

ColumnOutput decodeColumnChunk(const ColumnSpec& spec, const uint8_t* chunk, size_t length, int64_t numRows, OwnedBuffer& scratch, PhaseTimes* times) {
  if (numRows < 0) corrupt("negative row count");
  ChunkDecoder decoder(spec, numRows, scratch, times);
  return decoder.run(chunk, length);
}

}  // namespace djx_parquet
