// takeRows(type, values, validity, indices, count, outValues, outValidity) -> null count:
// gathers rows `indices[0..count)` of one column (an index of -1 gives a null row). Used for the
// filtered copy of columns after exprFilter and for join outputs.
#include "addon_registry.h"
#include "kernels_common.h"

namespace datajax {
namespace kernels {

namespace {

Napi::Value takeRows(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const PhysType type = physTypeFrom(env, int32Arg(info, 0, "takeRows"), "takeRows");
  size_t bytes = 0, vbytes = 0, nIdx = 0, outBytes = 0, outVBytes = 0;
  const uint8_t* values = typedArrayBytes(env, info[1], &bytes, "takeRows values");
  const uint8_t* validity = typedArrayBytes(env, info[2], &vbytes, "takeRows validity");
  const int32_t* idx = int32ArrayArg(info, 3, &nIdx, "takeRows");
  const int32_t count = int32Arg(info, 4, "takeRows");
  uint8_t* out = typedArrayBytes(env, info[5], &outBytes, "takeRows outValues");
  uint8_t* outValid = typedArrayBytes(env, info[6], &outVBytes, "takeRows outValidity");
  const size_t n = static_cast<size_t>(count < 0 ? 0 : count);
  const size_t width = type == PhysType::Bool ? 0 : bytesOf(type);
  const size_t rows = type == PhysType::Bool ? bytes * 8 : bytes / width;
  if (nIdx < n || outVBytes < (n + 7) / 8 || outBytes < (type == PhysType::Bool ? (n + 7) / 8 : n * width)) {
    throw Napi::RangeError::New(env, "takeRows: indices or output arrays are shorter than count");
  }
  if (validity != nullptr && vbytes * 8 < rows) throw Napi::RangeError::New(env, "takeRows: validity is shorter than the values");
  for (size_t k = 0; k < n; k++) {
    if (idx[k] >= static_cast<int32_t>(rows)) throw Napi::RangeError::New(env, "takeRows: index " + std::to_string(idx[k]) + " is beyond the column's " + std::to_string(rows) + " rows");
  }
  std::memset(outValid, 0, (n + 7) / 8);
  if (type == PhysType::Bool) std::memset(out, 0, (n + 7) / 8);
  size_t nulls = 0;
  dispatchNumeric(type, [&](auto tag) {
    using T = decltype(tag);
    for (size_t k = 0; k < n; k++) {
      const int32_t i = idx[k];
      const bool ok = i >= 0 && validAt(validity, static_cast<size_t>(i));
      nulls += ok ? 0 : 1;
      outValid[k >> 3] |= static_cast<uint8_t>((ok ? 1 : 0) << (k & 7));
      if (type == PhysType::Bool) {
        if (i >= 0 && bitAt(values, static_cast<size_t>(i))) out[k >> 3] |= static_cast<uint8_t>(1 << (k & 7));
      } else {
        const T v = i >= 0 ? loadAt<T>(values, static_cast<size_t>(i)) : T(0);
        std::memcpy(out + k * sizeof(T), &v, sizeof(T));
      }
    }
    return 0;
  });
  return Napi::Number::New(env, static_cast<double>(nulls));
}

}  // namespace

DATAJAX_EXPORTS(registerTakeKernel) {
  exports.Set("takeRows", Napi::Function::New(env, takeRows, "takeRows"));
}

}  // namespace kernels
}  // namespace datajax
