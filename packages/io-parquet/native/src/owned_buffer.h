// A malloc-backed byte buffer that can hand its memory over (to an external ArrayBuffer, which
// frees it with free()). Move-only; throws std::bad_alloc when memory runs out.
#pragma once
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

namespace djx_parquet {

/** Memory handed over by OwnedBuffer::release, to be freed with std::free. */
struct ReleasedMemory {
  uint8_t* data;
  size_t size;
};

class OwnedBuffer {
 public:
  OwnedBuffer() = default;
  OwnedBuffer(const OwnedBuffer&) = delete;
  OwnedBuffer& operator=(const OwnedBuffer&) = delete;
  OwnedBuffer(OwnedBuffer&& o) noexcept { *this = std::move(o); }
  OwnedBuffer& operator=(OwnedBuffer&& o) noexcept {
    if (this != &o) {
      drop();
      data_ = std::exchange(o.data_, nullptr);
      size_ = std::exchange(o.size_, 0);
      capacity_ = std::exchange(o.capacity_, 0);
    }
    return *this;
  }
  ~OwnedBuffer() { drop(); }

  uint8_t* data() { return data_; }
  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }

  /** Sets the size to n bytes (new bytes uninitialized), growing the allocation geometrically. */
  void resize(size_t n) {
    if (n > capacity_ || !data_) reserve(n > capacity_ * 2 ? n : capacity_ * 2);
    size_ = n;
  }
  /** Sets the size to n bytes, all zero. */
  void assignZeros(size_t n) {
    resize(n);
    if (n) std::memset(data_, 0, n);
  }
  void reserve(size_t n) {
    if (n <= capacity_ && data_) return;
    // At least 8 bytes, so an empty buffer still owns a valid pointer.
    size_t cap = n < 8 ? 8 : n;
    void* p = std::realloc(data_, cap);
    if (!p) throw std::bad_alloc();
    data_ = static_cast<uint8_t*>(p);
    capacity_ = cap;
  }
  /** Appends n bytes. */
  void append(const uint8_t* p, size_t n) {
    size_t at = size_;
    resize(size_ + n);
    if (n) std::memcpy(data_ + at, p, n);
  }
  /** Gives up ownership (free with freeReleased); the buffer is empty afterwards. */
  ReleasedMemory release() {
    reserve(8);
    ReleasedMemory m{data_, size_};
    data_ = nullptr;
    size_ = 0;
    capacity_ = 0;
    return m;
  }

 private:
  void drop() {
    std::free(data_);
    data_ = nullptr;
    size_ = capacity_ = 0;
  }

  uint8_t* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace djx_parquet
