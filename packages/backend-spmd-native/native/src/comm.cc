// The MPI communication layer: init/finalize, barrier, bcast, allgather, allreduce, alltoallv, abort.
// Only the JS main thread calls MPI (MPI_THREAD_FUNNELED). Byte payloads are Uint8Arrays; received
// data lands in one fresh ArrayBuffer per call and is returned as subarrays of it, each starting
// at an 8-byte aligned offset so typed arrays over it need no copy. MPI counts are ints: a payload
// of 2^31 bytes or more for one peer fails with a RangeError saying so.
#include <mpi.h>

#include <climits>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "addon_registry.h"

namespace datajax {

namespace {

constexpr size_t kAlign = 8;
inline size_t alignUp(size_t n) { return (n + kAlign - 1) & ~(kAlign - 1); }

bool mpiInitialized() {
  int flag = 0;
  MPI_Initialized(&flag);
  return flag != 0;
}

bool mpiFinalized() {
  int flag = 0;
  MPI_Finalized(&flag);
  return flag != 0;
}

void requireActive(Napi::Env env, const char* op) {
  if (!mpiInitialized())
    throw Napi::Error::New(env, std::string(op) + ": MPI is not initialised; call init() first");
  if (mpiFinalized())
    throw Napi::Error::New(env, std::string(op) + ": MPI is already finalised (the process is exiting)");
}

void check(Napi::Env env, int rc, const char* op) {
  if (rc == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int len = 0;
  MPI_Error_string(rc, text, &len);
  throw Napi::Error::New(env, std::string(op) + " failed: " + std::string(text, len));
}

int worldSize() {
  int size = 0;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  return size;
}

int worldRank() {
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  return rank;
}

struct Bytes {
  const uint8_t* data;
  size_t length;
  const void* buffer;  // the backing ArrayBuffer's data, to detect a shared contiguous send buffer
};

Bytes bytesOf(Napi::Env env, Napi::Value v, const std::string& what) {
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array)
    throw Napi::TypeError::New(env, what + " must be a Uint8Array");
  Napi::Uint8Array a = v.As<Napi::Uint8Array>();
  const void* base = a.ArrayBuffer().Data();
  return Bytes{static_cast<const uint8_t*>(base) + a.ByteOffset(), a.ByteLength(), base};
}

int intCount(Napi::Env env, size_t n, const std::string& what) {
  if (n > static_cast<size_t>(INT_MAX))
    throw Napi::RangeError::New(env, what + " is " + std::to_string(n) +
                                         " bytes; MPI counts are ints, so one exchange moves at most 2^31-1 bytes per peer. "
                                         "Split the data into smaller exchanges.");
  return static_cast<int>(n);
}

/** A new ArrayBuffer of `size` bytes, uninitialised (MPI writes all of it that is read). */
Napi::ArrayBuffer newBuffer(Napi::Env env, size_t size, uint8_t** data) {
  void* p = std::malloc(size == 0 ? 1 : size);
  if (p == nullptr) throw Napi::Error::New(env, "out of memory allocating a " + std::to_string(size) + "-byte receive buffer");
  *data = static_cast<uint8_t*>(p);
  return Napi::ArrayBuffer::New(env, p, size, [](Napi::Env, void* d) { std::free(d); });
}

Napi::Array subarrays(Napi::Env env, Napi::ArrayBuffer buffer, const std::vector<size_t>& offsets,
                      const std::vector<size_t>& lengths) {
  Napi::Array out = Napi::Array::New(env, lengths.size());
  for (size_t i = 0; i < lengths.size(); i++)
    out.Set(static_cast<uint32_t>(i), Napi::Uint8Array::New(env, lengths[i], buffer, offsets[i]));
  return out;
}

bool finalizeIfActive() {
  if (!mpiInitialized() || mpiFinalized()) return false;
  MPI_Finalize();
  return true;
}

void finalizeOnEnvCleanup(void*) { finalizeIfActive(); }

bool cleanupHookAdded = false;

// ---- exports ----

Napi::Value init(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (mpiFinalized()) throw Napi::Error::New(env, "init: MPI was finalised already; it cannot be initialised twice in a process");
  if (!mpiInitialized()) {
    int provided = 0;
    check(env, MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
    if (provided < MPI_THREAD_FUNNELED)
      throw Napi::Error::New(env, "init: the MPI library does not provide MPI_THREAD_FUNNELED");
    // Errors come back as return codes (then JS exceptions) instead of aborting inside MPI.
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  }
  if (!cleanupHookAdded) {
    napi_add_env_cleanup_hook(env, finalizeOnEnvCleanup, nullptr);
    cleanupHookAdded = true;
  }
  Napi::Object world = Napi::Object::New(env);
  world.Set("rank", worldRank());
  world.Set("size", worldSize());
  return world;
}

Napi::Value finalize(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), finalizeIfActive());
}

Napi::Value isActive(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), mpiInitialized() && !mpiFinalized());
}

Napi::Value barrier(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  requireActive(env, "barrier");
  check(env, MPI_Barrier(MPI_COMM_WORLD), "MPI_Barrier");
  return env.Undefined();
}

/** bcast(bytes, root): root's bytes on every rank (non-roots pass any Uint8Array or null). */
Napi::Value bcast(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  requireActive(env, "bcast");
  if (!info[1].IsNumber()) throw Napi::TypeError::New(env, "bcast: root must be a rank number");
  const int root = info[1].As<Napi::Number>().Int32Value();
  if (root < 0 || root >= worldSize())
    throw Napi::RangeError::New(env, "bcast: root " + std::to_string(root) + " is not a rank of this world of " +
                                         std::to_string(worldSize()));
  const bool isRoot = worldRank() == root;
  Bytes mine{nullptr, 0, nullptr};
  if (isRoot) mine = bytesOf(env, info[0], "bcast: the root's bytes");
  int64_t length = static_cast<int64_t>(mine.length);
  check(env, MPI_Bcast(&length, 1, MPI_INT64_T, root, MPI_COMM_WORLD), "MPI_Bcast (length)");
  const int count = intCount(env, static_cast<size_t>(length), "bcast: the payload");
  if (isRoot) {
    check(env, MPI_Bcast(const_cast<uint8_t*>(mine.data), count, MPI_BYTE, root, MPI_COMM_WORLD), "MPI_Bcast");
    return info[0];
  }
  uint8_t* data = nullptr;
  Napi::ArrayBuffer buffer = newBuffer(env, static_cast<size_t>(length), &data);
  check(env, MPI_Bcast(data, count, MPI_BYTE, root, MPI_COMM_WORLD), "MPI_Bcast");
  return Napi::Uint8Array::New(env, static_cast<size_t>(length), buffer, 0);
}

/** allgather(bytes) → Uint8Array[] indexed by rank (sizes may differ). */
Napi::Value allgather(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  requireActive(env, "allgather");
  Bytes mine = bytesOf(env, info[0], "allgather: bytes");
  const int size = worldSize();
  const int myCount = intCount(env, mine.length, "allgather: this rank's payload");
  std::vector<int64_t> lengths(size);
  int64_t myLength = static_cast<int64_t>(mine.length);
  check(env, MPI_Allgather(&myLength, 1, MPI_INT64_T, lengths.data(), 1, MPI_INT64_T, MPI_COMM_WORLD), "MPI_Allgather (lengths)");
  std::vector<size_t> offsets(size), sizes(size);
  std::vector<int> counts(size), displs(size);
  size_t total = 0;
  for (int r = 0; r < size; r++) {
    offsets[r] = total;
    sizes[r] = static_cast<size_t>(lengths[r]);
    counts[r] = intCount(env, sizes[r], "allgather: rank " + std::to_string(r) + "'s payload");
    total = alignUp(total + sizes[r]);
  }
  if (total > static_cast<size_t>(INT_MAX))
    throw Napi::RangeError::New(env, "allgather: " + std::to_string(total) +
                                         " bytes in total exceed the 2^31-1 bytes one MPI_Allgatherv can address; gather less at once");
  for (int r = 0; r < size; r++) displs[r] = static_cast<int>(offsets[r]);
  uint8_t* data = nullptr;
  Napi::ArrayBuffer buffer = newBuffer(env, total, &data);
  check(env,
        MPI_Allgatherv(mine.data, myCount, MPI_BYTE, data, counts.data(), displs.data(), MPI_BYTE, MPI_COMM_WORLD),
        "MPI_Allgatherv");
  return subarrays(env, buffer, offsets, sizes);
}

/** allreduce(Float64Array | BigInt64Array, "sum" | "min" | "max") → a new array of the same type. */
Napi::Value allreduce(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  requireActive(env, "allreduce");
  if (!info[0].IsTypedArray()) throw Napi::TypeError::New(env, "allreduce: values must be a Float64Array or BigInt64Array");
  Napi::TypedArray in = info[0].As<Napi::TypedArray>();
  MPI_Datatype type;
  if (in.TypedArrayType() == napi_float64_array) type = MPI_DOUBLE;
  else if (in.TypedArrayType() == napi_bigint64_array) type = MPI_INT64_T;
  else throw Napi::TypeError::New(env, "allreduce: values must be a Float64Array or BigInt64Array");
  const std::string opName = info[1].IsString() ? info[1].As<Napi::String>().Utf8Value() : "";
  MPI_Op op;
  if (opName == "sum") op = MPI_SUM;
  else if (opName == "min") op = MPI_MIN;
  else if (opName == "max") op = MPI_MAX;
  else throw Napi::TypeError::New(env, "allreduce: op must be \"sum\", \"min\" or \"max\", not \"" + opName + "\"");
  const size_t n = in.ElementLength();
  const int count = intCount(env, n, "allreduce: the element count");
  const uint8_t* src = static_cast<const uint8_t*>(in.ArrayBuffer().Data()) + in.ByteOffset();
  Napi::ArrayBuffer buffer = Napi::ArrayBuffer::New(env, n * 8);
  check(env, MPI_Allreduce(src, buffer.Data(), count, type, op, MPI_COMM_WORLD), "MPI_Allreduce");
  if (type == MPI_DOUBLE) return Napi::Float64Array::New(env, n, buffer, 0);
  return Napi::BigInt64Array::New(env, n, buffer, 0);
}

/**
 * alltoallv(perDestination: Uint8Array[]) → Uint8Array[] per source. Counts are exchanged first;
 * everything received lands in one buffer. When the outgoing arrays are ordered, non-overlapping
 * views of one ArrayBuffer they are sent in place; otherwise they are first copied together.
 */
Napi::Value alltoallv(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  requireActive(env, "alltoallv");
  const int size = worldSize();
  if (!info[0].IsArray() || info[0].As<Napi::Array>().Length() != static_cast<uint32_t>(size))
    throw Napi::TypeError::New(env, "alltoallv: perDestination must be an array of " + std::to_string(size) +
                                        " Uint8Arrays, one per rank");
  Napi::Array arr = info[0].As<Napi::Array>();
  std::vector<Bytes> out(size);
  for (int r = 0; r < size; r++) out[r] = bytesOf(env, arr.Get(static_cast<uint32_t>(r)), "alltoallv: perDestination[" + std::to_string(r) + "]");

  std::vector<int64_t> sendLengths(size), recvLengths(size);
  for (int r = 0; r < size; r++) {
    sendLengths[r] = static_cast<int64_t>(out[r].length);
    intCount(env, out[r].length, "alltoallv: the payload for rank " + std::to_string(r));
  }
  check(env, MPI_Alltoall(sendLengths.data(), 1, MPI_INT64_T, recvLengths.data(), 1, MPI_INT64_T, MPI_COMM_WORLD),
        "MPI_Alltoall (lengths)");

  // Send side: in place when the views are ordered within one buffer, else copied contiguously.
  const uint8_t* sendBase = nullptr;
  std::vector<size_t> sendOffsets(size);
  std::vector<uint8_t> packed;
  bool inPlace = true;
  {
    const uint8_t* start = nullptr;
    const uint8_t* end = nullptr;
    const void* firstBuffer = nullptr;
    for (int r = 0; r < size && inPlace; r++) {
      if (out[r].length == 0) continue;  // empty views may belong to any buffer
      if (start == nullptr) {
        start = out[r].data;
        firstBuffer = out[r].buffer;
      } else if (out[r].buffer != firstBuffer || out[r].data < end) {
        inPlace = false;
      }
      end = out[r].data + out[r].length;
    }
    if (inPlace) {
      sendBase = start;
      for (int r = 0; r < size; r++) sendOffsets[r] = out[r].length == 0 || start == nullptr ? 0 : static_cast<size_t>(out[r].data - start);
    } else {
      size_t total = 0;
      for (int r = 0; r < size; r++) total += out[r].length;
      packed.resize(total);
      size_t at = 0;
      for (int r = 0; r < size; r++) {
        if (out[r].length) std::memcpy(packed.data() + at, out[r].data, out[r].length);
        sendOffsets[r] = at;
        at += out[r].length;
      }
      sendBase = packed.data();
    }
  }

  std::vector<size_t> recvOffsets(size), recvSizes(size);
  size_t total = 0;
  for (int r = 0; r < size; r++) {
    recvOffsets[r] = total;
    recvSizes[r] = static_cast<size_t>(recvLengths[r]);
    intCount(env, recvSizes[r], "alltoallv: the payload from rank " + std::to_string(r));
    total = alignUp(total + recvSizes[r]);
  }
  uint8_t* recv = nullptr;
  Napi::ArrayBuffer buffer = newBuffer(env, total, &recv);

  bool displsFit = total <= static_cast<size_t>(INT_MAX);
  for (int r = 0; r < size; r++) displsFit = displsFit && sendOffsets[r] <= static_cast<size_t>(INT_MAX);
  if (displsFit) {
    std::vector<int> sc(size), sd(size), rc(size), rd(size);
    for (int r = 0; r < size; r++) {
      sc[r] = static_cast<int>(out[r].length);
      sd[r] = static_cast<int>(sendOffsets[r]);
      rc[r] = static_cast<int>(recvSizes[r]);
      rd[r] = static_cast<int>(recvOffsets[r]);
    }
    check(env, MPI_Alltoallv(sendBase, sc.data(), sd.data(), MPI_BYTE, recv, rc.data(), rd.data(), MPI_BYTE, MPI_COMM_WORLD),
          "MPI_Alltoallv");
  } else {
    // Displacements past 2^31 bytes: MPI_Alltoallv cannot address them, so exchange pairwise.
    std::vector<MPI_Request> requests;
    requests.reserve(2 * size);
    for (int r = 0; r < size; r++) {
      requests.emplace_back();
      check(env, MPI_Irecv(recv + recvOffsets[r], static_cast<int>(recvSizes[r]), MPI_BYTE, r, 0x444a, MPI_COMM_WORLD, &requests.back()),
            "MPI_Irecv");
    }
    for (int r = 0; r < size; r++) {
      requests.emplace_back();
      check(env, MPI_Isend(sendBase + sendOffsets[r], static_cast<int>(out[r].length), MPI_BYTE, r, 0x444a, MPI_COMM_WORLD, &requests.back()),
            "MPI_Isend");
    }
    check(env, MPI_Waitall(static_cast<int>(requests.size()), requests.data(), MPI_STATUSES_IGNORE), "MPI_Waitall");
  }
  return subarrays(env, buffer, recvOffsets, recvSizes);
}

Napi::Value abortWorld(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int code = info[0].IsNumber() ? info[0].As<Napi::Number>().Int32Value() : 1;
  if (mpiInitialized() && !mpiFinalized()) MPI_Abort(MPI_COMM_WORLD, code);
  std::exit(code);  // not reached under MPI_Abort; without MPI, end the process as asked
  return env.Undefined();
}

}  // namespace

DATAJAX_EXPORTS(registerComm) {
  exports.Set("init", Napi::Function::New(env, init, "init"));
  exports.Set("finalize", Napi::Function::New(env, finalize, "finalize"));
  exports.Set("isActive", Napi::Function::New(env, isActive, "isActive"));
  exports.Set("barrier", Napi::Function::New(env, barrier, "barrier"));
  exports.Set("bcast", Napi::Function::New(env, bcast, "bcast"));
  exports.Set("allgather", Napi::Function::New(env, allgather, "allgather"));
  exports.Set("allreduce", Napi::Function::New(env, allreduce, "allreduce"));
  exports.Set("alltoallv", Napi::Function::New(env, alltoallv, "alltoallv"));
  exports.Set("abort", Napi::Function::New(env, abortWorld, "abort"));
}

}  // namespace datajax
