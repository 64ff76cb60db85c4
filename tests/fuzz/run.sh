#!/usr/bin/env bash
# Builds the libFuzzer target tests/fuzz/fuzz_request.cpp and runs it.
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

flags=(-std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
       -I"$root/include")

# Boost.URL is compiled in from source (instrumented). It is the slow part and
# changes only with the compiler, the flags or boost_url_src.cpp, so it is
# rebuilt only when one of those does.
stamp="$out/boost_url_src.stamp"
want="$cxx ${flags[*]} $(cksum < "$here/boost_url_src.cpp")"
if [ ! -f "$out/boost_url_src.o" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "fuzz: compiling Boost.URL ($cxx)"
  "$cxx" "${flags[@]}" -c "$here/boost_url_src.cpp" -o "$out/boost_url_src.o"
  echo "$want" > "$stamp"
fi
echo "fuzz: compiling fuzz_request ($cxx)"
"$cxx" "${flags[@]}" "$here/fuzz_request.cpp" "$out/boost_url_src.o" -o "$out/fuzz_request" -lcrypto

# New inputs go to the first (writable) corpus directory; the checked-in
# seeds are only read.
echo "fuzz: running for ${seconds}s"
exec "$out/fuzz_request" -max_total_time="$seconds" -print_final_stats=1 \
  -dict="$here/request.dict" -artifact_prefix="$out/" "$@" "$out/corpus" "$here/corpus"
