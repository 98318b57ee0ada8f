// The expression program of src/kernels/expr-program.ts and its vectorized evaluator.
//
// A program is a list of fixed-width instructions over numbered registers. Each register holds one
// chunk (up to the evaluator's chunk, at most CHUNK rows) of values of one physical type plus optional validity bytes (1 = valid;
// nullptr = every row valid). The evaluator runs every instruction over one chunk, then the next:
// the working set stays in cache, nothing is allocated per row, and column loads are pointers into
// the input (no copy) except for bitmaps, which are unpacked to bytes.
#pragma once

#include <vector>

#include "kernels_common.h"

namespace datajax {
namespace kernels {

/**
 * Rows per evaluation chunk (a multiple of 8, so chunks start on bitmap byte boundaries, and of
 * the 16 lanes of a float sum): the default, and the most an evaluator takes.
 */
constexpr size_t CHUNK = 2048;
/**
 * The chunk of a fused global aggregate (exprFilterAggregate): its registers stay in L1, which
 * took Q1's kernel on 10M rows from about 20 to 15 ms. Grouped aggregates keep CHUNK: each chunk
 * ends in a fold into the groups, whose fixed cost made Q3 and featurize ~20% slower at 256.
 */
constexpr size_t SMALL_CHUNK = 256;

/** Opcodes; the numbering is shared with src/kernels/expr-opcodes.ts. */
enum class Op : int32_t {
  Load = 0, Const = 1,
  Add = 2, Sub = 3, Mul = 4, Div = 5, FloorDiv = 6, Mod = 7, Neg = 8, Abs = 9, Pow = 10,
  Sqrt = 11, Exp = 12, Log = 13, Log10 = 14, Floor = 15, Ceil = 16, Round = 17,
  Eq = 18, Neq = 19, Lt = 20, Lte = 21, Gt = 22, Gte = 23,
  And = 24, Or = 25, Not = 26,
  IsNull = 27, IsNotNull = 28, FillNull = 29, IfElse = 30,
  Cast = 31, MulConst = 32, FloorDivConst = 33,
  Year = 34, Month = 35, Day = 36, Weekday = 37, DayOfYear = 38,
  Hour = 39, Minute = 40, Second = 41,
};
constexpr int32_t OP_COUNT = 42;
/** Words per instruction: op, type, dst, a, b, c, imm lo, imm hi. */
constexpr size_t INSTRUCTION_WORDS = 8;

struct Instruction {
  Op op;
  PhysType type;
  int32_t dst, a, b, c;
  int64_t imm;
};

/** A decoded program (see src/kernels/expr-program.ts for the JS shape). */
struct Program {
  std::vector<Instruction> code;
  int32_t registers = 0;
  std::vector<double> constants;
  std::vector<int64_t> wideConstants;
  std::vector<PhysType> inputTypes;
  std::vector<int32_t> outputRegisters;
  std::vector<PhysType> outputTypes;
};

/** Decodes and checks a program object ({ code, registers, constants, wideConstants, inputTypes, outputRegisters, outputTypes }). */
Program decodeProgram(Napi::Env env, Napi::Value value);

/** One register's view of the current chunk. */
struct Register {
  const uint8_t* data = nullptr;
  const uint8_t* valid = nullptr;  // nullptr: every row valid
};

/** Evaluates a program chunk by chunk over borrowed input columns. */
class Evaluator {
 public:
  /** `chunk` (a multiple of 16, at most CHUNK): the most rows one run() takes. */
  Evaluator(const Program& program, std::vector<ColumnView> inputs, size_t chunk = CHUNK);
  ~Evaluator();
  Evaluator(const Evaluator&) = delete;
  Evaluator& operator=(const Evaluator&) = delete;
  /** Runs every instruction over rows [start, start + n), n <= its chunk. */
  void run(size_t start, size_t n);
  /** The register holding output `k` after run(). */
  const Register& output(size_t k) const { return regs_[static_cast<size_t>(program_.outputRegisters[k])]; }

 private:
  const Program& program_;
  std::vector<ColumnView> inputs_;
  size_t chunk_;
  // Register storage: registers x chunk x 8 value bytes, then registers x chunk validity bytes.
  // Borrowed from a per-thread buffer kept across calls (kernels are called batch after batch, and
  // allocating and zeroing it per call showed), or owned when another evaluator holds that buffer.
  std::vector<uint8_t> owned_;
  bool borrowed_ = false;
  uint8_t* scratch_ = nullptr;
  uint8_t* vscratch_ = nullptr;
  std::vector<Register> regs_;
  uint8_t* dataOf(int32_t r) { return scratch_ + static_cast<size_t>(r) * chunk_ * 8; }
  uint8_t* validOf(int32_t r) { return vscratch_ + static_cast<size_t>(r) * chunk_; }
  void fillConstant(const Instruction& ins);
  void execute(const Instruction& ins, size_t start, size_t n);
};

}  // namespace kernels
}  // namespace datajax
