// Parquet PageHeader (parquet.thrift), read from Thrift compact protocol bytes.
#pragma once
#include <cstddef>
#include <cstdint>

namespace djx_parquet {

enum PageType : int32_t { DATA_PAGE = 0, INDEX_PAGE = 1, DICTIONARY_PAGE = 2, DATA_PAGE_V2 = 3 };
enum Encoding : int32_t { PLAIN = 0, PLAIN_DICTIONARY = 2, RLE = 3, BIT_PACKED = 4, RLE_DICTIONARY = 8 };

/** The fields of a page header this decoder uses; -1 where absent. */
struct PageHeader {
  int32_t type = -1;
  int32_t uncompressedSize = -1;
  int32_t compressedSize = -1;
  bool hasDataPage = false;
  bool hasDictionaryPage = false;
  bool hasDataPageV2 = false;
  int32_t numValues = -1;  // of whichever page header is present
  int32_t encoding = -1;
  int32_t definitionLevelEncoding = -1;  // v1
  int32_t numNulls = -1;                 // v2
  int32_t numRows = -1;                  // v2
  int32_t definitionLevelsBytes = -1;    // v2
  int32_t repetitionLevelsBytes = -1;    // v2
  bool isCompressed = true;              // v2
};

/**
 * Parses the header at p[0, n) into *header and returns the bytes it takes. Throws DecodeError
 * when the bytes end early or are not valid compact Thrift, or a required field is missing.
 */
size_t parsePageHeader(const uint8_t* p, size_t n, PageHeader* header);

}  // namespace djx_parquet
