// The addon's entry point: runs every DATAJAX_EXPORTS block (see addon_registry.h).
#include "addon_registry.h"

namespace datajax {

std::vector<ExportInit>& exportInits() {
  static std::vector<ExportInit> inits;  // function-local: safe during static initialisation
  return inits;
}

}  // namespace datajax

static Napi::Object initAddon(Napi::Env env, Napi::Object exports) {
  for (datajax::ExportInit init : datajax::exportInits()) init(env, exports);
  return exports;
}

NODE_API_MODULE(datajax_spmd, initAddon)
