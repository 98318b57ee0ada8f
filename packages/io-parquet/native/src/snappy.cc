#include "snappy.h"

#include <cstring>
#include <string>

#include "decode_error.h"

namespace djx_parquet {

namespace {

/** Reads the preamble; returns the bytes it takes and stores the length. */
size_t readPreamble(const uint8_t* in, size_t n, size_t* length) {
  uint64_t value = 0;
  for (size_t i = 0; i < 5; i++) {
    if (i >= n) corrupt("snappy block ends inside its length preamble");
    value |= static_cast<uint64_t>(in[i] & 0x7f) << (7 * i);
    if ((in[i] & 0x80) == 0) {
      if (value > 0xffffffffULL) corrupt("snappy length preamble exceeds 32 bits");
      *length = static_cast<size_t>(value);
      return i + 1;
    }
  }
  corrupt("snappy length preamble is longer than 5 bytes");
}

inline uint32_t loadLE(const uint8_t* p, int bytes) {
  uint32_t v = 0;
  for (int i = 0; i < bytes; i++) v |= static_cast<uint32_t>(p[i]) << (8 * i);
  return v;
}

}  // namespace

size_t snappyUncompressedLength(const uint8_t* in, size_t n) {
  size_t length = 0;
  readPreamble(in, n, &length);
  return length;
}

void snappyUncompress(const uint8_t* in, size_t n, uint8_t* out, size_t outLen) {
  size_t declared = 0;
  const uint8_t* ip = in + readPreamble(in, n, &declared);
  const uint8_t* const end = in + n;
  if (declared != outLen) corrupt("snappy block declares " + std::to_string(declared) + " bytes but the page header says " + std::to_string(outLen));
  uint8_t* op = out;
  uint8_t* const outEnd = out + outLen;
  while (ip < end) {
    const uint8_t tag = *ip++;
    // Fast paths with slack on both sides: a short literal or a short far copy as fixed 16-byte moves.
    if ((tag & 3) == 0 && (tag >> 2) < 16 && end - ip >= 16 && outEnd - op >= 16) {
      const size_t length = (tag >> 2) + 1;
      std::memcpy(op, ip, 16);
      ip += length;
      op += length;
      continue;
    }
    size_t length;
    size_t offset;
    switch (tag & 3) {
      case 0: {
        length = tag >> 2;
        if (length >= 60) {
          const int bytes = static_cast<int>(length) - 59;
          if (end - ip < bytes) corrupt("snappy literal length runs past the end of the block");
          length = loadLE(ip, bytes);
          ip += bytes;
        }
        length += 1;
        if (static_cast<size_t>(end - ip) < length) corrupt("snappy literal runs past the end of the block");
        if (static_cast<size_t>(outEnd - op) < length) corrupt("snappy literal overflows the declared length");
        std::memcpy(op, ip, length);
        ip += length;
        op += length;
        continue;
      }
      case 1:
        if (end - ip < 1) corrupt("snappy copy tag runs past the end of the block");
        length = ((tag >> 2) & 7) + 4;
        offset = (static_cast<size_t>(tag >> 5) << 8) | *ip++;
        break;
      case 2:
        if (end - ip < 2) corrupt("snappy copy tag runs past the end of the block");
        length = (tag >> 2) + 1;
        offset = loadLE(ip, 2);
        ip += 2;
        break;
      default:
        if (end - ip < 4) corrupt("snappy copy tag runs past the end of the block");
        length = (tag >> 2) + 1;
        offset = loadLE(ip, 4);
        ip += 4;
        break;
    }
    if (offset == 0 || offset > static_cast<size_t>(op - out)) corrupt("snappy copy refers to data before the start of the block");
    const size_t room = static_cast<size_t>(outEnd - op);
    if (room < length) corrupt("snappy copy overflows the declared length");
    const uint8_t* src = op - offset;
    if (offset >= 16 && length <= 16 && room >= 16) {
      std::memcpy(op, src, 16);
    } else if (offset >= 8 && room >= length + 8) {
      // 8-byte steps; each reads only bytes already written (offset >= 8), may write up to 7 past
      // the copy's end, which stays inside the buffer and is overwritten later.
      for (size_t i = 0; i < length; i += 8) std::memcpy(op + i, src + i, 8);
    } else {
      for (size_t i = 0; i < length; i++) op[i] = src[i];
    }
    op += length;
  }
  if (op != outEnd) corrupt("snappy block decompressed to " + std::to_string(op - out) + " bytes, the page header says " + std::to_string(outLen));
}

}  // namespace djx_parquet
