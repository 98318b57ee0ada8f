// The one exception type of the decoder. `unsupported` marks input that is valid Parquet but
// outside what this decoder handles (the TypeScript side then falls back to parquet-wasm);
// otherwise the data is corrupt.
#pragma once
#include <stdexcept>
#include <string>

namespace djx_parquet {

class DecodeError : public std::runtime_error {
 public:
  DecodeError(const std::string& message, bool unsupported = false) : std::runtime_error(message), unsupported_(unsupported) {}
  bool unsupported() const { return unsupported_; }

 private:
  bool unsupported_;
};

[[noreturn]] inline void corrupt(const std::string& message) { throw DecodeError(message, false); }
[[noreturn]] inline void unsupported(const std::string& message) { throw DecodeError(message, true); }

}  // namespace djx_parquet
