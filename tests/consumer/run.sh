#!/usr/bin/env bash
# Builds and runs a downstream program each way ecireq can be consumed, and
# checks that each prints a signed URL (https://eci.cn-hangzhou.aliyuncs.com/?...);
# the CMake and Meson ones also build and run call_main.cpp (ecireq::call):
#
#   find_package      CMake, against `cmake --install` of a configured build
#   add_subdirectory  CMake, on the checkout
#   FetchContent      CMake, FetchContent_Declare(ecireq SOURCE_DIR <checkout>)
#   Meson subproject  subprojects/ecireq -> the checkout, dependency('ecireq')
#   pkg-config        g++ $(pkg-config --cflags --libs ecireq), OpenSSL and Mbed TLS installs
#   single header     g++ -I single_include only, OpenSSL and Mbed TLS, after
#                     checking that single_include/ecireq.hpp is current
#
#   tests/consumer/run.sh [BUILD_DIR [OUT_DIR]]
#     BUILD_DIR  a configured CMake build of ecireq to install (default: build/cmake-gcc)
#     OUT_DIR    where the consumers are built (default: build/consumers)
# Each step prints its time; the exit status is non-zero when any step fails.
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
build_dir=${1:-build/cmake-gcc}
out=${2:-build/consumers}
case "$build_dir" in /*) ;; *) build_dir=$root/$build_dir ;; esac
case "$out" in /*) ;; *) out=$root/$out ;; esac
expected='https://eci.cn-hangzhou.aliyuncs.com/?'

export CCACHE_DIR=${CCACHE_DIR:-$root/build/ccache}
cmake_launcher=()
cxx=(g++)
if command -v ccache >/dev/null 2>&1; then
  cmake_launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  cxx=(ccache g++)
fi

failed=()
log=""
step() { # step NAME COMMAND...: runs one step with its output in a log, shows the log on failure
  local name=$1; shift
  local start=$SECONDS
  log="$out/$(echo "$name" | tr -c 'a-zA-Z0-9\n' '-').log"
  if "$@" >"$log" 2>&1; then
    echo "consumer: $name passed ($((SECONDS - start)) s)"
  else
    echo "consumer: $name FAILED ($((SECONDS - start)) s)"
    sed 's/^/    /' "$log" | tail -40
    failed+=("$name")
  fi
}

prints_signed_url() { # prints_signed_url PROGRAM: runs it, wants the URL on its first line
  local first
  first=$("$@" | head -n 1) || return 1
  echo "$first"
  case "$first" in
    "$expected"*Signature=*) return 0 ;;
    *) echo "not a signed URL from $*: $first"; return 1 ;;
  esac
}

cmake_consumer() { # cmake_consumer DIR [cmake args...]
  local dir=$1; shift
  rm -rf "$dir"
  cmake -S tests/consumer -B "$dir" -G Ninja "${cmake_launcher[@]}" "$@" &&
    cmake --build "$dir" && prints_signed_url "$dir/consumer" &&
    prints_signed_url "$dir/call_consumer" # ecireq::call: Boost.JSON is installed wherever this runs
}

installed() { # install BUILD_DIR's ecireq, then find_package against it
  rm -rf "$out/prefix" &&
    cmake --install "$build_dir" --prefix "$out/prefix" &&
    cmake_consumer "$out/find_package" -DCMAKE_PREFIX_PATH="$out/prefix"
}

fetchcontent() {
  rm -rf "$out/fetchcontent"
  cmake -S tests/consumer/fetchcontent -B "$out/fetchcontent" -G Ninja "${cmake_launcher[@]}" \
    -DECIREQ_CHECKOUT="$root" &&
    cmake --build "$out/fetchcontent" && prints_signed_url "$out/fetchcontent/consumer"
}

meson_subproject() { # a copy of tests/consumer/meson with subprojects/ecireq -> the checkout
  local src=$out/meson-src
  rm -rf "$src" "$out/meson"
  mkdir -p "$src/subprojects" &&
    cp tests/consumer/meson/meson.build tests/consumer/main.cpp tests/consumer/call_main.cpp "$src/" &&
    ln -s "$root" "$src/subprojects/ecireq" &&
    CXX="${cxx[*]}" meson setup "$out/meson" "$src" &&
    grep -q "Dependency ecireq found: YES .*(overridden)" "$out/meson/meson-logs/meson-log.txt" &&
    meson compile -C "$out/meson" && prints_signed_url "$out/meson/consumer" &&
    prints_signed_url "$out/meson/call_consumer"
}

pkg_config_consumer() { # pkg_config_consumer PREFIX NAME: g++ with pkg-config's flags only
  local prefix=$1 name=$2 pcdir version
  pcdir=$(dirname "$(find "$prefix" -name ecireq.pc | head -n 1)")
  [ -f "$pcdir/ecireq.pc" ] || { echo "no ecireq.pc under $prefix"; return 1; }
  cat "$pcdir/ecireq.pc"
  version=$(sed -n 's/^#define ECIREQ_VERSION "\(.*\)"/\1/p' include/ecireq/version.hpp)
  [ "$(PKG_CONFIG_PATH=$pcdir pkg-config --modversion ecireq)" = "$version" ] ||
    { echo "pkg-config --modversion ecireq is not $version"; return 1; }
  echo "pkg-config --cflags --libs ecireq: $(PKG_CONFIG_PATH=$pcdir pkg-config --cflags --libs ecireq)"
  # shellcheck disable=SC2046 # the flags are meant to split
  "${cxx[@]}" -std=c++17 tests/consumer/main.cpp -o "$out/$name" \
      $(PKG_CONFIG_PATH=$pcdir pkg-config --cflags --libs ecireq) &&
    prints_signed_url "$out/$name"
}

pkg_config_openssl() { pkg_config_consumer "$out/prefix" pkg-config-openssl; }

pkg_config_mbedtls() { # a second install, configured for Mbed TLS (no tests or examples: seconds)
  rm -rf "$out/mbedtls-build" "$out/mbedtls-prefix"
  cmake -S . -B "$out/mbedtls-build" -G Ninja -DECIREQ_CRYPTO=MbedTLS \
      -DECIREQ_BUILD_TESTS=OFF -DECIREQ_BUILD_EXAMPLES=OFF -DECIREQ_INSTALL=ON &&
    cmake --install "$out/mbedtls-build" --prefix "$out/mbedtls-prefix" &&
    grep -q -- '-DECIREQ_CRYPTO_MBEDTLS=1' "$out/mbedtls-prefix"/lib*/pkgconfig/ecireq.pc &&
    pkg_config_consumer "$out/mbedtls-prefix" pkg-config-mbedtls
}

only_single_header() { # SOURCE [FLAGS...]: every ecireq header the compiler reads is the single one
  local others
  others=$(g++ -std=c++17 -E -I single_include "${@:2}" "$1" |
             sed -n -E 's@^# [0-9]+ "(([^"]*/)?ecireq(\.hpp|/[^"]*))".*@\1@p' |
             sort -u | grep -v '^single_include/ecireq.hpp$' || true)
  [ -z "$others" ] || { echo "ecireq headers read from elsewhere than single_include/: $others"; return 1; }
}

single_header() {
  python3 tools/amalgamate.py --check || return 1
  only_single_header examples/sign_url.cpp &&
    "${cxx[@]}" -std=c++17 -I single_include examples/sign_url.cpp -o "$out/single-sign_url" -lboost_url -lcrypto &&
    prints_signed_url "$out/single-sign_url" &&
    "${cxx[@]}" -std=c++17 -I single_include tests/consumer/main.cpp -o "$out/single-consumer" -lboost_url -lcrypto &&
    prints_signed_url "$out/single-consumer" &&
    only_single_header examples/sign_url.cpp -DECIREQ_CRYPTO_MBEDTLS=1 &&
    "${cxx[@]}" -std=c++17 -I single_include -DECIREQ_CRYPTO_MBEDTLS=1 examples/sign_url.cpp \
      -o "$out/single-sign_url-mbedtls" -lboost_url -lmbedcrypto &&
    prints_signed_url "$out/single-sign_url-mbedtls" &&
    single_header_separate
}

single_header_separate() { # the engine compiled once, from the single header: one TU defines ECIREQ_SOURCE
  printf '#define ECIREQ_SOURCE\n#include <ecireq.hpp>\n' >"$out/single-engine.cpp" &&
    "${cxx[@]}" -std=c++17 -I single_include -DECIREQ_SEPARATE_COMPILATION -c "$out/single-engine.cpp" \
      -o "$out/single-engine.o" &&
    "${cxx[@]}" -std=c++17 -I single_include -DECIREQ_SEPARATE_COMPILATION tests/consumer/main.cpp \
      "$out/single-engine.o" -o "$out/single-consumer-separate" -lboost_url -lcrypto &&
    prints_signed_url "$out/single-consumer-separate"
}

mkdir -p "$out"
step "find_package (installed)" installed
step "add_subdirectory" cmake_consumer "$out/add_subdirectory" -DECIREQ_SOURCE_DIR="$root"
step "add_subdirectory, the engine compiled once (ecireq::compiled)" prints_signed_url "$out/add_subdirectory/compiled_consumer"
step "FetchContent" fetchcontent
step "Meson subproject" meson_subproject
step "pkg-config (OpenSSL)" pkg_config_openssl
step "pkg-config (Mbed TLS)" pkg_config_mbedtls
step "single header" single_header

if [ ${#failed[@]} -gt 0 ]; then
  echo "consumer: failed: ${failed[*]}"
  exit 1
fi
echo "consumer: all passed"
