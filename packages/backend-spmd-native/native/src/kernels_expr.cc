// N-API entry points of the fused Map/Filter expression kernels (src/kernels/expr-kernels.ts):
//   exprMap(program, values[], validity[], rows, outValues[], outValidity[]) -> null count per output
//   exprFilter(program, values[], validity[], rows, predicateOutput, selection: Int32Array) -> kept rows
//   exprFilterAggregate(program, values[], validity[], rows, predicateOutput, fns, outputs, results, wideResults[, takes]) -> kept rows
//     (takes[k], when an Int32Array, makes input k the gather of its column by those row indices,
//     -1 a null row: a join's build columns read without materialising them)
//   exprFilterMap(program, values[], validity[], rows, predicateOutput, outValues[], outValidity[]) -> [kept, null count per output]
//     (filter + derive in one pass: the selected rows of every output, compacted; outputs sized for `rows`)
// Column k of values[]/validity[] feeds input slot k of the program (bool columns and validity are
// Arrow bitmaps from bit 0). A filter keeps the rows whose predicate is true (null drops the row).
#include <algorithm>

#include "addon_registry.h"
#include "kernels_aggregate_fns.h"
#include "kernels_expr_eval.h"

namespace datajax {
namespace kernels {

namespace {

struct Bound {
  Program program;
  std::vector<ColumnView> inputs;
  size_t rows;
};

/**
 * Input k read through gather indices takes[k] (an Int32Array of at least `rows` entries, -1 for a
 * null row; null: the column as is): checks the indices and that the column holds every row they name.
 */
ColumnView gatheredColumnAt(Napi::Env env, Napi::Array values, Napi::Array validity, Napi::Value takeValue, uint32_t k, PhysType type, size_t rows, const char* where) {
  size_t bytes = 0;
  const int32_t* take = reinterpret_cast<const int32_t*>(typedArrayBytes(env, takeValue, &bytes, std::string(where) + " take"));
  if (bytes / 4 < rows) throw Napi::RangeError::New(env, std::string(where) + ": the gather indices of column " + std::to_string(k) + " are fewer than the rows");
  int32_t lowest = -1, highest = -1;
  for (size_t i = 0; i < rows; i++) {  // branch-free, so it vectorizes
    lowest = std::min(lowest, take[i]);
    highest = std::max(highest, take[i]);
  }
  if (lowest < -1) throw Napi::RangeError::New(env, std::string(where) + ": gather index " + std::to_string(lowest) + " of column " + std::to_string(k) + " is negative (-1 is the only null index)");
  ColumnView c = columnViewAt(env, values, validity, k, type, static_cast<size_t>(highest + 1), where);
  c.take = take;
  return c;
}

/** Binds the program and its input columns; with `takesArg`, info[takesArg] may give gather indices per input (an array of Int32Array or null). */
Bound bind(const Napi::CallbackInfo& info, const char* where, size_t takesArg = 0) {
  Napi::Env env = info.Env();
  Bound b{decodeProgram(env, info[0]), {}, 0};
  Napi::Array values = arrayArg(info, 1, where);
  Napi::Array validity = arrayArg(info, 2, where);
  const int32_t rows = int32Arg(info, 3, where);
  if (rows < 0) throw Napi::RangeError::New(env, std::string(where) + ": rows must be >= 0");
  b.rows = static_cast<size_t>(rows);
  if (values.Length() != b.program.inputTypes.size()) {
    throw Napi::TypeError::New(env, std::string(where) + ": the program reads " + std::to_string(b.program.inputTypes.size()) + " columns, " + std::to_string(values.Length()) + " were given");
  }
  const bool gathers = takesArg > 0 && info.Length() > takesArg && info[takesArg].IsArray();
  Napi::Array takes = gathers ? info[takesArg].As<Napi::Array>() : Napi::Array();
  for (uint32_t k = 0; k < values.Length(); k++) {
    Napi::Value take = gathers && k < takes.Length() ? takes.Get(k) : env.Null();
    if (take.IsNull() || take.IsUndefined()) b.inputs.push_back(columnViewAt(env, values, validity, k, b.program.inputTypes[k], b.rows, where));
    else b.inputs.push_back(gatheredColumnAt(env, values, validity, take, k, b.program.inputTypes[k], b.rows, where));
  }
  return b;
}

/** The selection bytes of a chunk: predicate true and not null (all ones without a predicate). */
void selectionBytes(const Evaluator& ev, int32_t predicate, size_t n, uint8_t* sel) {
  if (predicate < 0) {
    std::memset(sel, 1, n);
    return;
  }
  const Register& p = ev.output(static_cast<size_t>(predicate));
  if (p.valid == nullptr) std::memcpy(sel, p.data, n);
  else for (size_t i = 0; i < n; i++) sel[i] = p.data[i] & p.valid[i];
}

int32_t predicateArg(const Napi::CallbackInfo& info, size_t i, const Program& p, const char* where) {
  const int32_t k = int32Arg(info, i, where);
  if (k >= static_cast<int32_t>(p.outputRegisters.size()) || (k >= 0 && p.outputTypes[static_cast<size_t>(k)] != PhysType::Bool)) {
    throw Napi::RangeError::New(info.Env(), std::string(where) + ": the predicate must be a bool output of the program");
  }
  return k;
}

Napi::Value exprMap(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Bound b = bind(info, "exprMap");
  Napi::Array outValues = arrayArg(info, 4, "exprMap");
  Napi::Array outValidity = arrayArg(info, 5, "exprMap");
  const size_t outputs = b.program.outputRegisters.size();
  if (outValues.Length() != outputs || outValidity.Length() != outputs) throw Napi::TypeError::New(env, "exprMap: give one value and one validity array per program output");
  std::vector<uint8_t*> vals(outputs), valid(outputs);
  for (uint32_t k = 0; k < outputs; k++) {
    const PhysType t = b.program.outputTypes[k];
    size_t bytes = 0, vbytes = 0;
    vals[k] = typedArrayBytes(env, outValues.Get(k), &bytes, "exprMap output values");
    valid[k] = typedArrayBytes(env, outValidity.Get(k), &vbytes, "exprMap output validity");
    const size_t need = t == PhysType::Bool ? (b.rows + 7) / 8 : b.rows * bytesOf(t);
    if (b.rows > 0 && (vals[k] == nullptr || bytes < need || valid[k] == nullptr || vbytes < (b.rows + 7) / 8)) {
      throw Napi::RangeError::New(env, "exprMap: output " + std::to_string(k) + " arrays are too short for " + std::to_string(b.rows) + " rows");
    }
  }
  std::vector<double> nulls(outputs, 0);
  Evaluator ev(b.program, b.inputs);
  std::vector<uint8_t> ones(CHUNK, 1);
  for (size_t start = 0; start < b.rows; start += CHUNK) {
    const size_t n = std::min(CHUNK, b.rows - start);
    ev.run(start, n);
    for (size_t k = 0; k < outputs; k++) {
      const Register& r = ev.output(k);
      const PhysType t = b.program.outputTypes[k];
      if (t == PhysType::Bool) packBits(r.data, n, vals[k], start);
      else std::memcpy(vals[k] + start * bytesOf(t), r.data, n * bytesOf(t));
      nulls[k] += static_cast<double>(packBits(r.valid ? r.valid : ones.data(), n, valid[k], start));
    }
  }
  Napi::Array result = Napi::Array::New(env, outputs);
  for (uint32_t k = 0; k < outputs; k++) result.Set(k, Napi::Number::New(env, nulls[k]));
  return result;
}

Napi::Value exprFilter(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Bound b = bind(info, "exprFilter");
  const int32_t predicate = predicateArg(info, 4, b.program, "exprFilter");
  size_t capacity = 0;
  int32_t* selection = const_cast<int32_t*>(int32ArrayArg(info, 5, &capacity, "exprFilter"));
  if (capacity < b.rows) throw Napi::RangeError::New(env, "exprFilter: the selection array must hold one entry per input row");
  Evaluator ev(b.program, b.inputs);
  std::vector<uint8_t> sel(CHUNK);
  size_t kept = 0;
  for (size_t start = 0; start < b.rows; start += CHUNK) {
    const size_t n = std::min(CHUNK, b.rows - start);
    ev.run(start, n);
    selectionBytes(ev, predicate, n, sel.data());
    for (size_t i = 0; i < n; i++) {  // branch-free compaction
      selection[kept] = static_cast<int32_t>(start + i);
      kept += sel[i];
    }
  }
  return Napi::Number::New(env, static_cast<double>(kept));
}

/** Copies the selected rows of a chunk's register to `out` from row `at` (bytes per value `w`). */
template <typename T>
void compactValues(const uint8_t* data, const uint8_t* sel, size_t n, uint8_t* out, size_t at) {
  const T* x = reinterpret_cast<const T*>(data);
  T* o = reinterpret_cast<T*>(out) + at;
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {  // branch-free: write always, advance when selected
    o[k] = x[i];
    k += sel[i];
  }
}

/** Sets bits [at, at + n) of a zeroed bitmap from 0/1 bytes. */
void packBitsAt(const uint8_t* bytes, size_t n, uint8_t* bits, size_t at) {
  if ((at & 7) == 0) {
    packBits(bytes, n, bits, at);
    return;
  }
  for (size_t i = 0; i < n; i++) bits[(at + i) >> 3] |= static_cast<uint8_t>((bytes[i] & 1) << ((at + i) & 7));
}

/** Sets bits [0, n) of a bitmap (every row so far valid). */
void setLeadingBits(uint8_t* bits, size_t n) {
  std::memset(bits, 0xff, n >> 3);
  for (size_t i = n & ~static_cast<size_t>(7); i < n; i++) bits[i >> 3] |= static_cast<uint8_t>(1u << (i & 7));
}

Napi::Value exprFilterMap(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Bound b = bind(info, "exprFilterMap");
  const int32_t predicate = predicateArg(info, 4, b.program, "exprFilterMap");
  Napi::Array outValues = arrayArg(info, 5, "exprFilterMap");
  Napi::Array outValidity = arrayArg(info, 6, "exprFilterMap");
  const size_t outputs = b.program.outputRegisters.size();
  if (outValues.Length() != outputs || outValidity.Length() != outputs) throw Napi::TypeError::New(env, "exprFilterMap: give one value and one validity array per program output");
  std::vector<uint8_t*> vals(outputs), valid(outputs);
  for (uint32_t k = 0; k < outputs; k++) {
    const PhysType t = b.program.outputTypes[k];
    size_t bytes = 0, vbytes = 0;
    vals[k] = typedArrayBytes(env, outValues.Get(k), &bytes, "exprFilterMap output values");
    valid[k] = typedArrayBytes(env, outValidity.Get(k), &vbytes, "exprFilterMap output validity");
    // One spare value: the branch-free compaction writes one slot past the last kept row.
    const size_t need = t == PhysType::Bool ? (b.rows + 7) / 8 : (b.rows + 1) * bytesOf(t);
    if (b.rows > 0 && (vals[k] == nullptr || bytes < need || valid[k] == nullptr || vbytes < (b.rows + 7) / 8)) {
      throw Napi::RangeError::New(env, "exprFilterMap: output " + std::to_string(k) + " arrays are too short for " + std::to_string(b.rows) + " rows (values need one spare slot)");
    }
  }
  std::vector<double> nulls(outputs, 0);
  Evaluator ev(b.program, b.inputs);
  std::vector<uint8_t> sel(CHUNK), bytes(CHUNK + 1), vbytes(CHUNK + 1);
  std::vector<bool> tracking(outputs, false);
  size_t kept = 0;
  for (size_t start = 0; start < b.rows; start += CHUNK) {
    const size_t n = std::min(CHUNK, b.rows - start);
    ev.run(start, n);
    selectionBytes(ev, predicate, n, sel.data());
    size_t m = 0;
    for (size_t i = 0; i < n; i++) m += sel[i];
    if (m == 0) continue;
    for (size_t k = 0; k < outputs; k++) {
      const Register& r = ev.output(k);
      const PhysType t = b.program.outputTypes[k];
      if (t == PhysType::Bool) {
        compactValues<uint8_t>(r.data, sel.data(), n, bytes.data(), 0);
        packBitsAt(bytes.data(), m, vals[k], kept);
      } else {
        dispatchNumeric(t, [&](auto tag) {
          compactValues<decltype(tag)>(r.data, sel.data(), n, vals[k], kept);
          return 0;
        });
      }
      // The validity bitmap is written only once an output has had a null-capable chunk (the
      // rows before it are marked valid then); an output without nulls leaves it untouched.
      if (r.valid) {
        if (!tracking[k]) {
          setLeadingBits(valid[k], kept);
          tracking[k] = true;
        }
        compactValues<uint8_t>(r.valid, sel.data(), n, vbytes.data(), 0);
        size_t valids = 0;
        for (size_t i = 0; i < m; i++) valids += vbytes[i];
        nulls[k] += static_cast<double>(m - valids);
        packBitsAt(vbytes.data(), m, valid[k], kept);
      } else if (tracking[k]) {
        std::memset(vbytes.data(), 1, m);
        packBitsAt(vbytes.data(), m, valid[k], kept);
      }
    }
    kept += m;
  }
  Napi::Array result = Napi::Array::New(env, outputs + 1);
  result.Set(0u, Napi::Number::New(env, static_cast<double>(kept)));
  for (uint32_t k = 0; k < outputs; k++) result.Set(k + 1, Napi::Number::New(env, nulls[k]));
  return result;
}

/**
 * Float sums and means add row i into lane i % SUM_LANES (row order within a lane), then add the
 * lanes pairwise: the result is the same on every ISA, and 16 lanes (four 4-double vectors) hide
 * the latency of the additions.
 */
constexpr size_t SUM_LANES = 16;

/** One fused aggregate over a program output of type T, restricted to the selected rows. */
struct FusedAggregate {
  AggregateFn fn;
  int32_t output;  // -1 for count(*)
  int64_t count = 0;
  double lanes[SUM_LANES] = {-0.0, -0.0, -0.0, -0.0, -0.0, -0.0, -0.0, -0.0, -0.0, -0.0, -0.0, -0.0, -0.0, -0.0, -0.0, -0.0};
  int64_t wide = 0;   // integer sum / min / max / first / last (uint64 as its bits)
  double value = 0;   // float min / max / first / last
  bool has = false;
};

/** `x` where t is 1, else -0.0, without a branch. */
inline double selectOrNegZero(uint8_t t, double x) {
  uint64_t b;
  std::memcpy(&b, &x, sizeof b);
  const uint64_t mask = 0 - static_cast<uint64_t>(t);
  const uint64_t r = (b & mask) | (0x8000000000000000ull & ~mask);
  double out;
  std::memcpy(&out, &r, sizeof out);
  return out;
}

/** out[i] = a[i] & b[i]. */
inline void andBytes(const uint8_t* __restrict a, const uint8_t* __restrict b, uint8_t* __restrict out, size_t n) {
  for (size_t i = 0; i < n; i++) out[i] = a[i] & b[i];
}

/** The number of 1 bytes among n 0/1 bytes. */
inline size_t sumBytes(const uint8_t* __restrict t, size_t n) {
  size_t s = 0;
  for (size_t i = 0; i < n; i++) s += t[i];
  return s;
}

/** Four doubles as one vector value (GCC/Clang vector extension): element-wise adds, no reordering. */
typedef double Double4 __attribute__((vector_size(32)));

/**
 * lanes[i % SUM_LANES] += x[i] where t[i] is 1 (n is a whole number of SUM_LANES except in a
 * stage's last chunk). Unselected rows add -0.0 (x + -0.0 == x), chosen by bit masks in a first
 * pass the compiler vectorizes, so random predicates cost no mispredicted branches.
 */
template <typename T>
inline void maskedLaneSum(const T* __restrict x, const uint8_t* __restrict t, size_t n, double* __restrict lanes, double* __restrict scratch) {
  for (size_t i = 0; i < n; i++) scratch[i] = selectOrNegZero(t[i], static_cast<double>(x[i]));
  static_assert(SUM_LANES == 16, "four Double4 accumulators");
  Double4 l[4];
  std::memcpy(l, lanes, sizeof l);
  size_t i = 0;
  for (; i + SUM_LANES <= n; i += SUM_LANES) {
    Double4 v[4];
    std::memcpy(v, scratch + i, sizeof v);
    l[0] += v[0];
    l[1] += v[1];
    l[2] += v[2];
    l[3] += v[3];
  }
  std::memcpy(lanes, l, sizeof l);
  for (; i < n; i++) lanes[i % SUM_LANES] += scratch[i];
}

/** The lanes of a sum added pairwise, in a fixed order. */
inline double laneTotal(const double* lanes) {
  double level[SUM_LANES];
  std::memcpy(level, lanes, sizeof level);
  for (size_t width = SUM_LANES / 2; width > 0; width /= 2)
    for (size_t k = 0; k < width; k++) level[k] = level[2 * k] + level[2 * k + 1];
  return level[0];
}

template <typename T>
void accumulate(FusedAggregate& g, const Register& r, const uint8_t* sel, size_t n, uint8_t* scratch, double* values) {
  const T* x = reinterpret_cast<const T*>(r.data);
  const uint8_t* v = r.valid;
  auto take = [&](size_t i) -> uint8_t { return static_cast<uint8_t>(sel[i] & (v ? v[i] : 1)); };
  switch (g.fn) {
    case AggregateFn::CountAll: break;
    case AggregateFn::Count: for (size_t i = 0; i < n; i++) g.count += take(i); break;
    case AggregateFn::Sum: case AggregateFn::Mean:
      if constexpr (std::is_floating_point_v<T>) {
        // SUM_LANES independent lanes; unselected rows add -0.0 (x + -0.0 == x), a select the compiler
        // turns into vector blends, so random predicates cost no mispredicted branches.
        const uint8_t* t = sel;
        if (v != nullptr) {
          andBytes(sel, v, scratch, n);
          t = scratch;
        }
        maskedLaneSum(x, t, n, g.lanes, values);
        g.count += static_cast<int64_t>(sumBytes(t, n));
      } else {
        for (size_t i = 0; i < n; i++) {
          const uint8_t t = take(i);
          if (g.fn == AggregateFn::Mean) g.lanes[i % SUM_LANES] += t ? static_cast<double>(x[i]) : -0.0;
          else g.wide = static_cast<int64_t>(static_cast<uint64_t>(g.wide) + (t ? static_cast<uint64_t>(static_cast<int64_t>(x[i])) : 0));
          g.count += t;
        }
      }
      break;
    default:
      for (size_t i = 0; i < n; i++) {
        if (!take(i)) continue;
        const T val = x[i];
        g.count++;
        bool replace;
        if (g.fn == AggregateFn::First) replace = !g.has;
        else if (g.fn == AggregateFn::Last) replace = true;
        else {
          const T cur = std::is_floating_point_v<T> ? static_cast<T>(g.value) : static_cast<T>(g.wide);
          replace = !g.has || (g.fn == AggregateFn::Min ? val < cur : val > cur);
        }
        if (replace) {
          if constexpr (std::is_floating_point_v<T>) g.value = static_cast<double>(val);
          else g.wide = static_cast<int64_t>(val);
          g.has = true;
        }
      }
  }
}

Napi::Value exprFilterAggregate(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Bound b = bind(info, "exprFilterAggregate", 9);
  const int32_t predicate = predicateArg(info, 4, b.program, "exprFilterAggregate");
  size_t nFns = 0, nOuts = 0, nResults = 0, nWide = 0;
  const int32_t* fns = int32ArrayArg(info, 5, &nFns, "exprFilterAggregate");
  const int32_t* outs = int32ArrayArg(info, 6, &nOuts, "exprFilterAggregate");
  double* results = reinterpret_cast<double*>(typedArrayBytes(env, info[7], &nResults, "exprFilterAggregate results"));
  int64_t* wide = reinterpret_cast<int64_t*>(typedArrayBytes(env, info[8], &nWide, "exprFilterAggregate wideResults"));
  if (nFns != nOuts || nResults < nFns * 16 || nWide < nFns * 8) throw Napi::RangeError::New(env, "exprFilterAggregate: fns and outputs must match; results needs 2 and wideResults 1 entry per aggregate");
  std::vector<FusedAggregate> aggs;
  for (size_t k = 0; k < nFns; k++) {
    const AggregateFn fn = aggregateFnFrom(env, fns[k], "exprFilterAggregate");
    if (fn != AggregateFn::CountAll && (outs[k] < 0 || outs[k] >= static_cast<int32_t>(b.program.outputRegisters.size()))) {
      throw Napi::RangeError::New(env, "exprFilterAggregate: aggregate " + std::to_string(k) + " reads an output the program does not have");
    }
    aggs.push_back(FusedAggregate{fn, outs[k]});
  }
  Evaluator ev(b.program, b.inputs, SMALL_CHUNK);
  std::vector<uint8_t> sel(SMALL_CHUNK), scratch(SMALL_CHUNK);
  std::vector<double> values(SMALL_CHUNK);
  int64_t kept = 0;
  for (size_t start = 0; start < b.rows; start += SMALL_CHUNK) {
    const size_t n = std::min(SMALL_CHUNK, b.rows - start);
    ev.run(start, n);
    selectionBytes(ev, predicate, n, sel.data());
    kept += static_cast<int64_t>(sumBytes(sel.data(), n));
    for (FusedAggregate& g : aggs) {
      if (g.fn == AggregateFn::CountAll) continue;
      dispatchNumeric(b.program.outputTypes[static_cast<size_t>(g.output)], [&](auto tag) {
        accumulate<decltype(tag)>(g, ev.output(static_cast<size_t>(g.output)), sel.data(), n, scratch.data(), values.data());
        return 0;
      });
    }
  }
  for (size_t k = 0; k < aggs.size(); k++) {
    FusedAggregate& g = aggs[k];
    if (g.fn == AggregateFn::CountAll) g.count = kept;
    const double sum = laneTotal(g.lanes);
    results[2 * k] = g.fn == AggregateFn::Mean ? (g.count > 0 ? sum / static_cast<double>(g.count) : 0) : (g.fn == AggregateFn::Sum ? sum : g.value);
    results[2 * k + 1] = static_cast<double>(g.count);
    wide[k] = g.wide;
  }
  return Napi::Number::New(env, static_cast<double>(kept));
}

}  // namespace

DATAJAX_EXPORTS(registerExpressionKernels) {
  exports.Set("exprMap", Napi::Function::New(env, exprMap, "exprMap"));
  exports.Set("exprFilter", Napi::Function::New(env, exprFilter, "exprFilter"));
  exports.Set("exprFilterAggregate", Napi::Function::New(env, exprFilterAggregate, "exprFilterAggregate"));
  exports.Set("exprFilterMap", Napi::Function::New(env, exprFilterMap, "exprFilterMap"));
}

}  // namespace kernels
}  // namespace datajax
