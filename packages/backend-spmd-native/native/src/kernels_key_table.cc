// The key table of kernels_key_table.h.
#include "kernels_key_table.h"

#include <algorithm>
#include <limits>

#include "key_hash.h"

namespace datajax {
namespace kernels {

namespace {

/** Start dense when the first block's key ranges multiply to at most this; stay dense up to DENSE_MAX. */
constexpr int64_t DENSE_START = int64_t{1} << 18;
constexpr int64_t DENSE_MAX = int64_t{1} << 22;
/** Rows per block: the block's domain values and ids stay in cache. */
constexpr size_t BLOCK = 16384;

inline double asDouble(int64_t bits) {
  double d;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}
inline int64_t bitsOf(double d) {
  int64_t b;
  std::memcpy(&b, &d, sizeof b);
  return b;
}

inline uint32_t hashOf(KeyDomain d, int64_t v, bool isNull) {
  if (isNull) return NULL_HASH;
  return d == KeyDomain::Int ? hashInt64(v) : hashDouble(asDouble(v));
}

}  // namespace

KeyTable::KeyTable(std::vector<KeyDomain> domains)
    : domains_(std::move(domains)),
      values_(domains_.size()),
      nulls_(domains_.size()),
      rowValues_(domains_.size()),
      rowNulls_(domains_.size()) {
  const bool integral = !domains_.empty() && std::all_of(domains_.begin(), domains_.end(), [](KeyDomain d) { return d == KeyDomain::Int; });
  mode_ = integral ? Mode::Undecided : Mode::Hash;
  if (mode_ == Mode::Hash) rehash(1024);
}

void KeyTable::readBlock(const std::vector<ColumnView>& keys, size_t start, size_t n) {
  for (size_t c = 0; c < keys.size(); c++) {
    const ColumnView& k = keys[c];
    std::vector<int64_t>& out = rowValues_[c];
    std::vector<uint8_t>& nulls = rowNulls_[c];
    out.resize(n);
    nulls.resize(n);
    const KeyDomain d = domains_[c];
    if (k.type == PhysType::Bool) {
      for (size_t i = 0; i < n; i++) {
        const int64_t v = bitAt(k.values, start + i) ? 1 : 0;
        out[i] = d == KeyDomain::Int ? v : bitsOf(static_cast<double>(v));
      }
    } else {
      dispatchNumeric(k.type, [&](auto tag) {
        using T = decltype(tag);
        const T* x = reinterpret_cast<const T*>(k.values) + start;
        if (d == KeyDomain::Int) {
          if constexpr (std::is_floating_point_v<T>) {
            for (size_t i = 0; i < n; i++) out[i] = static_cast<int64_t>(x[i]);  // never chosen for floats
          } else {
            for (size_t i = 0; i < n; i++) out[i] = static_cast<int64_t>(x[i]);
          }
        } else {
          for (size_t i = 0; i < n; i++) out[i] = bitsOf(static_cast<double>(x[i]));
        }
        return 0;
      });
    }
    if (k.validity == nullptr) std::memset(nulls.data(), 0, n);
    else for (size_t i = 0; i < n; i++) nulls[i] = bitAt(k.validity, start + i) ? 0 : 1;
  }
}

void KeyTable::assign(const std::vector<ColumnView>& keys, size_t n, bool insert, bool nullsMatch, int32_t* out) {
  for (size_t start = 0; start < n; start += BLOCK) {
    const size_t m = std::min(BLOCK, n - start);
    if (keys.size() == 1 && assignInt32Dense(keys[0], start, m, insert, nullsMatch, out + start)) continue;
    readBlock(keys, start, m);
    if (mode_ != Mode::Hash) {
      if (mode_ == Mode::Undecided && !insert) {
        std::fill(out + start, out + start + m, -1);
        continue;
      }
      if (mode_ == Mode::Dense && insert && assignDenseInRange(m, nullsMatch, out + start)) continue;
      if (!insert || growDense(m)) {
        assignDense(m, insert, nullsMatch, out + start);
        continue;
      }
      toHash();
    }
    assignHashed(m, insert, nullsMatch, out + start);
  }
}

bool KeyTable::growDense(size_t n) {
  const size_t K = domains_.size();
  std::vector<int64_t> lows = lows_, sizes = sizes_;
  lows.resize(K, 0);
  sizes.resize(K, 0);
  bool changed = dense_.empty();
  for (size_t c = 0; c < K; c++) {
    int64_t lo = std::numeric_limits<int64_t>::max(), hi = std::numeric_limits<int64_t>::min();
    const int64_t* v = rowValues_[c].data();
    const uint8_t* nl = rowNulls_[c].data();
    for (size_t i = 0; i < n; i++) {
      if (nl[i]) continue;
      lo = std::min(lo, v[i]);
      hi = std::max(hi, v[i]);
    }
    if (lo > hi) {  // only nulls in this block
      if (sizes[c] == 0) { lows[c] = 0; sizes[c] = 1; changed = true; }
      continue;
    }
    if (sizes[c] > 1) {
      const int64_t oldHi = lows[c] + sizes[c] - 2;
      lo = std::min(lo, lows[c]);
      hi = std::max(hi, oldHi);
    }
    const __int128 span = static_cast<__int128>(hi) - lo + 2;
    if (span > DENSE_MAX) return false;
    if (sizes[c] <= 1 || lo != lows[c] || static_cast<int64_t>(span) != sizes[c]) {
      lows[c] = lo;
      sizes[c] = static_cast<int64_t>(span);
      changed = true;
    }
  }
  if (!changed) return true;
  __int128 total = 1;
  for (int64_t s : sizes) total *= s;
  if (total > (dense_.empty() ? DENSE_START : DENSE_MAX)) return false;
  // Re-index the groups seen so far under the new ranges.
  std::vector<int32_t> slots(static_cast<size_t>(total), -1);
  for (size_t g = 0; g < groups_; g++) {
    int64_t at = 0, stride = 1;
    for (size_t c = 0; c < K; c++) {
      at += (nulls_[c][g] ? 0 : values_[c][g] - lows[c] + 1) * stride;
      stride *= sizes[c];
    }
    slots[static_cast<size_t>(at)] = static_cast<int32_t>(g);
  }
  lows_ = std::move(lows);
  sizes_ = std::move(sizes);
  dense_ = std::move(slots);
  mode_ = Mode::Dense;
  return true;
}

void KeyTable::toHash() {
  mode_ = Mode::Hash;
  dense_.clear();
  dense_.shrink_to_fit();
  rehash(std::max<size_t>(1024, groups_ * 4));
}

void KeyTable::rehash(size_t capacity) {
  size_t cap = 1024;
  while (cap < capacity) cap *= 2;
  slots_.assign(cap, -1);
  mask_ = cap - 1;
  for (size_t g = 0; g < groups_; g++) {
    size_t s = groupHashes_[g] & mask_;
    while (slots_[s] >= 0) s = (s + 1) & mask_;
    slots_[s] = static_cast<int32_t>(g);
  }
}

uint32_t KeyTable::storedHash(size_t g) const {
  uint32_t h = 0;
  for (size_t c = 0; c < domains_.size(); c++) {
    const uint32_t x = hashOf(domains_[c], values_[c][g], nulls_[c][g] != 0);
    h = c == 0 ? x : combineHash(h, x);
  }
  return h;
}

int32_t KeyTable::newGroup(size_t i, uint32_t h) {
  const size_t g = groups_++;
  for (size_t c = 0; c < domains_.size(); c++) {
    values_[c].push_back(rowNulls_[c][i] ? 0 : rowValues_[c][i]);
    nulls_[c].push_back(rowNulls_[c][i]);
  }
  groupHashes_.push_back(h);
  return static_cast<int32_t>(g);
}

bool KeyTable::rowEquals(size_t i, size_t g) const {
  for (size_t c = 0; c < domains_.size(); c++) {
    const bool rn = rowNulls_[c][i] != 0, gn = nulls_[c][g] != 0;
    if (rn || gn) {
      if (rn && gn) continue;
      return false;
    }
    const int64_t a = rowValues_[c][i], b = values_[c][g];
    if (domains_[c] == KeyDomain::Int) {
      if (a != b) return false;
    } else {
      const double x = asDouble(a), y = asDouble(b);
      if (!(x == y || (x != x && y != y))) return false;
    }
  }
  return true;
}

bool KeyTable::assignInt32Dense(const ColumnView& key, size_t start, size_t m, bool insert, bool nullsMatch, int32_t* out) {
  if (mode_ != Mode::Dense || key.type != PhysType::Int32 || domains_[0] != KeyDomain::Int || dense_.empty()) return false;
  const int32_t* x = reinterpret_cast<const int32_t*>(key.values) + start;
  const uint8_t* valid = key.validity;
  const int64_t base = lows_[0] - 1, size = sizes_[0];
  int32_t* dense = dense_.data();
  if (!insert) {
    for (size_t i = 0; i < m; i++) {
      const bool isNull = valid != nullptr && !bitAt(valid, start + i);
      const int64_t slot = isNull ? 0 : x[i] - base;
      const bool hit = isNull ? nullsMatch : (slot >= 1 && slot < size);
      out[i] = hit ? dense[slot] : -1;
    }
    return true;
  }
  if (!nullsMatch) return false;
  // Rows before one outside the ranges keep their (correct) ids; the caller redoes the block.
  for (size_t i = 0; i < m; i++) {
    const bool isNull = valid != nullptr && !bitAt(valid, start + i);
    const int64_t slot = isNull ? 0 : x[i] - base;
    if (!isNull && (slot < 1 || slot >= size)) return false;
    int32_t g = dense[slot];
    if (g < 0) {
      const size_t id = groups_++;
      values_[0].push_back(isNull ? 0 : x[i]);
      nulls_[0].push_back(isNull ? 1 : 0);
      groupHashes_.push_back(hashOf(KeyDomain::Int, x[i], isNull));
      g = static_cast<int32_t>(id);
      dense[slot] = g;
    }
    out[i] = g;
  }
  return true;
}

template <size_t K>
bool KeyTable::assignDenseFixed(size_t n, int32_t* out) {
  const int64_t* v[K];
  const uint8_t* nl[K];
  int64_t base[K], size[K];
  for (size_t c = 0; c < K; c++) {
    v[c] = rowValues_[c].data();
    nl[c] = rowNulls_[c].data();
    base[c] = lows_[c] - 1;
    size[c] = sizes_[c];
  }
  int32_t* dense = dense_.data();
  for (size_t i = 0; i < n; i++) {
    int64_t at = 0, stride = 1;
    bool inRange = true;
    for (size_t c = 0; c < K; c++) {
      const int64_t x = nl[c][i] ? 0 : v[c][i] - base[c];
      inRange &= nl[c][i] ? true : (x >= 1 && x < size[c]);
      at += x * stride;
      stride *= size[c];
    }
    if (!inRange) return false;
    int32_t g = dense[at];
    if (g < 0) {
      uint32_t h = 0;
      for (size_t c = 0; c < K; c++) {
        const uint32_t x = hashOf(domains_[c], v[c][i], nl[c][i] != 0);
        h = c == 0 ? x : combineHash(h, x);
      }
      g = newGroup(i, h);
      dense = dense_.data();
      dense[at] = g;
    }
    out[i] = g;
  }
  return true;
}

bool KeyTable::assignDenseInRange(size_t n, bool nullsMatch, int32_t* out) {
  // Nulls always take slot 0 here, so this path is for nullsMatch (aggregation) only.
  if (!nullsMatch || dense_.empty()) return false;
  switch (domains_.size()) {
    case 1: return assignDenseFixed<1>(n, out);
    case 2: return assignDenseFixed<2>(n, out);
    case 3: return assignDenseFixed<3>(n, out);
    default: return false;
  }
}

void KeyTable::assignDense(size_t n, bool insert, bool nullsMatch, int32_t* out) {
  const size_t K = domains_.size();
  auto slotOf = [&](size_t i) -> int64_t {  // -1: no slot (null without nullsMatch, or out of range)
    int64_t at = 0, stride = 1;
    for (size_t c = 0; c < K; c++) {
      int64_t x = 0;
      if (rowNulls_[c][i]) {
        if (!nullsMatch) return -1;
      } else {
        x = rowValues_[c][i] - lows_[c] + 1;
        if (x < 1 || x >= sizes_[c]) return -1;  // only when probing
      }
      at += x * stride;
      stride *= sizes_[c];
    }
    return at;
  };
  if (K == 1 && !insert) {
    const int64_t* v = rowValues_[0].data();
    const uint8_t* nl = rowNulls_[0].data();
    const int64_t base = lows_[0] - 1, size = sizes_[0];
    for (size_t i = 0; i < n; i++) {
      const int64_t s = nl[i] ? (nullsMatch ? 0 : -1) : v[i] - base;
      out[i] = (s >= 0 && s < size && (s > 0 || nl[i])) ? dense_[static_cast<size_t>(s)] : -1;
    }
    return;
  }
  if (K == 1) {  // one key: the slot straight from the value
    const int64_t* v = rowValues_[0].data();
    const uint8_t* nl = rowNulls_[0].data();
    const int64_t base = lows_[0] - 1;
    for (size_t i = 0; i < n; i++) {
      const int64_t s = nl[i] ? (nullsMatch ? 0 : -1) : v[i] - base;
      if (s < 0) {
        out[i] = -1;
        continue;
      }
      int32_t g = dense_[static_cast<size_t>(s)];
      if (g < 0) {
        g = newGroup(i, hashOf(domains_[0], v[i], nl[i] != 0));
        dense_[static_cast<size_t>(s)] = g;
      }
      out[i] = g;
    }
    return;
  }
  for (size_t i = 0; i < n; i++) {
    const int64_t s = slotOf(i);
    if (s < 0) {
      out[i] = -1;
      continue;
    }
    int32_t g = dense_[static_cast<size_t>(s)];
    if (g < 0 && insert) {
      uint32_t h = 0;
      for (size_t c = 0; c < K; c++) {
        const uint32_t x = hashOf(domains_[c], rowValues_[c][i], rowNulls_[c][i] != 0);
        h = c == 0 ? x : combineHash(h, x);
      }
      g = newGroup(i, h);
      dense_[static_cast<size_t>(s)] = g;
    }
    out[i] = g;
  }
}

void KeyTable::assignHashed(size_t n, bool insert, bool nullsMatch, int32_t* out) {
  const size_t K = domains_.size();
  rowHashes_.resize(n);
  for (size_t c = 0; c < K; c++) {
    const KeyDomain d = domains_[c];
    const int64_t* v = rowValues_[c].data();
    const uint8_t* nl = rowNulls_[c].data();
    for (size_t i = 0; i < n; i++) {
      const uint32_t x = hashOf(d, v[i], nl[i] != 0);
      rowHashes_[i] = c == 0 ? x : combineHash(rowHashes_[i], x);
    }
  }
  for (size_t i = 0; i < n; i++) {
    if (!nullsMatch) {
      bool anyNull = false;
      for (size_t c = 0; c < K; c++) anyNull |= rowNulls_[c][i] != 0;
      if (anyNull) {
        out[i] = -1;
        continue;
      }
    }
    const uint32_t h = rowHashes_[i];
    size_t s = h & mask_;
    int32_t g;
    for (;;) {
      g = slots_[s];
      if (g < 0) {
        if (!insert) break;
        g = newGroup(i, h);
        slots_[s] = g;
        if (groups_ * 2 > slots_.size()) rehash(slots_.size() * 2);
        break;
      }
      if (groupHashes_[static_cast<size_t>(g)] == h && rowEquals(i, static_cast<size_t>(g))) break;
      s = (s + 1) & mask_;
    }
    out[i] = g;
  }
}

}  // namespace kernels
}  // namespace datajax
