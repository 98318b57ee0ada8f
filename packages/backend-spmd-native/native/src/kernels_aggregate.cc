// Hash aggregation (partial or final: a final phase aggregates partial columns with the same
// functions, e.g. the sum of partial counts), as the N-API class GroupAggregator:
//   new GroupAggregator(keyTypes: Int32Array, keyDomains: Int32Array, fns: Int32Array, argTypes: Int32Array)
//   .update(keyValues[], keyValidity[], argValues[], argValidity[], rows)   (count() entries are ignored)
//   .updateFiltered(program, values[], validity[], rows, predicate, keyOutputs, argOutputs)
//     (filter + derive + aggregate in one pass: the program runs chunk by chunk over the input
//     columns, the rows where output `predicate` is true (-1: every row) are compacted in cache,
//     and key k / aggregate a read program outputs keyOutputs[k] / argOutputs[a] (-1 for count());
//     no column of keys or arguments is ever written out)
//   .groupCount()
//   .emit(keyValues[], keyValidity[], resultValues[], resultValidity[]) -> null count per result
// Groups come out in first-seen order. Nulls per DESIGN: aggregates skip null values, null keys
// form a group, sum/mean/min/max/first/last of no values are null, count is never null.
// Sums of integers are exact int64 (wrapping), of floats float64; mean is float64.
#include <algorithm>

#include "addon_registry.h"
#include "kernels_aggregate_fns.h"
#include "kernels_expr_eval.h"
#include "kernels_key_table.h"

namespace datajax {
namespace kernels {

namespace {

constexpr size_t BLOCK = 16384;

/** One aggregate's per-group state; which vectors are used depends on the function and the argument type. */
struct AggregateState {
  AggregateFn fn;
  PhysType arg;
  bool floating;                 // the argument is float32/float64 (states in `f`), else integral (`i`)
  std::vector<int64_t> i;        // integer sum / min / max / first / last
  std::vector<double> f;         // float sum / min / max / first / last, mean's sum
  // count(x), sum, mean: the null values skipped (values = the group's rows - n); min, max,
  // first, last: the values seen (0 → null); count() keeps none (the group's rows are its count).
  std::vector<int64_t> n;

  bool countsNulls() const { return fn == AggregateFn::Count || fn == AggregateFn::Sum || fn == AggregateFn::Mean; }

  void resize(size_t groups) {
    n.resize(groups, 0);
    if (fn == AggregateFn::Count || fn == AggregateFn::CountAll) return;
    if (floating || fn == AggregateFn::Mean) f.resize(groups, 0.0);
    else i.resize(groups, 0);
  }
};

template <typename T>
void update(AggregateState& s, const ColumnView& c, size_t start, size_t m, const int32_t* gid) {
  const T* x = reinterpret_cast<const T*>(c.values) + start;
  const uint8_t* v = c.validity;
  auto valid = [&](size_t i) -> bool { return v == nullptr || bitAt(v, start + i); };
  int64_t* n = s.n.data();
  switch (s.fn) {
    case AggregateFn::CountAll: break;
    case AggregateFn::Count:
      if (v != nullptr) for (size_t i = 0; i < m; i++) n[gid[i]] += !valid(i);
      break;
    case AggregateFn::Sum: case AggregateFn::Mean:
      if (s.floating || s.fn == AggregateFn::Mean) {
        double* f = s.f.data();
        if (v == nullptr) for (size_t i = 0; i < m; i++) f[gid[i]] += static_cast<double>(x[i]);
        else for (size_t i = 0; i < m; i++) { const bool ok = valid(i); f[gid[i]] += ok ? static_cast<double>(x[i]) : -0.0; n[gid[i]] += !ok; }
      } else {
        int64_t* acc = s.i.data();
        for (size_t i = 0; i < m; i++) {
          const bool ok = valid(i);
          const uint64_t add = ok ? static_cast<uint64_t>(static_cast<int64_t>(x[i])) : 0;
          acc[gid[i]] = static_cast<int64_t>(static_cast<uint64_t>(acc[gid[i]]) + add);
          n[gid[i]] += !ok;
        }
      }
      break;
    case AggregateFn::Min: case AggregateFn::Max:
      if (s.floating) {  // branch-free: the state takes the value or keeps itself
        double* f = s.f.data();
        const bool isMax = s.fn == AggregateFn::Max;
        for (size_t i = 0; i < m; i++) {
          const int32_t g = gid[i];
          const bool ok = valid(i);
          const double val = static_cast<double>(x[i]);
          const double cur = f[g];
          const bool better = isMax ? val > cur : val < cur;
          f[g] = (ok && (n[g] == 0 || better)) ? val : cur;
          n[g] += ok;
        }
        break;
      }
      [[fallthrough]];
    default: {
      // As the local backend: a value replaces the state when the group has none yet or it
      // compares smaller (min) / larger (max); first keeps the first value, last the latest.
      const bool isMin = s.fn == AggregateFn::Min, isMax = s.fn == AggregateFn::Max, isFirst = s.fn == AggregateFn::First;
      for (size_t i = 0; i < m; i++) {
        if (!valid(i)) continue;
        const int32_t g = gid[i];
        const T val = x[i];
        bool replace;
        if (isFirst) replace = n[g] == 0;
        else if (!isMin && !isMax) replace = true;
        else {
          const T cur = s.floating ? static_cast<T>(s.f[g]) : static_cast<T>(s.i[g]);
          replace = n[g] == 0 || (isMin ? val < cur : val > cur);
        }
        if (replace) {
          if (s.floating) s.f[g] = static_cast<double>(val);
          else s.i[g] = static_cast<int64_t>(val);
        }
        n[g]++;
      }
    }
  }
}

class GroupAggregator : public Napi::ObjectWrap<GroupAggregator> {
 public:
  static Napi::Function define(Napi::Env env) {
    return DefineClass(env, "GroupAggregator", {
      InstanceMethod("update", &GroupAggregator::updateBatch),
      InstanceMethod("updateFiltered", &GroupAggregator::updateFiltered),
      InstanceMethod("groupCount", &GroupAggregator::groupCount),
      InstanceMethod("emit", &GroupAggregator::emit),
    });
  }

  explicit GroupAggregator(const Napi::CallbackInfo& info) : Napi::ObjectWrap<GroupAggregator>(info), table_({}) {
    Napi::Env env = info.Env();
    size_t nk = 0, nd = 0, nf = 0, na = 0;
    const int32_t* keyTypes = int32ArrayArg(info, 0, &nk, "GroupAggregator");
    const int32_t* domains = int32ArrayArg(info, 1, &nd, "GroupAggregator");
    const int32_t* fns = int32ArrayArg(info, 2, &nf, "GroupAggregator");
    const int32_t* args = int32ArrayArg(info, 3, &na, "GroupAggregator");
    if (nk != nd || nf != na) throw Napi::TypeError::New(env, "GroupAggregator: keyTypes/keyDomains and fns/argTypes must have equal lengths");
    std::vector<KeyDomain> d;
    for (size_t k = 0; k < nk; k++) {
      keyTypes_.push_back(physTypeFrom(env, keyTypes[k], "GroupAggregator key"));
      if (domains[k] != 0 && domains[k] != 1) throw Napi::TypeError::New(env, "GroupAggregator: key domain must be 0 (int) or 1 (float)");
      d.push_back(static_cast<KeyDomain>(domains[k]));
    }
    table_ = KeyTable(std::move(d));
    for (size_t k = 0; k < nf; k++) {
      const AggregateFn fn = aggregateFnFrom(env, fns[k], "GroupAggregator");
      const PhysType arg = fn == AggregateFn::CountAll ? PhysType::Int64 : physTypeFrom(env, args[k], "GroupAggregator argument");
      if (arg == PhysType::Bool && fn != AggregateFn::Count) throw Napi::TypeError::New(env, "GroupAggregator: bool arguments only for count; cast them first");
      aggs_.push_back(AggregateState{fn, arg, arg == PhysType::Float32 || arg == PhysType::Float64, {}, {}, {}});
    }
  }

 private:
  std::vector<PhysType> keyTypes_;
  KeyTable table_;
  std::vector<AggregateState> aggs_;
  std::vector<int32_t> gids_;
  std::vector<int64_t> rows_;  // per group: its rows so far (count(), and the base of the null-counting states)

  Napi::Value updateBatch(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Napi::Array keyValues = arrayArg(info, 0, "GroupAggregator.update");
    Napi::Array keyValidity = arrayArg(info, 1, "GroupAggregator.update");
    Napi::Array argValues = arrayArg(info, 2, "GroupAggregator.update");
    Napi::Array argValidity = arrayArg(info, 3, "GroupAggregator.update");
    const int32_t rows = int32Arg(info, 4, "GroupAggregator.update");
    if (rows < 0 || keyValues.Length() != keyTypes_.size() || argValues.Length() != aggs_.size()) {
      throw Napi::TypeError::New(env, "GroupAggregator.update: give one column per key and per aggregate (any value for count()) and rows >= 0");
    }
    const size_t n = static_cast<size_t>(rows);
    std::vector<ColumnView> keys, args;
    for (uint32_t k = 0; k < keyTypes_.size(); k++) keys.push_back(columnViewAt(env, keyValues, keyValidity, k, keyTypes_[k], n, "GroupAggregator.update key"));
    for (uint32_t k = 0; k < aggs_.size(); k++) {
      args.push_back(aggs_[k].fn == AggregateFn::CountAll ? ColumnView{PhysType::Int64, nullptr, nullptr} : columnViewAt(env, argValues, argValidity, k, aggs_[k].arg, n, "GroupAggregator.update argument"));
    }
    gids_.resize(BLOCK);
    for (size_t start = 0; start < n; start += BLOCK) foldBlock(keys, args, start, std::min(BLOCK, n - start));
    return env.Undefined();
  }

  /** Folds rows [start, start + m) (m <= BLOCK) of the key and argument columns into the groups. */
  void foldBlock(const std::vector<ColumnView>& keys, const std::vector<ColumnView>& args, size_t start, size_t m) {
    assignBlock(keys, start, m);
    for (AggregateState& s : aggs_) s.resize(groups());
    rows_.resize(groups(), 0);
    int64_t* groupRows = rows_.data();
    for (size_t i = 0; i < m; i++) groupRows[gids_[i]]++;
    for (size_t k = 0; k < aggs_.size(); k++) {
      AggregateState& s = aggs_[k];
      if (s.fn == AggregateFn::CountAll) continue;
      dispatchNumeric(s.arg, [&](auto tag) {
        update<decltype(tag)>(s, args[k], start, m, gids_.data());
        return 0;
      });
    }
  }

  /** The selected rows of a chunk's register, compacted into a column view backed by `values` / `validity` (bitmaps for bool and nulls). */
  static ColumnView compactRegister(const Register& r, PhysType type, const uint8_t* sel, size_t n, size_t m, std::vector<uint8_t>& values, std::vector<uint8_t>& bytes, std::vector<uint8_t>& validity) {
    ColumnView c{type, values.data(), nullptr};
    if (m == n && type != PhysType::Bool) {
      c.values = r.data;  // every row kept: the register itself
    } else if (type == PhysType::Bool) {
      size_t k = 0;
      for (size_t i = 0; i < n; i++) { bytes[k] = r.data[i]; k += sel[i]; }
      packBits(bytes.data(), m, values.data(), 0);
    } else {
      dispatchNumeric(type, [&](auto tag) {
        using T = decltype(tag);
        const T* x = reinterpret_cast<const T*>(r.data);
        T* o = reinterpret_cast<T*>(values.data());
        size_t k = 0;
        for (size_t i = 0; i < n; i++) { o[k] = x[i]; k += sel[i]; }  // branch-free; one spare slot
        return 0;
      });
    }
    if (r.valid != nullptr) {
      if (m == n) packBits(r.valid, n, validity.data(), 0);
      else {
        size_t k = 0;
        for (size_t i = 0; i < n; i++) { bytes[k] = r.valid[i]; k += sel[i]; }
        packBits(bytes.data(), m, validity.data(), 0);
      }
      c.validity = validity.data();
    }
    return c;
  }

  Napi::Value updateFiltered(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    const char* where = "GroupAggregator.updateFiltered";
    const Program program = decodeProgram(env, info[0]);
    Napi::Array values = arrayArg(info, 1, where);
    Napi::Array validity = arrayArg(info, 2, where);
    const int32_t rows = int32Arg(info, 3, where);
    const int32_t predicate = int32Arg(info, 4, where);
    size_t nk = 0, na = 0;
    const int32_t* keyOutputs = int32ArrayArg(info, 5, &nk, where);
    const int32_t* argOutputs = int32ArrayArg(info, 6, &na, where);
    const int32_t outputs = static_cast<int32_t>(program.outputRegisters.size());
    if (rows < 0 || values.Length() != program.inputTypes.size() || nk != keyTypes_.size() || na != aggs_.size()) {
      throw Napi::TypeError::New(env, std::string(where) + ": give one input column per program input, one output per key and per aggregate, and rows >= 0");
    }
    if (predicate >= outputs || (predicate >= 0 && program.outputTypes[static_cast<size_t>(predicate)] != PhysType::Bool)) {
      throw Napi::RangeError::New(env, std::string(where) + ": the predicate must be a bool output of the program (or -1)");
    }
    auto checkOutput = [&](int32_t o, PhysType want, const std::string& what) {
      if (o < 0 || o >= outputs || program.outputTypes[static_cast<size_t>(o)] != want) {
        throw Napi::TypeError::New(env, std::string(where) + ": " + what + " must read a program output of its physical type");
      }
    };
    for (size_t k = 0; k < nk; k++) checkOutput(keyOutputs[k], keyTypes_[k], "key " + std::to_string(k));
    for (size_t k = 0; k < na; k++) if (aggs_[k].fn != AggregateFn::CountAll) checkOutput(argOutputs[k], aggs_[k].arg, "aggregate " + std::to_string(k));
    const size_t n = static_cast<size_t>(rows);
    std::vector<ColumnView> inputs;
    for (uint32_t k = 0; k < values.Length(); k++) inputs.push_back(columnViewAt(env, values, validity, k, program.inputTypes[k], n, where));
    Evaluator ev(program, inputs);
    const size_t columns = nk + na;
    std::vector<std::vector<uint8_t>> vals(columns, std::vector<uint8_t>((CHUNK + 1) * 8)), valid(columns, std::vector<uint8_t>(CHUNK / 8 + 1));
    std::vector<uint8_t> sel(CHUNK), bytes(CHUNK + 1);
    std::vector<ColumnView> keys(nk), args(na, ColumnView{PhysType::Int64, nullptr, nullptr});
    gids_.resize(BLOCK);
    for (size_t start = 0; start < n; start += CHUNK) {
      const size_t m0 = std::min(CHUNK, n - start);
      ev.run(start, m0);
      if (predicate < 0) std::memset(sel.data(), 1, m0);
      else {
        const Register& p = ev.output(static_cast<size_t>(predicate));
        if (p.valid == nullptr) std::memcpy(sel.data(), p.data, m0);
        else for (size_t i = 0; i < m0; i++) sel[i] = p.data[i] & p.valid[i];
      }
      size_t m = 0;
      for (size_t i = 0; i < m0; i++) m += sel[i];
      if (m == 0) continue;
      for (size_t k = 0; k < nk; k++) keys[k] = compactRegister(ev.output(static_cast<size_t>(keyOutputs[k])), keyTypes_[k], sel.data(), m0, m, vals[k], bytes, valid[k]);
      for (size_t k = 0; k < na; k++) {
        if (aggs_[k].fn != AggregateFn::CountAll) args[k] = compactRegister(ev.output(static_cast<size_t>(argOutputs[k])), aggs_[k].arg, sel.data(), m0, m, vals[nk + k], bytes, valid[nk + k]);
      }
      foldBlock(keys, args, 0, m);
    }
    return env.Undefined();
  }

  /** Group ids of rows [start, start + m) into gids_. */
  void assignBlock(const std::vector<ColumnView>& keys, size_t start, size_t m) {
    if (keys.empty()) {  // a global aggregate: one group, even over no rows
      std::fill(gids_.begin(), gids_.begin() + static_cast<long>(m), 0);
      return;
    }
    std::vector<ColumnView> shifted;
    // BLOCK is a multiple of 8, so a block's bitmaps start on a byte.
    for (const ColumnView& k : keys) {
      ColumnView v = k;
      if (v.type == PhysType::Bool) v.values += start / 8;
      else v.values += start * bytesOf(v.type);
      if (v.validity) v.validity += start / 8;
      shifted.push_back(v);
    }
    table_.assign(shifted, m, true, true, gids_.data());
  }

  size_t groups() const { return keyTypes_.empty() ? 1 : table_.groupCount(); }

  Napi::Value groupCount(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), static_cast<double>(groups())); }

  Napi::Value emit(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Napi::Array keyValues = arrayArg(info, 0, "GroupAggregator.emit");
    Napi::Array keyValidity = arrayArg(info, 1, "GroupAggregator.emit");
    Napi::Array resultValues = arrayArg(info, 2, "GroupAggregator.emit");
    Napi::Array resultValidity = arrayArg(info, 3, "GroupAggregator.emit");
    const size_t G = groups();
    if (keyValues.Length() != keyTypes_.size() || resultValues.Length() != aggs_.size()) throw Napi::TypeError::New(env, "GroupAggregator.emit: give one output per key and per aggregate");
    auto out = [&](Napi::Array arr, uint32_t k, size_t need, const char* what) {
      size_t bytes = 0;
      uint8_t* p = typedArrayBytes(env, arr.Get(k), &bytes, std::string("GroupAggregator.emit ") + what);
      if (G > 0 && (p == nullptr || bytes < need)) throw Napi::RangeError::New(env, std::string("GroupAggregator.emit: ") + what + " " + std::to_string(k) + " is too short for " + std::to_string(G) + " groups");
      return p;
    };
    for (uint32_t c = 0; c < keyTypes_.size(); c++) {
      uint8_t* vals = out(keyValues, c, keyTypes_[c] == PhysType::Bool ? (G + 7) / 8 : G * bytesOf(keyTypes_[c]), "key values");
      uint8_t* valid = out(keyValidity, c, (G + 7) / 8, "key validity");
      if (G == 0) continue;
      std::memset(valid, 0, (G + 7) / 8);
      if (keyTypes_[c] == PhysType::Bool) std::memset(vals, 0, (G + 7) / 8);
      dispatchNumeric(keyTypes_[c], [&](auto tag) {
        using T = decltype(tag);
        for (size_t g = 0; g < G; g++) {
          const bool isNull = table_.keyIsNull(c, g);
          if (!isNull) valid[g >> 3] |= static_cast<uint8_t>(1 << (g & 7));
          const int64_t bits = table_.keyBits(c, g);
          T v;
          if (table_.domain(c) == KeyDomain::Int) v = static_cast<T>(bits);
          else {
            double d;
            std::memcpy(&d, &bits, sizeof d);
            v = static_cast<T>(d);
          }
          if (keyTypes_[c] == PhysType::Bool) {
            if (v) vals[g >> 3] |= static_cast<uint8_t>(1 << (g & 7));
          } else {
            std::memcpy(vals + g * sizeof(T), &v, sizeof(T));
          }
        }
        return 0;
      });
    }
    Napi::Array nulls = Napi::Array::New(env, aggs_.size());
    rows_.resize(G, 0);
    for (uint32_t k = 0; k < aggs_.size(); k++) {
      AggregateState& s = aggs_[k];
      s.resize(G);
      const PhysType rt = resultType(s);
      uint8_t* vals = out(resultValues, k, G * bytesOf(rt), "result values");
      uint8_t* valid = out(resultValidity, k, (G + 7) / 8, "result validity");
      size_t nullCount = 0;
      if (G > 0) std::memset(valid, 0, (G + 7) / 8);
      dispatchNumeric(rt, [&](auto tag) {
        using T = decltype(tag);
        for (size_t g = 0; g < G; g++) {
          const bool isCount = s.fn == AggregateFn::Count || s.fn == AggregateFn::CountAll;
          const int64_t values = s.fn == AggregateFn::CountAll ? rows_[g] : s.countsNulls() ? rows_[g] - s.n[g] : s.n[g];
          const bool ok = isCount || values > 0;
          nullCount += ok ? 0 : 1;
          if (ok) valid[g >> 3] |= static_cast<uint8_t>(1 << (g & 7));
          T v{};
          if (isCount) v = static_cast<T>(values);
          else if (s.fn == AggregateFn::Mean) v = static_cast<T>(ok ? s.f[g] / static_cast<double>(values) : 0.0);
          else if (s.floating) v = static_cast<T>(s.f[g]);
          else v = static_cast<T>(s.i[g]);
          std::memcpy(vals + g * sizeof(T), &v, sizeof(T));
        }
        return 0;
      });
      nulls.Set(k, Napi::Number::New(env, static_cast<double>(nullCount)));
    }
    return nulls;
  }

  /** count: int64; sum: int64 (signed ints), uint64 (unsigned), float64; mean: float64; others: the argument's type. */
  static PhysType resultType(const AggregateState& s) {
    switch (s.fn) {
      case AggregateFn::Count: case AggregateFn::CountAll: return PhysType::Int64;
      case AggregateFn::Mean: return PhysType::Float64;
      case AggregateFn::Sum:
        if (s.floating) return PhysType::Float64;
        return (s.arg == PhysType::Uint8 || s.arg == PhysType::Uint16 || s.arg == PhysType::Uint32 || s.arg == PhysType::Uint64) ? PhysType::Uint64 : PhysType::Int64;
      default: return s.arg;
    }
  }
};

}  // namespace

DATAJAX_EXPORTS(registerAggregateKernels) {
  exports.Set("GroupAggregator", GroupAggregator::define(env));
}

}  // namespace kernels
}  // namespace datajax
