// A bounds-checked Snappy (raw format, as Parquet uses it) decompressor.
#pragma once
#include <cstddef>
#include <cstdint>

namespace djx_parquet {

/** The uncompressed length the block's varint preamble declares; throws DecodeError when malformed. */
size_t snappyUncompressedLength(const uint8_t* in, size_t n);

/**
 * Decompresses a whole block into out[0, outLen), where outLen must equal the declared length.
 * Every read stays in in[0, n) and every write in out[0, outLen); malformed input (bad tags,
 * offsets before the start, a length that does not match) throws DecodeError.
 */
void snappyUncompress(const uint8_t* in, size_t n, uint8_t* out, size_t outLen);

}  // namespace djx_parquet
