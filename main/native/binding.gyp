{
  "variables": {
    "sanitize%": "<!(node -p \"process.env.BENCHPHANT_NATIVE_SANITIZE || '0'\")"
  },
  "targets": [
    {
      "target_name": "benchphant_native",
      "sources": ["src/addon.cc", "src/engine.cc", "src/conn_pg.cc", "src/conn_my.cc"],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "<!@(pg_config --includedir 2>/dev/null || echo /usr/include/postgresql)",
        "<!@(mariadb_config --variable=pkgincludedir 2>/dev/null || echo /usr/include/mariadb)"
      ],
      "libraries": ["-lpq", "-lmariadb"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti"],
      "cflags_cc": ["-std=c++17", "-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "conditions": [
        ["sanitize==1", {
          "cflags_cc": ["-fsanitize=address,undefined", "-fno-omit-frame-pointer", "-O1", "-g"],
          "ldflags": ["-fsanitize=address,undefined"]
        }]
      ]
    }
  ]
}
