// The expression evaluator (see kernels_expr_eval.h). Semantics follow DESIGN.md §2 and the local
// backend's generated code: integer arithmetic wraps at the type's width, integer floordiv/mod by
// zero is null, float division is IEEE, mod takes the sign of the divisor, casts to an integer type
// give null for values that are not finite or do not fit, and/or use three-valued logic.
#include "kernels_expr_eval.h"

#include <algorithm>
#include <limits>

namespace datajax {
namespace kernels {

namespace {

template <typename T>
using Unsigned = std::conditional_t<(sizeof(T) < 4), uint32_t, std::make_unsigned_t<T>>;

/** Integer results wrap (two's complement); floats compute as they are. */
template <typename T>
inline T wrapAdd(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) return a + b;
  else return static_cast<T>(static_cast<Unsigned<T>>(static_cast<Unsigned<T>>(a) + static_cast<Unsigned<T>>(b)));
}
template <typename T>
inline T wrapSub(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) return a - b;
  else return static_cast<T>(static_cast<Unsigned<T>>(static_cast<Unsigned<T>>(a) - static_cast<Unsigned<T>>(b)));
}
template <typename T>
inline T wrapMul(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) return a * b;
  else return static_cast<T>(static_cast<Unsigned<T>>(static_cast<Unsigned<T>>(a) * static_cast<Unsigned<T>>(b)));
}
template <typename T>
inline T wrapNeg(T a) {
  if constexpr (std::is_floating_point_v<T>) return -a;
  else return static_cast<T>(static_cast<Unsigned<T>>(Unsigned<T>(0) - static_cast<Unsigned<T>>(a)));
}

inline int64_t floorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
  return q;
}

/** floor(x / UNIT) mod MOD (non-negative) of each value: hour, minute or second of a timestamp, UTC. */
template <int64_t UNIT, int64_t MOD>
void floorUnitsMod(const int64_t* x, int32_t* z, size_t n) {
  for (size_t i = 0; i < n; i++) {
    const int64_t v = x[i];
    int64_t q = v / UNIT;
    q -= (v % UNIT != 0) & (v < 0);
    int64_t r = q % MOD;
    r += r < 0 ? MOD : 0;
    z[i] = static_cast<int32_t>(r);
  }
}

/** hour / minute / second of timestamps with PER_SECOND ticks a second, with constant divisors (multiplications). */
template <int64_t PER_SECOND>
void timeOfDayField(const int64_t* x, int32_t* z, size_t n, Op op) {
  if (op == Op::Hour) floorUnitsMod<PER_SECOND * 3600, 24>(x, z, n);
  else if (op == Op::Minute) floorUnitsMod<PER_SECOND * 60, 60>(x, z, n);
  else floorUnitsMod<PER_SECOND, 60>(x, z, n);
}

/** Rows take[start .. start + n) of a gathered column into a register (-1 and null rows invalid). */
void loadGathered(const ColumnView& col, size_t start, size_t n, uint8_t* out, uint8_t* vout, Register& dst) {
  const int32_t* idx = col.take + start;
  bool anyNull = false;
  int32_t lowest = 0;
  for (size_t i = 0; i < n; i++) lowest = std::min(lowest, idx[i]);
  if (lowest >= 0 && col.validity == nullptr && col.type != PhysType::Bool) {  // every row names a valid value
    dispatchNumeric(col.type, [&, n](auto tag) {
      using T = decltype(tag);
      const T* x = reinterpret_cast<const T*>(col.values);
      T* z = reinterpret_cast<T*>(out);
      for (size_t i = 0; i < n; i++) z[i] = x[idx[i]];
      return 0;
    });
    dst.data = out;
    dst.valid = nullptr;
    return;
  }
  if (col.type == PhysType::Bool) {
    for (size_t i = 0; i < n; i++) out[i] = idx[i] >= 0 && bitAt(col.values, static_cast<size_t>(idx[i]));
  } else {
    dispatchNumeric(col.type, [&, n](auto tag) {
      using T = decltype(tag);
      const T* x = reinterpret_cast<const T*>(col.values);
      T* z = reinterpret_cast<T*>(out);
      for (size_t i = 0; i < n; i++) z[i] = idx[i] >= 0 ? x[idx[i]] : T{};
      return 0;
    });
  }
  for (size_t i = 0; i < n; i++) {
    const uint8_t ok = idx[i] >= 0 && (col.validity == nullptr || bitAt(col.validity, static_cast<size_t>(idx[i])));
    vout[i] = ok;
    anyNull |= !ok;
  }
  dst.data = out;
  dst.valid = anyNull ? vout : nullptr;
}

/** Validity of a two-operand result: the AND of both operands' (nullptr when both have none). */
/** z[i] = cmp(x[i], y[i]) as 0/1 bytes; the operands never overlap the output (so it vectorizes). */
template <typename T, typename Cmp>
inline void compareLoop(const T* __restrict x, const T* __restrict y, uint8_t* __restrict z, size_t n, Cmp cmp) {
  for (size_t i = 0; i < n; i++) z[i] = static_cast<uint8_t>(cmp(x[i], y[i]));
}

inline const uint8_t* mergeValidity(const uint8_t* va, const uint8_t* vb, uint8_t* out, size_t n) {
  if (va == nullptr && vb == nullptr) return nullptr;
  if (va == nullptr || vb == nullptr) {
    const uint8_t* v = va ? va : vb;
    if (v != out) std::memcpy(out, v, n);
    return out;
  }
  for (size_t i = 0; i < n; i++) out[i] = va[i] & vb[i];
  return out;
}

inline const uint8_t* copyValidity(const uint8_t* v, uint8_t* out, size_t n) {
  if (v == nullptr) return nullptr;
  if (v != out) std::memcpy(out, v, n);
  return out;
}

// --- days since the epoch → civil date (H. Hinnant's algorithms, as backend-local's datetime.ts) ---

struct Civil {
  int64_t year, month, day;
};

inline Civil civilFromDays(int64_t days) {
  const int64_t z = days + 719468;
  const int64_t era = floorDiv(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  return {yoe + era * 400 + (mp >= 10 ? 1 : 0), month, day};
}

inline int64_t daysFromCivilJan1(int64_t year) {
  const int64_t y = year - 1;  // January is month <= 2
  const int64_t era = floorDiv(y, 400);
  const int64_t yoe = y - era * 400;
  const int64_t doy = 306;  // (153 * (1 + 9) + 2) / 5 + 1 - 1
  return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

/** Whether integer (or bool) `v` is representable in integer type To. */
template <typename To, typename From>
inline bool intFits(From v) {
  if constexpr (std::is_signed_v<From>) {
    if (v < 0) {
      if constexpr (!std::is_signed_v<To>) return false;
      else return static_cast<int64_t>(v) >= static_cast<int64_t>(std::numeric_limits<To>::min());
    }
  }
  return static_cast<uint64_t>(v) <= static_cast<uint64_t>(std::numeric_limits<To>::max());
}

/** Converts one value; `ok` false makes the row null (integer targets only). */
template <typename To, typename From>
inline To convert(From v, uint8_t& ok) {
  if constexpr (std::is_same_v<To, bool>) {
    return v != 0;
  } else if constexpr (std::is_floating_point_v<To>) {
    return static_cast<To>(v);
  } else if constexpr (std::is_floating_point_v<From>) {
    const double t = std::trunc(static_cast<double>(v));
    const double hi = std::ldexp(1.0, std::numeric_limits<To>::digits);  // exclusive
    const double lo = std::is_signed_v<To> ? -hi : 0.0;
    ok = (t >= lo && t < hi) ? 1 : 0;  // NaN and ±inf fail
    return ok ? static_cast<To>(t) : To(0);
  } else {
    ok = intFits<To>(v) ? 1 : 0;
    return static_cast<To>(v);
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------------

Program decodeProgram(Napi::Env env, Napi::Value value) {
  if (!value.IsObject()) throw Napi::TypeError::New(env, "expression program: expected an object from compileExprProgram");
  Napi::Object o = value.As<Napi::Object>();
  Program p;
  size_t bytes = 0;
  const uint8_t* code = typedArrayBytes(env, o.Get("code"), &bytes, "expression program code");
  const size_t words = bytes / 4;
  if (code == nullptr || words % INSTRUCTION_WORDS != 0) throw Napi::TypeError::New(env, "expression program: code must be an Int32Array of 8-word instructions");
  p.registers = o.Get("registers").As<Napi::Number>().Int32Value();
  for (size_t w = 0; w < words; w += INSTRUCTION_WORDS) {
    int32_t x[INSTRUCTION_WORDS];
    std::memcpy(x, code + w * 4, sizeof x);
    if (x[0] < 0 || x[0] >= OP_COUNT) throw Napi::TypeError::New(env, "expression program: unknown opcode " + std::to_string(x[0]));
    const bool rawOperands = x[0] == static_cast<int32_t>(Op::Load) || x[0] == static_cast<int32_t>(Op::Const);
    for (int k = 2; k <= 5; k++) {
      if (rawOperands && k > 2) continue;  // an input slot / a constant index, checked below
      if (x[k] < -1 || x[k] >= p.registers || (k == 2 && x[k] < 0)) throw Napi::RangeError::New(env, "expression program: register out of range in instruction " + std::to_string(w / INSTRUCTION_WORDS));
    }
    const int64_t imm = static_cast<int64_t>((static_cast<uint64_t>(static_cast<uint32_t>(x[7])) << 32) | static_cast<uint32_t>(x[6]));
    p.code.push_back({static_cast<Op>(x[0]), physTypeFrom(env, x[1], "expression program"), x[2], x[3], x[4], x[5], imm});
  }
  const uint8_t* c = typedArrayBytes(env, o.Get("constants"), &bytes, "expression program constants");
  p.constants.resize(bytes / 8);
  if (bytes) std::memcpy(p.constants.data(), c, bytes);
  const uint8_t* wc = typedArrayBytes(env, o.Get("wideConstants"), &bytes, "expression program wideConstants");
  p.wideConstants.resize(bytes / 8);
  if (bytes) std::memcpy(p.wideConstants.data(), wc, bytes);
  const uint8_t* it = typedArrayBytes(env, o.Get("inputTypes"), &bytes, "expression program inputTypes");
  for (size_t k = 0; k < bytes / 4; k++) p.inputTypes.push_back(physTypeFrom(env, loadAt<int32_t>(it, k), "expression program input"));
  const uint8_t* orr = typedArrayBytes(env, o.Get("outputRegisters"), &bytes, "expression program outputRegisters");
  for (size_t k = 0; k < bytes / 4; k++) {
    const int32_t r = loadAt<int32_t>(orr, k);
    if (r < 0 || r >= p.registers) throw Napi::RangeError::New(env, "expression program: output register out of range");
    p.outputRegisters.push_back(r);
  }
  const uint8_t* ot = typedArrayBytes(env, o.Get("outputTypes"), &bytes, "expression program outputTypes");
  for (size_t k = 0; k < bytes / 4; k++) p.outputTypes.push_back(physTypeFrom(env, loadAt<int32_t>(ot, k), "expression program output"));
  if (p.outputTypes.size() != p.outputRegisters.size()) throw Napi::TypeError::New(env, "expression program: outputTypes and outputRegisters differ in length");
  for (const Instruction& ins : p.code) {
    if (ins.op == Op::Load && (ins.a < 0 || static_cast<size_t>(ins.a) >= p.inputTypes.size())) throw Napi::RangeError::New(env, "expression program: load of an input slot that does not exist");
    if (ins.op == Op::Const) {
      const size_t table = (ins.type == PhysType::Int64 || ins.type == PhysType::Uint64) ? p.wideConstants.size() : p.constants.size();
      if (ins.b == 0 && (ins.a < 0 || static_cast<size_t>(ins.a) >= table)) throw Napi::RangeError::New(env, "expression program: constant index out of range");
    }
  }
  return p;
}

namespace {
/** The per-thread register storage evaluators borrow (grown, never shrunk), and whether one holds it. */
thread_local std::vector<uint8_t> sharedScratch;
thread_local bool sharedScratchInUse = false;
}  // namespace

Evaluator::Evaluator(const Program& program, std::vector<ColumnView> inputs, size_t chunk)
    : program_(program), inputs_(std::move(inputs)), chunk_(std::min(chunk, CHUNK)), regs_(static_cast<size_t>(program.registers)) {
  // Registers are always written before they are read (loads, constants, then each instruction's
  // destination), so the storage needs no zeroing.
  const size_t bytes = static_cast<size_t>(program.registers) * chunk_ * 9;
  uint8_t* base;
  if (!sharedScratchInUse) {
    if (sharedScratch.size() < bytes) sharedScratch.resize(bytes);
    sharedScratchInUse = true;
    borrowed_ = true;
    base = sharedScratch.data();
  } else {
    owned_.resize(bytes);
    base = owned_.data();
  }
  scratch_ = base;
  vscratch_ = base + static_cast<size_t>(program.registers) * chunk_ * 8;
  for (const Instruction& ins : program_.code) {
    if (ins.op == Op::Const) fillConstant(ins);
  }
}

Evaluator::~Evaluator() {
  if (borrowed_) sharedScratchInUse = false;
}

void Evaluator::fillConstant(const Instruction& ins) {
  uint8_t* d = dataOf(ins.dst);
  Register& r = regs_[static_cast<size_t>(ins.dst)];
  r.data = d;
  if (ins.b != 0) {  // a typed null
    std::memset(d, 0, chunk_ * 8);
    std::memset(validOf(ins.dst), 0, chunk_);
    r.valid = validOf(ins.dst);
    return;
  }
  r.valid = nullptr;
  if (ins.type == PhysType::Int64 || ins.type == PhysType::Uint64) {
    const int64_t v = program_.wideConstants[static_cast<size_t>(ins.a)];
    for (size_t i = 0; i < chunk_; i++) std::memcpy(d + i * 8, &v, 8);
    return;
  }
  const double v = program_.constants[static_cast<size_t>(ins.a)];
  dispatchNumeric(ins.type, [&](auto tag) {
    using T = decltype(tag);
    const T x = static_cast<T>(v);
    T* out = reinterpret_cast<T*>(d);
    for (size_t i = 0; i < chunk_; i++) out[i] = x;
    return 0;
  });
}

void Evaluator::run(size_t start, size_t n) {
  for (const Instruction& ins : program_.code) {
    if (ins.op != Op::Const) execute(ins, start, n);
  }
}

void Evaluator::execute(const Instruction& ins, size_t start, size_t n) {
  Register& dst = regs_[static_cast<size_t>(ins.dst)];
  const Register a = ins.a >= 0 ? regs_[static_cast<size_t>(ins.a)] : Register{};
  const Register b = ins.b >= 0 ? regs_[static_cast<size_t>(ins.b)] : Register{};
  const Register c = ins.c >= 0 ? regs_[static_cast<size_t>(ins.c)] : Register{};
  uint8_t* out = dataOf(ins.dst);
  uint8_t* vout = validOf(ins.dst);

  switch (ins.op) {
    case Op::Const: return;
    case Op::Load: {
      const ColumnView& col = inputs_[static_cast<size_t>(ins.a)];
      if (col.take != nullptr) {
        loadGathered(col, start, n, out, vout, dst);
        return;
      }
      if (col.type == PhysType::Bool) {
        unpackBits(col.values, start, n, out);
        dst.data = out;
      } else {
        dst.data = col.values + start * bytesOf(col.type);
      }
      if (col.validity != nullptr) {
        unpackBits(col.validity, start, n, vout);
        dst.valid = vout;
      } else {
        dst.valid = nullptr;
      }
      return;
    }

    case Op::Add: case Op::Sub: case Op::Mul: case Op::Div: case Op::Pow:
      dispatchNumeric(ins.type, [&, n](auto tag) {
        using T = decltype(tag);
        const T* x = reinterpret_cast<const T*>(a.data);
        const T* y = reinterpret_cast<const T*>(b.data);
        T* z = reinterpret_cast<T*>(out);
        switch (ins.op) {
          case Op::Add: for (size_t i = 0; i < n; i++) z[i] = wrapAdd<T>(x[i], y[i]); break;
          case Op::Sub: for (size_t i = 0; i < n; i++) z[i] = wrapSub<T>(x[i], y[i]); break;
          case Op::Mul: for (size_t i = 0; i < n; i++) z[i] = wrapMul<T>(x[i], y[i]); break;
          case Op::Div:
            if constexpr (std::is_floating_point_v<T>) for (size_t i = 0; i < n; i++) z[i] = x[i] / y[i];
            break;
          default:
            for (size_t i = 0; i < n; i++) z[i] = static_cast<T>(std::pow(static_cast<double>(x[i]), static_cast<double>(y[i])));
        }
        return 0;
      });
      dst.data = out;
      dst.valid = mergeValidity(a.valid, b.valid, vout, n);
      return;

    case Op::FloorDiv: case Op::Mod: {
      const bool mod = ins.op == Op::Mod;
      const bool integral = dispatchNumeric(ins.type, [&, n](auto tag) {
        using T = decltype(tag);
        const T* x = reinterpret_cast<const T*>(a.data);
        const T* y = reinterpret_cast<const T*>(b.data);
        T* z = reinterpret_cast<T*>(out);
        if constexpr (std::is_floating_point_v<T>) {
          for (size_t i = 0; i < n; i++) {
            const double p = x[i];
            const double q = y[i];
            if (mod) {
              double r = std::fmod(p, q);
              if (r != 0 && ((r < 0) != (q < 0))) r += q;
              z[i] = static_cast<T>(r);
            } else {
              z[i] = static_cast<T>(std::floor(p / q));
            }
          }
          return false;
        } else {
          // Integer division by zero is null; the divisor is replaced by 1 so no branch is needed.
          for (size_t i = 0; i < n; i++) {
            const T q0 = y[i];
            const uint8_t nonzero = q0 != 0;
            const T q = nonzero ? q0 : T(1);
            T quot, rem;
            if constexpr (std::is_signed_v<T>) {
              const bool minusOne = q == T(-1);  // MIN / -1 overflows: wrap instead
              const T q1 = minusOne ? T(1) : q;
              quot = static_cast<T>(x[i] / q1);
              rem = static_cast<T>(x[i] % q1);
              if (minusOne) quot = wrapNeg<T>(x[i]);
              const bool adjust = rem != 0 && ((rem < 0) != (q < 0));
              quot = static_cast<T>(quot - (adjust ? 1 : 0));
              rem = static_cast<T>(rem + (adjust ? q : 0));
            } else {
              quot = static_cast<T>(x[i] / q);
              rem = static_cast<T>(x[i] % q);
            }
            z[i] = mod ? rem : quot;
            vout[i] = static_cast<uint8_t>(nonzero & (a.valid ? a.valid[i] : 1) & (b.valid ? b.valid[i] : 1));
          }
          return true;
        }
      });
      dst.data = out;
      dst.valid = integral ? vout : mergeValidity(a.valid, b.valid, vout, n);
      return;
    }

    case Op::Neg: case Op::Abs: case Op::Sqrt: case Op::Exp: case Op::Log: case Op::Log10:
    case Op::Floor: case Op::Ceil: case Op::Round: {
      const int32_t decimals = static_cast<int32_t>(ins.imm);
      dispatchNumeric(ins.type, [&, n](auto tag) {
        using T = decltype(tag);
        const T* x = reinterpret_cast<const T*>(a.data);
        T* z = reinterpret_cast<T*>(out);
        switch (ins.op) {
          case Op::Neg: for (size_t i = 0; i < n; i++) z[i] = wrapNeg<T>(x[i]); break;
          case Op::Abs:
            if constexpr (std::is_floating_point_v<T>) for (size_t i = 0; i < n; i++) z[i] = std::fabs(x[i]);
            else if constexpr (std::is_signed_v<T>) for (size_t i = 0; i < n; i++) z[i] = x[i] < 0 ? wrapNeg<T>(x[i]) : x[i];
            else for (size_t i = 0; i < n; i++) z[i] = x[i];
            break;
          case Op::Sqrt: for (size_t i = 0; i < n; i++) z[i] = static_cast<T>(std::sqrt(static_cast<double>(x[i]))); break;
          case Op::Exp: for (size_t i = 0; i < n; i++) z[i] = static_cast<T>(std::exp(static_cast<double>(x[i]))); break;
          case Op::Log: for (size_t i = 0; i < n; i++) z[i] = static_cast<T>(std::log(static_cast<double>(x[i]))); break;
          case Op::Log10: for (size_t i = 0; i < n; i++) z[i] = static_cast<T>(std::log10(static_cast<double>(x[i]))); break;
          case Op::Floor:
            if constexpr (std::is_floating_point_v<T>) for (size_t i = 0; i < n; i++) z[i] = std::floor(x[i]);
            else for (size_t i = 0; i < n; i++) z[i] = x[i];
            break;
          case Op::Ceil:
            if constexpr (std::is_floating_point_v<T>) for (size_t i = 0; i < n; i++) z[i] = std::ceil(x[i]);
            else for (size_t i = 0; i < n; i++) z[i] = x[i];
            break;
          default: {  // round half away from zero to `decimals` digits
            const double f = std::pow(10.0, decimals);
            for (size_t i = 0; i < n; i++) {
              const double v = static_cast<double>(x[i]);
              double r = v;
              if (std::isfinite(v)) {
                r = std::round(std::fabs(v) * f) / f;
                if (v < 0) r = -r;
              }
              if constexpr (std::is_floating_point_v<T>) z[i] = static_cast<T>(r);
              else z[i] = static_cast<T>(static_cast<int64_t>(r));
            }
          }
        }
        return 0;
      });
      dst.data = out;
      dst.valid = copyValidity(a.valid, vout, n);
      return;
    }

    case Op::Eq: case Op::Neq: case Op::Lt: case Op::Lte: case Op::Gt: case Op::Gte:
      dispatchNumeric(ins.type, [&, n](auto tag) {
        using T = decltype(tag);
        const T* x = reinterpret_cast<const T*>(a.data);
        const T* y = reinterpret_cast<const T*>(b.data);
        uint8_t* z = out;
        switch (ins.op) {
          case Op::Eq: compareLoop(x, y, z, n, [](T p, T q) { return p == q; }); break;
          case Op::Neq: compareLoop(x, y, z, n, [](T p, T q) { return p != q; }); break;
          case Op::Lt: compareLoop(x, y, z, n, [](T p, T q) { return p < q; }); break;
          case Op::Lte: compareLoop(x, y, z, n, [](T p, T q) { return p <= q; }); break;
          case Op::Gt: compareLoop(x, y, z, n, [](T p, T q) { return p > q; }); break;
          default: compareLoop(x, y, z, n, [](T p, T q) { return p >= q; });
        }
        return 0;
      });
      dst.data = out;
      dst.valid = mergeValidity(a.valid, b.valid, vout, n);
      return;

    case Op::And: case Op::Or: {
      const uint8_t* x = a.data;
      const uint8_t* y = b.data;
      if (a.valid == nullptr && b.valid == nullptr) {
        if (ins.op == Op::And) for (size_t i = 0; i < n; i++) out[i] = x[i] & y[i];
        else for (size_t i = 0; i < n; i++) out[i] = x[i] | y[i];
        dst.data = out;
        dst.valid = nullptr;
        return;
      }
      // Kleene logic: a known-false operand decides AND, a known-true one decides OR.
      for (size_t i = 0; i < n; i++) {
        const uint8_t va = a.valid ? a.valid[i] : 1;
        const uint8_t vb = b.valid ? b.valid[i] : 1;
        if (ins.op == Op::And) {
          const uint8_t decided = (va & (x[i] ^ 1)) | (vb & (y[i] ^ 1));
          out[i] = static_cast<uint8_t>((decided ^ 1) & x[i] & y[i]);
          vout[i] = static_cast<uint8_t>(decided | (va & vb));
        } else {
          const uint8_t decided = (va & x[i]) | (vb & y[i]);
          out[i] = decided;
          vout[i] = static_cast<uint8_t>(decided | (va & vb));
        }
      }
      dst.data = out;
      dst.valid = vout;
      return;
    }
    case Op::Not:
      for (size_t i = 0; i < n; i++) out[i] = a.data[i] ^ 1;
      dst.data = out;
      dst.valid = copyValidity(a.valid, vout, n);
      return;

    case Op::IsNull: case Op::IsNotNull: {
      const uint8_t flip = ins.op == Op::IsNull ? 1 : 0;
      if (a.valid == nullptr) std::memset(out, flip ^ 1, n);
      else for (size_t i = 0; i < n; i++) out[i] = a.valid[i] ^ flip;
      dst.data = out;
      dst.valid = nullptr;
      return;
    }

    case Op::FillNull: {
      const size_t w = bytesOf(ins.type);
      if (a.valid == nullptr) {
        if (a.data != out) std::memmove(out, a.data, n * w);
        dst.data = out;
        dst.valid = nullptr;
        return;
      }
      dispatchNumeric(ins.type, [&, n](auto tag) {
        using T = decltype(tag);
        const T* x = reinterpret_cast<const T*>(a.data);
        const T* y = reinterpret_cast<const T*>(b.data);
        T* z = reinterpret_cast<T*>(out);
        for (size_t i = 0; i < n; i++) z[i] = a.valid[i] ? x[i] : y[i];
        return 0;
      });
      if (b.valid == nullptr) {
        dst.valid = nullptr;
      } else {
        for (size_t i = 0; i < n; i++) vout[i] = a.valid[i] | b.valid[i];
        dst.valid = vout;
      }
      dst.data = out;
      return;
    }

    case Op::IfElse: {
      // a = condition (null takes the else branch), b = then, c = else.
      dispatchNumeric(ins.type, [&, n](auto tag) {
        using T = decltype(tag);
        const T* x = reinterpret_cast<const T*>(b.data);
        const T* y = reinterpret_cast<const T*>(c.data);
        T* z = reinterpret_cast<T*>(out);
        for (size_t i = 0; i < n; i++) {
          const uint8_t taken = a.data[i] & (a.valid ? a.valid[i] : 1);
          z[i] = taken ? x[i] : y[i];
        }
        return 0;
      });
      if (b.valid == nullptr && c.valid == nullptr) {
        dst.valid = nullptr;
      } else {
        for (size_t i = 0; i < n; i++) {
          const uint8_t taken = a.data[i] & (a.valid ? a.valid[i] : 1);
          vout[i] = taken ? (b.valid ? b.valid[i] : 1) : (c.valid ? c.valid[i] : 1);
        }
        dst.valid = vout;
      }
      dst.data = out;
      return;
    }

    case Op::Cast: {
      const PhysType to = static_cast<PhysType>(ins.imm);
      const bool checked = to != PhysType::Bool && to != PhysType::Float32 && to != PhysType::Float64;
      dispatchNumeric(ins.type, [&](auto fromTag) {
        using F = decltype(fromTag);
        const F* x = reinterpret_cast<const F*>(a.data);
        return dispatchNumeric(to, [&](auto toTag) {
          using T = decltype(toTag);
          T* z = reinterpret_cast<T*>(out);
          if (to == PhysType::Bool) {
            for (size_t i = 0; i < n; i++) z[i] = x[i] != 0 ? 1 : 0;
          } else if (checked) {
            for (size_t i = 0; i < n; i++) {
              uint8_t ok = 1;
              z[i] = convert<T, F>(x[i], ok);
              vout[i] = static_cast<uint8_t>(ok & (a.valid ? a.valid[i] : 1));
            }
          } else {
            uint8_t ok = 1;
            for (size_t i = 0; i < n; i++) z[i] = convert<T, F>(x[i], ok);
          }
          return 0;
        });
      });
      dst.data = out;
      dst.valid = checked ? vout : copyValidity(a.valid, vout, n);
      return;
    }

    case Op::MulConst: case Op::FloorDivConst: {
      const int64_t* x = reinterpret_cast<const int64_t*>(a.data);
      int64_t* z = reinterpret_cast<int64_t*>(out);
      const int64_t k = ins.imm;
      if (ins.op == Op::MulConst) for (size_t i = 0; i < n; i++) z[i] = wrapMul<int64_t>(x[i], k);
      else for (size_t i = 0; i < n; i++) z[i] = floorDiv(x[i], k);
      dst.data = out;
      dst.valid = copyValidity(a.valid, vout, n);
      return;
    }

    case Op::Year: case Op::Month: case Op::Day: case Op::Weekday: case Op::DayOfYear: {
      int32_t* z = reinterpret_cast<int32_t*>(out);
      const bool fromDays = ins.type == PhysType::Int32;
      for (size_t i = 0; i < n; i++) {
        const int64_t days = fromDays ? reinterpret_cast<const int32_t*>(a.data)[i] : floorDiv(reinterpret_cast<const int64_t*>(a.data)[i], ins.imm);
        int64_t v;
        switch (ins.op) {
          case Op::Year: v = civilFromDays(days).year; break;
          case Op::Month: v = civilFromDays(days).month; break;
          case Op::Day: v = civilFromDays(days).day; break;
          case Op::Weekday: v = (((days + 3) % 7) + 7) % 7 + 1; break;
          default: v = days - daysFromCivilJan1(civilFromDays(days).year) + 1;
        }
        z[i] = static_cast<int32_t>(v);
      }
      dst.data = out;
      dst.valid = copyValidity(a.valid, vout, n);
      return;
    }

    case Op::Hour: case Op::Minute: case Op::Second: {
      const int64_t* x = reinterpret_cast<const int64_t*>(a.data);
      int32_t* z = reinterpret_cast<int32_t*>(out);
      const int64_t perSecond = ins.imm;
      const int64_t perDay = perSecond * 86400;
      const int64_t unit = ins.op == Op::Hour ? perSecond * 3600 : ins.op == Op::Minute ? perSecond * 60 : perSecond;
      const int64_t modulo = ins.op == Op::Hour ? 24 : 60;
      // The common units as compile-time constants: the divisions become multiplications.
      switch (perSecond) {
        case 1: timeOfDayField<1>(x, z, n, ins.op); break;
        case 1000: timeOfDayField<1000>(x, z, n, ins.op); break;
        case 1000000: timeOfDayField<1000000>(x, z, n, ins.op); break;
        case 1000000000: timeOfDayField<1000000000>(x, z, n, ins.op); break;
        default:
          for (size_t i = 0; i < n; i++) {
            int64_t tod = x[i] % perDay;
            tod += tod < 0 ? perDay : 0;
            z[i] = static_cast<int32_t>((tod / unit) % modulo);
          }
      }
      dst.data = out;
      dst.valid = copyValidity(a.valid, vout, n);
      return;
    }
  }
}

}  // namespace kernels
}  // namespace datajax
