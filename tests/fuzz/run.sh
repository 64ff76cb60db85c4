#!/usr/bin/env bash
# Builds a libFuzzer target and runs it: tests/fuzz/fuzz_request.cpp (the
# default: requests signed and verified) or tests/fuzz/fuzz_response.cpp
# (ECIREQ_FUZZ_TARGET=response: answers read, classified and explained).
#
#   tests/fuzz/run.sh [SECONDS] [extra libFuzzer flags...]     (default 60 s)
#
# Exits non-zero when the fuzzer finds a crash, a sanitizer report or a
# failed property; the input that did it is saved in the output directory
# (crash-*), replay it with:  $OUT/fuzz_request $OUT/crash-...
#
# Environment:
#   CXX_FUZZ          clang++ with libFuzzer (default: clang++-14, else clang++)
#   ECIREQ_FUZZ_OUT   build and working directory (default: ${TMPDIR:-/tmp}/ecireq-fuzz)
#   ECIREQ_FUZZ_TARGET  request (default) or response
#   ECIREQ_FUZZ_BUILD_ONLY=1   build, do not run (tests/fuzz/long_run.sh uses it)
set -euo pipefail

seconds=${1:-60}
shift || true
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${ECIREQ_FUZZ_OUT:-${TMPDIR:-/tmp}/ecireq-fuzz}
mkdir -p "$out/corpus"

cxx=${CXX_FUZZ:-}
if [ -z "$cxx" ]; then
  if command -v clang++-14 >/dev/null; then cxx=clang++-14; else cxx=clang++; fi
fi

# -g1: line tables, enough for symbolized stack traces, and a faster build.
# coverage_ignore.txt: no coverage hooks in the target's own checks and in
# libstdc++ (see the file).
flags=(-std=c++17 -g1 -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
       -fsanitize-coverage-ignorelist="$here/coverage_ignore.txt" -I"$root/include")
# Allocation stack traces 5 frames deep rather than 30: a tenth of the time
# of an execution goes to recording them otherwise.
export ASAN_OPTIONS=${ASAN_OPTIONS:-malloc_context_size=5}

# Boost.URL is compiled in from source (instrumented). It is the slow part and
# changes only with the compiler, the flags or boost_url_src.cpp, so it is
# rebuilt only when one of those does.
stamp="$out/boost_url_src.stamp"
want="$cxx ${flags[*]} $(cat "$here/boost_url_src.cpp" "$here/coverage_ignore.txt" | cksum)"
if [ ! -f "$out/boost_url_src.o" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "fuzz: compiling Boost.URL ($cxx)"
  "$cxx" "${flags[@]}" -c "$here/boost_url_src.cpp" -o "$out/boost_url_src.o"
  echo "$want" > "$stamp"
fi

target=${ECIREQ_FUZZ_TARGET:-request}
case "$target" in
  request) ;;
  response)
    # Boost.JSON from source too, instrumented like Boost.URL above.
    stamp="$out/boost_json_src.stamp"
    want="$cxx ${flags[*]} $(cat "$here/boost_json_src.cpp" "$here/coverage_ignore.txt" | cksum)"
    if [ ! -f "$out/boost_json_src.o" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
      echo "fuzz: compiling Boost.JSON ($cxx)"
      "$cxx" "${flags[@]}" -c "$here/boost_json_src.cpp" -o "$out/boost_json_src.o"
      echo "$want" > "$stamp"
    fi
    stamp="$out/fuzz_response.stamp"
    want="$cxx ${flags[*]} $(cat "$here/fuzz_response.cpp" "$here/coverage_ignore.txt" $(find "$root/include" -type f | LC_ALL=C sort) | cksum)"
    if [ ! -x "$out/fuzz_response" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
      echo "fuzz: compiling fuzz_response ($cxx)"
      "$cxx" "${flags[@]}" "$here/fuzz_response.cpp" "$out/boost_json_src.o" "$out/boost_url_src.o" \
        -o "$out/fuzz_response" -lcrypto
      echo "$want" > "$stamp"
    fi
    [ "${ECIREQ_FUZZ_BUILD_ONLY:-0}" = 1 ] && exit 0
    mkdir -p "$out/response_corpus"
    echo "fuzz: running fuzz_response for ${seconds}s"
    exec "$out/fuzz_response" -max_total_time="$seconds" -print_final_stats=1 \
      -dict="$here/response.dict" -artifact_prefix="$out/response-" "$@" "$out/response_corpus" "$here/response_corpus"
    ;;
  *) echo "fuzz: ECIREQ_FUZZ_TARGET must be request or response" >&2; exit 2 ;;
esac

# The target, as two translation units compiled side by side (ECIREQ_FUZZ_PART:
# two actions each); rebuilt when it or a header of the library changes.
stamp="$out/fuzz_request.stamp"
want="$cxx ${flags[*]} $(cat "$here/fuzz_request.cpp" "$here/coverage_ignore.txt" $(find "$root/include" -type f | LC_ALL=C sort) | cksum)"
if [ ! -x "$out/fuzz_request" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "fuzz: compiling fuzz_request ($cxx)"
  "$cxx" "${flags[@]}" -DECIREQ_FUZZ_PART=1 -c "$here/fuzz_request.cpp" -o "$out/fuzz_request_1.o" &
  part1=$!
  "$cxx" "${flags[@]}" -DECIREQ_FUZZ_PART=2 -c "$here/fuzz_request.cpp" -o "$out/fuzz_request_2.o" ||
    { kill "$part1" 2>/dev/null; exit 1; }
  wait "$part1"
  "$cxx" "${flags[@]}" "$out/fuzz_request_1.o" "$out/fuzz_request_2.o" "$out/boost_url_src.o" \
    -o "$out/fuzz_request" -lcrypto
  echo "$want" > "$stamp"
fi
[ "${ECIREQ_FUZZ_BUILD_ONLY:-0}" = 1 ] && exit 0

# New inputs go to the first (writable) corpus directory; the checked-in
# seeds and the inputs of past findings (findings/) are only read. -entropic=0: libFuzzer's entropic schedule spends most
# of its time in its own bookkeeping with this target's tens of thousands of
# features (3 times fewer executions per second with it).
echo "fuzz: running for ${seconds}s"
exec "$out/fuzz_request" -max_total_time="$seconds" -print_final_stats=1 -entropic=0 \
  -dict="$here/request.dict" -artifact_prefix="$out/" "$@" "$out/corpus" "$here/corpus" "$here/findings"
