// Hash join on 1..N numeric/temporal/bool keys, as the N-API class HashJoin:
//   new HashJoin(keyDomains: Int32Array)
//   .build(keyTypes: Int32Array, keyValues[], keyValidity[], rows)   (the build side, any number of batches)
//   .probe(keyTypes, keyValues[], keyValidity[], rows, how[, scratch]) -> { left: Int32Array | null, right: Int32Array | null, everyRowOnce: boolean }
//     (everyRowOnce: the pairs are exactly one per probe row, in order, so left is 0..rows-1; on the
//     direct path of a build side with one row per key left is then null, and right is a view of
//     `scratch`, an Int32Array of at least `rows`, when one is given: valid until the next probe)
//   .unmatchedBuildRows() -> Int32Array                              (for right and full joins)
// how: 0 inner, 1 left (unmatched probe rows with right = -1), 2 semi, 3 anti (left only). Right and
// full joins are inner / left probes followed by unmatchedBuildRows(). Matches come in probe order,
// each probe row's build rows in build order; a null key never matches (DESIGN).
#include <algorithm>

#include "addon_registry.h"
#include "kernels_key_table.h"

namespace datajax {
namespace kernels {

namespace {

enum class JoinHow : int32_t { Inner = 0, Left = 1, Semi = 2, Anti = 3 };

std::vector<ColumnView> keyColumns(const Napi::CallbackInfo& info, size_t expected, size_t rows, const char* where) {
  Napi::Env env = info.Env();
  size_t nt = 0;
  const int32_t* types = int32ArrayArg(info, 0, &nt, where);
  Napi::Array values = arrayArg(info, 1, where);
  Napi::Array validity = arrayArg(info, 2, where);
  if (nt != expected || values.Length() != expected) throw Napi::TypeError::New(env, std::string(where) + ": give " + std::to_string(expected) + " key columns and their types");
  std::vector<ColumnView> keys;
  for (uint32_t k = 0; k < expected; k++) keys.push_back(columnViewAt(env, values, validity, k, physTypeFrom(env, types[k], where), rows, where));
  return keys;
}

class HashJoin : public Napi::ObjectWrap<HashJoin> {
 public:
  static Napi::Function define(Napi::Env env) {
    return DefineClass(env, "HashJoin", {
      InstanceMethod("build", &HashJoin::build),
      InstanceMethod("probe", &HashJoin::probe),
      InstanceMethod("unmatchedBuildRows", &HashJoin::unmatchedBuildRows),
    });
  }

  explicit HashJoin(const Napi::CallbackInfo& info) : Napi::ObjectWrap<HashJoin>(info), table_({}) {
    size_t nd = 0;
    const int32_t* domains = int32ArrayArg(info, 0, &nd, "HashJoin");
    if (nd == 0) throw Napi::TypeError::New(info.Env(), "HashJoin: needs at least one key");
    std::vector<KeyDomain> d;
    for (size_t k = 0; k < nd; k++) {
      if (domains[k] != 0 && domains[k] != 1) throw Napi::TypeError::New(info.Env(), "HashJoin: key domain must be 0 (int) or 1 (float)");
      d.push_back(static_cast<KeyDomain>(domains[k]));
    }
    keys_ = nd;
    table_ = KeyTable(std::move(d));
  }

 private:
  size_t keys_;
  KeyTable table_;
  std::vector<int32_t> buildGroup_;  // per build row: its group, -1 for a null key
  std::vector<int32_t> start_, rows_;  // CSR: build rows of group g are rows_[start_[g] .. start_[g+1])
  std::vector<uint8_t> matched_;
  bool indexed_ = false;
  bool uniqueBuild_ = false;  // every group has exactly one build row (a group-by joined back)

  Napi::Value build(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (indexed_) throw Napi::Error::New(env, "HashJoin.build: the build side is already being probed; build every batch first");
    const int32_t rows = int32Arg(info, 3, "HashJoin.build");
    if (rows < 0) throw Napi::RangeError::New(env, "HashJoin.build: rows must be >= 0");
    std::vector<ColumnView> keys = keyColumns(info, keys_, static_cast<size_t>(rows), "HashJoin.build");
    const size_t at = buildGroup_.size();
    buildGroup_.resize(at + static_cast<size_t>(rows));
    table_.assign(keys, static_cast<size_t>(rows), true, false, buildGroup_.data() + at);
    return env.Undefined();
  }

  void index() {
    if (indexed_) return;
    indexed_ = true;
    const size_t G = table_.groupCount();
    start_.assign(G + 1, 0);
    for (int32_t g : buildGroup_) if (g >= 0) start_[static_cast<size_t>(g) + 1]++;
    for (size_t g = 0; g < G; g++) start_[g + 1] += start_[g];
    std::vector<int32_t> cursor(start_.begin(), start_.end() - 1);
    rows_.resize(static_cast<size_t>(start_[G]));
    for (size_t r = 0; r < buildGroup_.size(); r++) {
      const int32_t g = buildGroup_[r];
      if (g >= 0) rows_[static_cast<size_t>(cursor[static_cast<size_t>(g)]++)] = static_cast<int32_t>(r);
    }
    matched_.assign(buildGroup_.size(), 0);
    uniqueBuild_ = true;
    for (size_t g = 0; g < G; g++) uniqueBuild_ &= start_[g + 1] - start_[g] == 1;
  }

  Napi::Value probe(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    index();
    const int32_t rows = int32Arg(info, 3, "HashJoin.probe");
    const int32_t howCode = int32Arg(info, 4, "HashJoin.probe");
    if (rows < 0 || howCode < 0 || howCode > 3) throw Napi::RangeError::New(env, "HashJoin.probe: rows must be >= 0 and how 0 (inner), 1 (left), 2 (semi) or 3 (anti)");
    const JoinHow how = static_cast<JoinHow>(howCode);
    const size_t n = static_cast<size_t>(rows);
    std::vector<ColumnView> keys = keyColumns(info, keys_, n, "HashJoin.probe");
    std::vector<int32_t> gids(n);
    table_.assign(keys, n, false, false, gids.data());
    Napi::Object result = Napi::Object::New(env);
    if (how == JoinHow::Semi || how == JoinHow::Anti) {
      size_t count = 0;
      for (size_t i = 0; i < n; i++) count += (gids[i] >= 0) == (how == JoinHow::Semi);
      Napi::Int32Array left = Napi::Int32Array::New(env, count);
      size_t k = 0;
      for (size_t i = 0; i < n; i++) if ((gids[i] >= 0) == (how == JoinHow::Semi)) left[k++] = static_cast<int32_t>(i);
      result.Set("left", left);
      result.Set("right", env.Null());
      result.Set("everyRowOnce", Napi::Boolean::New(env, count == n));
      return result;
    }
    const bool keepUnmatched = how == JoinHow::Left;
    if (uniqueBuild_) {
      // One build row per group: a left probe, or an inner one where every row matched, pairs
      // each probe row with at most one build row, in order.
      size_t matchedRows = 0;
      for (size_t i = 0; i < n; i++) matchedRows += gids[i] >= 0;
      if (keepUnmatched || matchedRows == n) {
        // left would be 0..n-1: not allocated (null; the caller knows it from everyRowOnce).
        // right goes into the caller's scratch array when one at least n long is given.
        Napi::Int32Array right;
        if (info.Length() > 5 && info[5].IsTypedArray() && info[5].As<Napi::TypedArray>().TypedArrayType() == napi_int32_array &&
            info[5].As<Napi::Int32Array>().ElementLength() >= n) {
          Napi::Int32Array scratch = info[5].As<Napi::Int32Array>();
          right = Napi::Int32Array::New(env, n, scratch.ArrayBuffer(), scratch.ByteOffset());
        } else {
          right = Napi::Int32Array::New(env, n);
        }
        int32_t* ri = right.Data();
        const int32_t* rowOf = rows_.data();
        const int32_t* first = start_.data();
        uint8_t* matched = matched_.data();
        for (size_t i = 0; i < n; i++) {
          const int32_t g = gids[i];
          const int32_t r = g >= 0 ? rowOf[first[static_cast<size_t>(g)]] : -1;
          ri[i] = r;
          if (r >= 0) matched[r] = 1;
        }
        result.Set("left", env.Null());
        result.Set("right", right);
        result.Set("everyRowOnce", Napi::Boolean::New(env, true));
        return result;
      }
    }
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
      const int32_t g = gids[i];
      const size_t c = g >= 0 ? static_cast<size_t>(start_[static_cast<size_t>(g) + 1] - start_[static_cast<size_t>(g)]) : 0;
      total += c > 0 ? c : (keepUnmatched ? 1 : 0);
    }
    Napi::Int32Array left = Napi::Int32Array::New(env, total);
    Napi::Int32Array right = Napi::Int32Array::New(env, total);
    int32_t* li = left.Data();
    int32_t* ri = right.Data();
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
      const int32_t g = gids[i];
      if (g >= 0) {
        for (int32_t p = start_[static_cast<size_t>(g)]; p < start_[static_cast<size_t>(g) + 1]; p++) {
          const int32_t r = rows_[static_cast<size_t>(p)];
          li[k] = static_cast<int32_t>(i);
          ri[k++] = r;
          matched_[static_cast<size_t>(r)] = 1;
        }
      } else if (keepUnmatched) {
        li[k] = static_cast<int32_t>(i);
        ri[k++] = -1;
      }
    }
    result.Set("left", left);
    result.Set("right", right);
    result.Set("everyRowOnce", Napi::Boolean::New(env, false));
    return result;
  }

  Napi::Value unmatchedBuildRows(const Napi::CallbackInfo& info) {
    index();
    size_t count = 0;
    for (uint8_t m : matched_) count += m ? 0 : 1;
    Napi::Int32Array out = Napi::Int32Array::New(info.Env(), count);
    size_t k = 0;
    for (size_t r = 0; r < matched_.size(); r++) if (!matched_[r]) out[k++] = static_cast<int32_t>(r);
    return out;
  }
};

}  // namespace

DATAJAX_EXPORTS(registerJoinKernels) {
  exports.Set("HashJoin", HashJoin::define(env));
}

}  // namespace kernels
}  // namespace datajax
