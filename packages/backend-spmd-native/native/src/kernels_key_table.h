// Group ids for key tuples of 1..N numeric/temporal/bool columns, shared by hash aggregation and
// hash join. Ids are dense (0, 1, 2... in first-seen order). Integer keys whose value ranges are
// small index a dense array (slot 0 of each key is its null; ranges learned per batch and grown);
// other keys use open addressing over the shared key hash (key_hash.h), comparing stored keys.
// Keys compare in a domain: Int (exact int64; uint64 as its bits) or Float (double; NaN equals
// NaN, -0 equals 0), so a join of int32 with int64, or of int with float, matches by value.
#pragma once

#include <vector>

#include "kernels_common.h"

namespace datajax {
namespace kernels {

enum class KeyDomain : int32_t { Int = 0, Float = 1 };

class KeyTable {
 public:
  explicit KeyTable(std::vector<KeyDomain> domains);

  /**
   * Group ids of rows [0, n) of `keys` into `out`. With `insert`, unseen tuples become new groups;
   * without, they get -1. With `nullsMatch` false, rows with any null key get -1 (join semantics).
   */
  void assign(const std::vector<ColumnView>& keys, size_t n, bool insert, bool nullsMatch, int32_t* out);

  size_t groupCount() const { return groups_; }
  /** Key c of group g in its domain (int64, or a double's bits). */
  int64_t keyBits(size_t c, size_t g) const { return values_[c][g]; }
  bool keyIsNull(size_t c, size_t g) const { return nulls_[c][g] != 0; }
  KeyDomain domain(size_t c) const { return domains_[c]; }

 private:
  std::vector<KeyDomain> domains_;
  size_t groups_ = 0;
  std::vector<std::vector<int64_t>> values_;  // per key column, per group
  std::vector<std::vector<uint8_t>> nulls_;
  std::vector<uint32_t> groupHashes_;

  enum class Mode { Undecided, Dense, Hash } mode_;
  std::vector<int64_t> lows_;
  std::vector<int64_t> sizes_;
  std::vector<int32_t> dense_;
  std::vector<int32_t> slots_;
  size_t mask_ = 0;

  // Per-block scratch: the block's keys in their domain and null bytes.
  std::vector<std::vector<int64_t>> rowValues_;
  std::vector<std::vector<uint8_t>> rowNulls_;
  std::vector<uint32_t> rowHashes_;

  void readBlock(const std::vector<ColumnView>& keys, size_t start, size_t n);
  bool growDense(size_t n);
  void toHash();
  void rehash(size_t capacity);
  uint32_t storedHash(size_t g) const;
  int32_t newGroup(size_t i, uint32_t h);
  bool rowEquals(size_t i, size_t g) const;
  void assignDense(size_t n, bool insert, bool nullsMatch, int32_t* out);
  /** Inserting assignment under the current dense ranges; false (rows may be half done) when a row falls outside them. */
  bool assignDenseInRange(size_t n, bool nullsMatch, int32_t* out);
  template <size_t K>
  bool assignDenseFixed(size_t n, int32_t* out);
  /** One dense int32 key read straight from its column (no block copy): false when it does not apply or a row falls outside the ranges. */
  bool assignInt32Dense(const ColumnView& key, size_t start, size_t m, bool insert, bool nullsMatch, int32_t* out);
  void assignHashed(size_t n, bool insert, bool nullsMatch, int32_t* out);
};

}  // namespace kernels
}  // namespace datajax
