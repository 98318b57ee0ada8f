// sortPermutation(keyTypes: Int32Array, keyValues[], keyValidity[], descending: Int32Array,
//                 nullsLast: Int32Array, rows) -> Int32Array
// sortPermutationAsync(same arguments) -> Promise<Int32Array>: the same, sorted on a libuv worker thread.
// A stable multi-key sort: the permutation that orders the rows by the keys, most significant
// first; ties keep input order. As the local backend: nulls go first or last per key whatever the
// direction, NaN sorts above every number (so first when descending), -0 equals 0.
#include <algorithm>
#include <limits>

#include "addon_registry.h"
#include "kernels_common.h"

namespace datajax {
namespace kernels {

namespace {

constexpr uint64_t SIGN = uint64_t{1} << 63;

/** An order-preserving unsigned image of a value: ints shift by the sign bit, floats by IEEE bit tricks. */
template <typename T>
inline uint64_t orderKey(T v) {
  if constexpr (std::is_floating_point_v<T>) {
    double d = static_cast<double>(v);
    if (d != d) return std::numeric_limits<uint64_t>::max();
    if (d == 0) d = 0.0;  // -0 ties with 0
    uint64_t b;
    std::memcpy(&b, &d, sizeof b);
    return (b & SIGN) ? ~b : (b | SIGN);
  } else if constexpr (std::is_signed_v<T>) {
    return static_cast<uint64_t>(static_cast<int64_t>(v)) ^ SIGN;
  } else {
    return static_cast<uint64_t>(v);
  }
}

struct SortKey {
  std::vector<uint64_t> order;  // descending keys are complemented
  std::vector<uint8_t> nulls;   // empty: no nulls
  bool nullsLast;
};

/** The sort keys of a call, copied out of the JS arrays (so a worker thread can sort them later). */
std::vector<SortKey> sortKeysOf(const Napi::CallbackInfo& info, size_t* rows, const char* where) {
  Napi::Env env = info.Env();
  size_t nt = 0, nd = 0, nn = 0;
  const int32_t* types = int32ArrayArg(info, 0, &nt, where);
  Napi::Array values = arrayArg(info, 1, where);
  Napi::Array validity = arrayArg(info, 2, where);
  const int32_t* descending = int32ArrayArg(info, 3, &nd, where);
  const int32_t* nullsLast = int32ArrayArg(info, 4, &nn, where);
  const int32_t rowsArg = int32Arg(info, 5, where);
  if (rowsArg < 0 || nt != values.Length() || nd != nt || nn != nt) throw Napi::TypeError::New(env, std::string(where) + ": give one type, column, direction and null placement per key, and rows >= 0");
  const size_t n = static_cast<size_t>(rowsArg);
  *rows = n;
  std::vector<SortKey> keys;
  for (uint32_t k = 0; k < nt; k++) {
    const ColumnView c = columnViewAt(env, values, validity, k, physTypeFrom(env, types[k], where), n, where);
    SortKey key{std::vector<uint64_t>(n), {}, nullsLast[k] != 0};
    if (c.type == PhysType::Bool) {
      for (size_t i = 0; i < n; i++) key.order[i] = bitAt(c.values, i) ? 1 : 0;
    } else {
      dispatchNumeric(c.type, [&](auto tag) {
        using T = decltype(tag);
        const T* x = reinterpret_cast<const T*>(c.values);
        for (size_t i = 0; i < n; i++) key.order[i] = orderKey<T>(x[i]);
        return 0;
      });
    }
    if (descending[k]) for (uint64_t& o : key.order) o = ~o;
    if (c.validity != nullptr) {
      key.nulls.resize(n);
      for (size_t i = 0; i < n; i++) key.nulls[i] = bitAt(c.validity, i) ? 0 : 1;
    }
    keys.push_back(std::move(key));
  }
  return keys;
}

/** Writes the stable permutation of n rows ordered by `keys` into perm (touches no JS value). */
void permutationOf(const std::vector<SortKey>& keys, size_t n, int32_t* perm) {
  if (keys.size() == 1 && keys[0].nulls.empty()) {
    // One key without nulls: sort (key, row) pairs, which keeps ties in input order.
    std::vector<std::pair<uint64_t, int32_t>> pairs(n);
    for (size_t i = 0; i < n; i++) pairs[i] = {keys[0].order[i], static_cast<int32_t>(i)};
    std::sort(pairs.begin(), pairs.end());
    for (size_t i = 0; i < n; i++) perm[i] = pairs[i].second;
    return;
  }
  for (size_t i = 0; i < n; i++) perm[i] = static_cast<int32_t>(i);
  std::sort(perm, perm + n, [&](int32_t a, int32_t b) {
    for (const SortKey& k : keys) {
      if (!k.nulls.empty()) {
        const bool an = k.nulls[static_cast<size_t>(a)] != 0, bn = k.nulls[static_cast<size_t>(b)] != 0;
        if (an || bn) {
          if (an && bn) continue;
          return an ? !k.nullsLast : k.nullsLast;
        }
      }
      const uint64_t x = k.order[static_cast<size_t>(a)], y = k.order[static_cast<size_t>(b)];
      if (x != y) return x < y;
    }
    return a < b;
  });
}

Napi::Value sortPermutation(const Napi::CallbackInfo& info) {
  size_t n = 0;
  const std::vector<SortKey> keys = sortKeysOf(info, &n, "sortPermutation");
  Napi::Int32Array out = Napi::Int32Array::New(info.Env(), n);
  permutationOf(keys, n, out.Data());
  return out;
}

/**
 * sortPermutationAsync: the same permutation, sorted on libuv's thread pool so the event loop
 * keeps running (the keys are copied first, on the calling thread; the result array is allocated
 * up front and held until the promise settles).
 */
class SortWorker : public Napi::AsyncWorker {
 public:
  SortWorker(Napi::Env env, std::vector<SortKey> keys, size_t n)
      : Napi::AsyncWorker(env, "datajax:sortPermutation"), deferred_(Napi::Promise::Deferred::New(env)), keys_(std::move(keys)), n_(n) {
    Napi::Int32Array out = Napi::Int32Array::New(env, n);
    perm_ = out.Data();
    out_ = Napi::Persistent(out);
  }
  Napi::Promise promise() { return deferred_.Promise(); }
  void Execute() override { permutationOf(keys_, n_, perm_); }
  void OnOK() override { deferred_.Resolve(out_.Value()); }
  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

 private:
  Napi::Promise::Deferred deferred_;
  std::vector<SortKey> keys_;
  size_t n_;
  int32_t* perm_ = nullptr;
  Napi::Reference<Napi::Int32Array> out_;
};

Napi::Value sortPermutationAsync(const Napi::CallbackInfo& info) {
  size_t n = 0;
  std::vector<SortKey> keys = sortKeysOf(info, &n, "sortPermutationAsync");
  SortWorker* worker = new SortWorker(info.Env(), std::move(keys), n);
  Napi::Promise promise = worker->promise();
  worker->Queue();
  return promise;
}

}  // namespace

DATAJAX_EXPORTS(registerSortKernel) {
  exports.Set("sortPermutation", Napi::Function::New(env, sortPermutation, "sortPermutation"));
  exports.Set("sortPermutationAsync", Napi::Function::New(env, sortPermutationAsync, "sortPermutationAsync"));
}

}  // namespace kernels
}  // namespace datajax
