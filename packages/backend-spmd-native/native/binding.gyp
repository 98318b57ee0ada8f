# The datajax_spmd addon: every native/src/*.cc, node-addon-api with C++ exceptions, Open MPI.
# Built by `pnpm --filter @datajax/backend-spmd-native build:native` (scripts/build-native.mjs),
# which passes --nodedir and DATAJAX_NATIVE_MARCH (x86-64-v4 or -v3 where the CPU has it, else empty;
# -ffp-contract=off keeps a*b+c two roundings, as in JavaScript, so answers match the local backend);
# kept out of the package root so installing the package never builds it.
{
  "targets": [
    {
      "target_name": "datajax_spmd",
      "sources": [
        "<!@(node -e \"console.log(require('fs').readdirSync('src').filter(f => f.endsWith('.cc')).sort().map(f => 'src/' + f).join(' '))\")"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")", "src"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "OMPI_SKIP_MPICXX=1"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17"],
      "cflags": ["-O3", "-ffp-contract=off", "<!@(node -p \"process.env.DATAJAX_NATIVE_MARCH ? '-march=' + process.env.DATAJAX_NATIVE_MARCH : ''\")", "<!@(mpicc --showme:compile)"],
      "cflags_cc": ["-std=c++17", "-fexceptions", "-O3", "-ffp-contract=off", "<!@(node -p \"process.env.DATAJAX_NATIVE_MARCH ? '-march=' + process.env.DATAJAX_NATIVE_MARCH : ''\")", "<!@(mpicc --showme:compile)"],
      "libraries": ["<!@(mpicc --showme:link)"]
    }
  ]
}
