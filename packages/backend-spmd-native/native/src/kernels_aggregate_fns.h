// Aggregate function codes shared by the fused filter-aggregate and the hash aggregation kernels;
// the numbering is part of the contract with src/kernels/aggregate-fns.ts.
#pragma once

#include "kernels_common.h"

namespace datajax {
namespace kernels {

enum class AggregateFn : int32_t {
  CountAll = 0,  // count(): rows
  Count = 1,     // count(x): non-null values
  Sum = 2,       // null when no value
  Mean = 3,      // float64; null when no value
  Min = 4,
  Max = 5,
  First = 6,     // first non-null value in input order
  Last = 7,      // last non-null value in input order
};

inline AggregateFn aggregateFnFrom(Napi::Env env, int32_t code, const char* where) {
  if (code < 0 || code > 7) throw Napi::TypeError::New(env, std::string(where) + ": unknown aggregate code " + std::to_string(code) + " (expected 0..7, see src/kernels/aggregate-fns.ts)");
  return static_cast<AggregateFn>(code);
}

}  // namespace kernels
}  // namespace datajax
