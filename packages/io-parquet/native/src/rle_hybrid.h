// Parquet's RLE / bit-packed hybrid encoding (definition levels, dictionary indices, RLE
// booleans): a sequence of runs, each a varint header then either one repeated value
// (header & 1 == 0) or groups of 8 bit-packed values (header & 1 == 1).
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>

#include "decode_error.h"

namespace djx_parquet {

namespace rle_detail {

/** Unpacks 8 values of W bits from in (reads up to W + 8 bytes: the caller guarantees them). */
template <int W>
void unpackGroup(const uint8_t* in, uint32_t* out) {
  constexpr uint32_t mask = W == 32 ? 0xffffffffu : ((1u << W) - 1);
  for (int i = 0; i < 8; i++) {
    const int bit = i * W;
    uint64_t word;
    std::memcpy(&word, in + (bit >> 3), 8);
    out[i] = static_cast<uint32_t>(word >> (bit & 7)) & mask;
  }
}

using GroupUnpacker = void (*)(const uint8_t*, uint32_t*);

template <int... W>
constexpr GroupUnpacker groupUnpacker(int width, std::integer_sequence<int, W...>) {
  constexpr GroupUnpacker table[] = {unpackGroup<W + 1>...};
  return table[width - 1];
}

}  // namespace rle_detail

class RleHybridDecoder {
 public:
  /** Decodes values of `bitWidth` bits (0..32) from p[0, n). */
  RleHybridDecoder(const uint8_t* p, size_t n, int bitWidth) : p_(p), end_(p + n), width_(bitWidth) {
    if (bitWidth < 0 || bitWidth > 32) corrupt("RLE/bit-packed bit width " + std::to_string(bitWidth) + " is out of range 0..32");
    mask_ = bitWidth == 32 ? 0xffffffffu : ((1u << bitWidth) - 1);
    if (bitWidth > 0) group_ = rle_detail::groupUnpacker(bitWidth, std::make_integer_sequence<int, 32>());
  }

  /**
   * The next up to `max` values (max > 0): either a repeated run (returns its length, sets *run and
   * *value, writes nothing) or bit-packed values written to out. Throws DecodeError when the data
   * ends first.
   */
  size_t decodeSome(uint32_t* out, size_t max, bool* run, uint32_t* value) {
    while (rleLeft_ == 0 && packedLeft_ == 0) nextRun();
    if (rleLeft_ > 0) {
      const size_t k = max < rleLeft_ ? max : rleLeft_;
      rleLeft_ -= k;
      *run = true;
      *value = rleValue_;
      return k;
    }
    const size_t k = max < packedLeft_ ? max : packedLeft_;
    unpack(out, k);
    packedLeft_ -= k;
    *run = false;
    return k;
  }

  /** Fills out[0, count); throws DecodeError when the runs end before `count` values. */
  void decode(uint32_t* out, size_t count) {
    while (count > 0) {
      if (rleLeft_ > 0) {
        const size_t k = count < rleLeft_ ? count : rleLeft_;
        for (size_t i = 0; i < k; i++) out[i] = rleValue_;
        out += k;
        count -= k;
        rleLeft_ -= k;
      } else if (packedLeft_ > 0) {
        const size_t k = count < packedLeft_ ? count : packedLeft_;
        unpack(out, k);
        out += k;
        count -= k;
        packedLeft_ -= k;
      } else {
        nextRun();
      }
    }
  }

 private:
  void nextRun() {
    if (p_ >= end_) corrupt("RLE/bit-packed data ends before all values were read");
    uint64_t header = 0;
    for (int shift = 0;; shift += 7) {
      if (shift > 35 || p_ >= end_) corrupt("RLE/bit-packed run header is malformed");
      const uint8_t b = *p_++;
      header |= static_cast<uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) break;
    }
    if (header & 1) {
      const uint64_t values = (header >> 1) * 8;
      const uint64_t bytes = (header >> 1) * static_cast<uint64_t>(width_);
      const size_t room = static_cast<size_t>(end_ - p_);
      // A last run may be cut short after its final value: keep only the values fully present.
      const size_t availBytes = bytes < room ? static_cast<size_t>(bytes) : room;
      const uint64_t avail = width_ == 0 ? values : (static_cast<uint64_t>(availBytes) * 8) / width_;
      packedBase_ = p_;
      packedBytes_ = availBytes;
      packedIndex_ = 0;
      packedLeft_ = static_cast<size_t>(avail < values ? avail : values);
      p_ += availBytes;
    } else {
      const int valueBytes = (width_ + 7) / 8;
      if (end_ - p_ < valueBytes) corrupt("RLE run value runs past the end of the data");
      uint32_t v = 0;
      for (int i = 0; i < valueBytes; i++) v |= static_cast<uint32_t>(p_[i]) << (8 * i);
      p_ += valueBytes;
      if (v & ~mask_) corrupt("RLE run value does not fit its bit width");
      rleValue_ = v;
      rleLeft_ = static_cast<size_t>(header >> 1);
    }
  }

  void unpack(uint32_t* out, size_t k) {
    if (width_ == 0) {
      std::memset(out, 0, k * sizeof(uint32_t));
      packedIndex_ += k;
      return;
    }
    size_t i = 0;
    while (i < k && ((packedIndex_ + i) & 7) != 0) out[i] = one(packedIndex_ + i), i++;
    // Whole groups of 8 with a compile-time width while W + 8 bytes remain to read.
    while (k - i >= 8) {
      const size_t at = ((packedIndex_ + i) >> 3) * static_cast<size_t>(width_);
      if (at + static_cast<size_t>(width_) + 8 > packedBytes_) break;
      group_(packedBase_ + at, out + i);
      i += 8;
    }
    for (; i < k; i++) out[i] = one(packedIndex_ + i);
    packedIndex_ += k;
  }

  /** The index-th value of the current bit-packed run (reads only inside the run's bytes). */
  uint32_t one(size_t index) const {
    const uint64_t bit = static_cast<uint64_t>(index) * width_;
    const size_t at = static_cast<size_t>(bit >> 3);
    uint64_t word = 0;
    if (at + 8 <= packedBytes_) std::memcpy(&word, packedBase_ + at, 8);
    else std::memcpy(&word, packedBase_ + at, packedBytes_ - at);
    return static_cast<uint32_t>(word >> (bit & 7)) & mask_;
  }

  const uint8_t* p_;
  const uint8_t* end_;
  int width_;
  rle_detail::GroupUnpacker group_ = nullptr;
  uint32_t mask_;
  size_t rleLeft_ = 0;
  uint32_t rleValue_ = 0;
  size_t packedLeft_ = 0;
  const uint8_t* packedBase_ = nullptr;
  size_t packedBytes_ = 0;
  size_t packedIndex_ = 0;
};

}  // namespace djx_parquet
