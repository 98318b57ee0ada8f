// How each native/src/*.cc file adds its functions to the addon's exports without editing a
// central list: define them in a DATAJAX_EXPORTS block; addon.cc runs every block at load.
//
//   #include "addon_registry.h"
//   static Napi::Value hashPartition(const Napi::CallbackInfo& info) { ... }
//   DATAJAX_EXPORTS(registerKeyHash) { exports.Set("hashPartition", Napi::Function::New(env, hashPartition)); }
//
// Functions throw Napi::Error (C++ exceptions are enabled) with a message saying what was wrong.
#pragma once

#include <napi.h>

#include <vector>

namespace datajax {

using ExportInit = void (*)(Napi::Env env, Napi::Object exports);

/** Every registered export block, in static-initialisation order. */
std::vector<ExportInit>& exportInits();

struct ExportRegistration {
  explicit ExportRegistration(ExportInit init) { exportInits().push_back(init); }
};

}  // namespace datajax

#define DATAJAX_EXPORTS(name)                                                        \
  static void name(Napi::Env env, Napi::Object exports);                             \
  static const ::datajax::ExportRegistration name##_registration{&name};            \
  static void name([[maybe_unused]] Napi::Env env, [[maybe_unused]] Napi::Object exports)
