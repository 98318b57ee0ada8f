# The datajax_parquet addon: every native/src/*.cc, node-addon-api with C++ exceptions, no system
# libraries (Snappy is implemented in src/snappy.cc). Built by `pnpm --filter @datajax/io-parquet
# build` (scripts/build-native.mjs passes --nodedir); kept out of the package root so installing
# the package never runs node-gyp.
{
  "targets": [
    {
      "target_name": "datajax_parquet",
      "sources": [
        "<!@(node -e \"console.log(require('fs').readdirSync('src').filter(f => f.endsWith('.cc')).sort().map(f => 'src/' + f).join(' '))\")"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")", "src"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions", "-O2"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17", "-O2"],
      "cflags": ["-O3"],
      "cflags_cc": ["-std=c++17", "-fexceptions", "-O3", "-Wall", "-Wextra", "-Wno-unused-parameter"]
    }
  ]
}
