// The datajax_parquet addon: decodeRowGroup(request) → Promise<ColumnResult[]>, one row group's
// column chunks read (pread) and decoded on libuv's thread pool, results handed to JS as external
// ArrayBuffers (no copy). profile() returns the summed phase times when DATAJAX_PARQUET_PROFILE=1
// and the pages decoded so far by kind (always).
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <napi.h>
#include <string>
#include <vector>

#include "column_chunk_decoder.h"
#include "decode_error.h"

namespace djx_parquet {

namespace {

struct Profile {
  std::atomic<uint64_t> readNs{0};
  std::atomic<uint64_t> decompressNs{0};
  std::atomic<uint64_t> decodeNs{0};
  std::atomic<uint64_t> rowGroups{0};
};
Profile profile;
const bool kProfiling = [] {
  const char* v = std::getenv("DATAJAX_PARQUET_PROFILE");
  return v && std::strcmp(v, "1") == 0;
}();

uint64_t nowNs() { return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

/** Reads exactly n bytes at offset; throws DecodeError when the file ends first. */
void readFully(int fd, uint8_t* out, size_t n, uint64_t offset) {
  size_t done = 0;
  while (done < n) {
    const ssize_t got = pread(fd, out + done, n - done, static_cast<off_t>(offset + done));
    if (got < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(std::string("reading the column chunk failed: ") + std::strerror(errno));
    }
    if (got == 0) corrupt("the file ends inside the column chunk (bytes " + std::to_string(offset) + ".." + std::to_string(offset + n) + ")");
    done += static_cast<size_t>(got);
  }
}

Napi::ArrayBuffer externalBuffer(Napi::Env env, OwnedBuffer& buffer) {
  auto* memory = new ReleasedMemory(buffer.release());
  // V8 learns of the memory it now keeps alive, so collection keeps pace with decoding.
  Napi::MemoryManagement::AdjustExternalMemory(env, static_cast<int64_t>(memory->size));
  return Napi::ArrayBuffer::New(env, memory->data, memory->size, [](Napi::Env e, void*, ReleasedMemory* m) {
    Napi::MemoryManagement::AdjustExternalMemory(e, -static_cast<int64_t>(m->size));
    std::free(m->data);
    delete m;
  }, memory);
}

class RowGroupWorker : public Napi::AsyncWorker {
 public:
  RowGroupWorker(Napi::Env env, std::string path, int64_t numRows, std::vector<ColumnSpec> columns)
      : Napi::AsyncWorker(env, "datajax_parquet.decodeRowGroup"), deferred_(Napi::Promise::Deferred::New(env)), path_(std::move(path)), numRows_(numRows), columns_(std::move(columns)) {}

  Napi::Promise promise() { return deferred_.Promise(); }

 protected:
  void Execute() override {
    const int fd = open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      failed_ = "opening the file failed: " + std::string(std::strerror(errno));
      SetError(failed_);
      return;
    }
    PhaseTimes times;
    PhaseTimes* t = kProfiling ? &times : nullptr;
    // Per-thread buffers, kept across row groups: fresh memory costs a page fault per 4 KiB.
    thread_local OwnedBuffer chunk;
    thread_local OwnedBuffer scratch;
    try {
      for (size_t i = 0; i < columns_.size(); i++) {
        column_ = static_cast<int>(i);
        const ColumnSpec& c = columns_[i];
        const uint64_t start = kProfiling ? nowNs() : 0;
        chunk.resize(c.length);
        readFully(fd, chunk.data(), c.length, c.offset);
        if (kProfiling) profile.readNs += nowNs() - start;
        outputs_.push_back(decodeColumnChunk(c, chunk.data(), chunk.size(), numRows_, scratch, t));
      }
      column_ = -1;
    } catch (const DecodeError& e) {
      unsupported_ = e.unsupported();
      failed_ = e.what();
    } catch (const std::bad_alloc&) {
      failed_ = "out of memory while decoding";
    } catch (const std::exception& e) {
      failed_ = e.what();
    }
    close(fd);
    if (kProfiling) {
      profile.decompressNs += times.decompressNs;
      profile.decodeNs += times.decodeNs;
      profile.rowGroups++;
    }
    if (!failed_.empty()) SetError(failed_);
  }

  void OnOK() override {
    Napi::Env env = Env();
    Napi::Array result = Napi::Array::New(env, outputs_.size());
    for (size_t i = 0; i < outputs_.size(); i++) {
      ColumnOutput& o = outputs_[i];
      Napi::Object column = Napi::Object::New(env);
      const bool hasOffsets = o.offsets.data() != nullptr;
      const bool hasValidity = o.validity.data() != nullptr;
      column.Set("values", externalBuffer(env, o.values));
      if (hasOffsets) column.Set("offsets", externalBuffer(env, o.offsets));
      if (hasValidity) column.Set("validity", externalBuffer(env, o.validity));
      column.Set("nullCount", Napi::Number::New(env, static_cast<double>(o.nullCount)));
      result.Set(static_cast<uint32_t>(i), column);
    }
    deferred_.Resolve(result);
  }

  void OnError(const Napi::Error& error) override {
    Napi::Object e = error.Value();
    e.Set("unsupported", Napi::Boolean::New(Env(), unsupported_));
    if (column_ >= 0) e.Set("column", Napi::String::New(Env(), columns_[column_].name));
    deferred_.Reject(e);
  }

 private:
  Napi::Promise::Deferred deferred_;
  std::string path_;
  int64_t numRows_;
  std::vector<ColumnSpec> columns_;
  std::vector<ColumnOutput> outputs_;
  std::string failed_;
  bool unsupported_ = false;
  int column_ = -1;
};

int64_t integerField(const Napi::Object& o, const char* name) {
  const Napi::Value v = o.Get(name);
  if (!v.IsNumber()) throw Napi::TypeError::New(o.Env(), std::string("decodeRowGroup: field ") + name + " must be a number");
  const double d = v.As<Napi::Number>().DoubleValue();
  if (d < 0 || d > 9007199254740991.0 || d != static_cast<double>(static_cast<int64_t>(d))) throw Napi::RangeError::New(o.Env(), std::string("decodeRowGroup: field ") + name + " must be a non-negative integer");
  return static_cast<int64_t>(d);
}

/** decodeRowGroup({ path, numRows, columns: [{ name, offset, length, physicalType, codec, maxDefinitionLevel, kind, width }] }) */
Napi::Value DecodeRowGroup(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsObject()) throw Napi::TypeError::New(env, "decodeRowGroup: expected a request object");
  const Napi::Object request = info[0].As<Napi::Object>();
  const Napi::Value pathValue = request.Get("path");
  if (!pathValue.IsString()) throw Napi::TypeError::New(env, "decodeRowGroup: path must be a string");
  const Napi::Value columnsValue = request.Get("columns");
  if (!columnsValue.IsArray()) throw Napi::TypeError::New(env, "decodeRowGroup: columns must be an array");
  const Napi::Array list = columnsValue.As<Napi::Array>();
  std::vector<ColumnSpec> columns;
  for (uint32_t i = 0; i < list.Length(); i++) {
    const Napi::Value item = list.Get(i);
    if (!item.IsObject()) throw Napi::TypeError::New(env, "decodeRowGroup: each column must be an object");
    const Napi::Object o = item.As<Napi::Object>();
    ColumnSpec c;
    c.name = o.Get("name").ToString().Utf8Value();
    c.offset = static_cast<uint64_t>(integerField(o, "offset"));
    c.length = static_cast<uint64_t>(integerField(o, "length"));
    c.physicalType = static_cast<int>(integerField(o, "physicalType"));
    c.codec = static_cast<int>(integerField(o, "codec"));
    c.maxDefinitionLevel = static_cast<int>(integerField(o, "maxDefinitionLevel"));
    c.kind = static_cast<OutputKind>(integerField(o, "kind"));
    c.width = static_cast<int>(integerField(o, "width"));
    if (static_cast<int>(c.kind) > 3) throw Napi::RangeError::New(env, "decodeRowGroup: kind must be 0..3");
    columns.push_back(std::move(c));
  }
  auto* worker = new RowGroupWorker(env, pathValue.As<Napi::String>().Utf8Value(), integerField(request, "numRows"), std::move(columns));
  Napi::Promise promise = worker->promise();
  worker->Queue();
  return promise;
}

Napi::Value Profile_(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  o.Set("enabled", Napi::Boolean::New(env, kProfiling));
  o.Set("readMs", Napi::Number::New(env, profile.readNs.load() / 1e6));
  o.Set("decompressMs", Napi::Number::New(env, profile.decompressNs.load() / 1e6));
  o.Set("decodeMs", Napi::Number::New(env, profile.decodeNs.load() / 1e6));
  o.Set("rowGroups", Napi::Number::New(env, static_cast<double>(profile.rowGroups.load())));
  Napi::Object pages = Napi::Object::New(env);
  pages.Set("dictionary", Napi::Number::New(env, static_cast<double>(pageCounters.dictionaryPages.load())));
  pages.Set("dataV1", Napi::Number::New(env, static_cast<double>(pageCounters.dataPagesV1.load())));
  pages.Set("dataV2", Napi::Number::New(env, static_cast<double>(pageCounters.dataPagesV2.load())));
  pages.Set("plain", Napi::Number::New(env, static_cast<double>(pageCounters.plainPages.load())));
  pages.Set("dictionaryEncoded", Napi::Number::New(env, static_cast<double>(pageCounters.dictionaryEncodedPages.load())));
  pages.Set("rleBoolean", Napi::Number::New(env, static_cast<double>(pageCounters.rleBooleanPages.load())));
  o.Set("pages", pages);
  return o;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("decodeRowGroup", Napi::Function::New(env, DecodeRowGroup, "decodeRowGroup"));
  exports.Set("profile", Napi::Function::New(env, Profile_, "profile"));
  exports.Set("abiVersion", Napi::Number::New(env, 1));
  return exports;
}

}  // namespace

}  // namespace djx_parquet

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) { return djx_parquet::Init(env, exports); }

NODE_API_MODULE(datajax_parquet, InitModule)
