#!/usr/bin/env bash
# What ecireq costs on a small target: one Markdown table for the section
# "What it costs" of docs/embedded.md, every figure measured by this run.
#
# Columns: x86-64 (g++, -O2 and -Os, OpenSSL 3 and Mbed TLS) and a Cortex-M4
# (tests/cortex_m4/run.sh's build: arm-none-eabi-g++ -Os, Mbed TLS built for
# the target, run under qemu-system-arm mps2-an386). Rows:
#  - stack: the 17-setter request on bound storage plus sign_to (V2) and plus
#    sign_v3_to (V3), on a painted stack. x86-64: tests/stack/stack_bound.cpp
#    compiled against <ecireq/core.hpp> alone (benchmarks/embedded/
#    stack_core.cpp); Cortex-M4: examples/cortex-m4/main.cpp, the same request.
#  - static TLS per thread: the PT_TLS segment's size (x86-64), the .tdata and
#    .tbss sections' (Cortex-M4);
#  - flash .text/.data/.bss by origin, from the link map
#    (benchmarks/embedded/map_sizes.py): ecireq with the header-only Boost it
#    inlines (one translation unit, with the test program around it: not
#    separable), Boost's compiled libraries, the crypto library (x86-64:
#    linked from the static archive with --gc-sections, so only the archive
#    members the program pulls in count), libc/libstdc++/libgcc (static on
#    the Cortex-M4; shared on x86-64, so not counted), and the rest;
#  - compile wall time, CPU time and peak memory (GNU time), minimum of 3
#    runs, of a TU that includes only <ecireq/core.hpp> and one that includes
#    <ecireq.hpp>, alone and signing one request
#    (benchmarks/embedded/minimal_sign.cpp), g++ -O2 (and arm-none-eabi-g++
#    -Os), with the load average before and after; the signing TU again
#    with the engine compiled once (-DECIREQ_SEPARATE_COMPILATION), and the
#    engine's own TU (<ecireq/src.hpp>). The timed compiles run
#    first and at normal priority; everything else runs under nice.
#
# Usage: bash benchmarks/embedded_cost.sh [--write] [--quiet-load LOAD]
#   --write           puts the table between the embedded-cost markers of
#                     docs/embedded.md
#   --quiet-load L    before timing compiles, waits (up to 20 minutes) for
#                     the 1-minute load average to drop below L
# Needs what tests/cortex_m4/run.sh needs (gcc-arm-none-eabi,
# libstdc++-arm-none-eabi-newlib, qemu-system-arm; all in .ci/setup),
# libssl-dev and libmbedtls-dev (their static archives), GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
start=$SECONDS
command="bash benchmarks/embedded_cost.sh${*:+ $*}"
write=0
quiet_load=
while [ $# -gt 0 ]; do
  case $1 in
    --write) write=1 ;;
    --quiet-load) quiet_load=$2; shift ;;
    *) echo "usage: $0 [--write] [--quiet-load LOAD]" >&2; exit 2 ;;
  esac
  shift
done

out=$(mktemp -d "${TMPDIR:-/tmp}/ecireq-embedded.XXXXXX")
trap 'rm -rf "$out"' EXIT
res=$out/results # key<TAB>value, read by the table at the end
put() { printf '%s\t%s\n' "$1" "$2" >>"$res"; }
load1() { cut -d' ' -f1 /proc/loadavg; }
log() { echo "embedded-cost: $* ($((SECONDS - start)) s)" >&2; }

libdir=$(dirname "$(g++ -print-file-name=libc.so)")
libdir=$(cd "$libdir" && pwd -P)
[ -f "$libdir/libcrypto.a" ] || libdir=/usr/lib/$(g++ -print-multiarch)
for f in "$libdir/libcrypto.a" "$libdir/libmbedcrypto.a" /usr/bin/time; do
  [ -e "$f" ] || { echo "embedded-cost: $f not found" >&2; exit 1; }
done

# --- The Cortex-M4 flags (examples/cortex-m4/Makefile's) for the compile timing.
m4_build=$out/m4
mkdir -p "$m4_build"
m4_mbedtls=$(ls -d "$root"/build/cortex-m4/mbedtls-*/ 2>/dev/null | head -1 || true)
if [ -n "$m4_mbedtls" ] && [ -f "$m4_mbedtls/include/mbedtls/version.h" ]; then
  # Mbed TLS's source, unpacked by an earlier run.sh: reused, not fetched again.
  ln -s "${m4_mbedtls%/}" "$m4_build/$(basename "$m4_mbedtls")"
fi
mkdir -p "$m4_build/boost-only" && ln -sfn /usr/include/boost "$m4_build/boost-only/boost"

# --- 1. Compile time and memory (first, while nothing of ours loads the machine)
if [ -n "$quiet_load" ]; then
  waited=0
  while awk -v l="$(load1)" -v q="$quiet_load" 'BEGIN { exit !(l >= q) }' && [ $waited -lt 1200 ]; do
    sleep 15; waited=$((waited + 15))
  done
  log "waited $waited s for a load average below $quiet_load (now $(load1))"
  put waited "$waited"
  put quiet_load "$quiet_load"
fi
printf '#include <ecireq/core.hpp>\n' >"$out/core_header.cpp"
printf '#include <ecireq.hpp>\n' >"$out/full_header.cpp"
printf '#include <ecireq/src.hpp>\n' >"$out/engine.cpp"
put load_before "$(cut -d' ' -f1-3 /proc/loadavg)"
# time_tu KEY COMPILER ARGS...: min of 3 runs of wall s, CPU s (user+sys), peak KB
time_tu() {
  local key=$1; shift
  local best_e= best_c= best_m= i e u s m
  for i in 1 2 3; do
    if ! /usr/bin/time -f '%e %U %S %M' -o "$out/time" "$@" -c -o "$out/timed.o" 2>"$out/cc.err"; then
      put "$key" "FAIL $(grep -m1 'error' "$out/cc.err" | sed -E 's#^(/usr/include/)?([^:]*):[0-9]+:[0-9]+: error: #\2: #' | cut -c1-110)"
      log "$key: does not compile"
      return 0
    fi
    read -r e u s m <"$out/time"
    c=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
    if [ -z "$best_e" ] || awk -v a="$e" -v b="$best_e" 'BEGIN { exit !(a < b) }'; then best_e=$e; fi
    if [ -z "$best_c" ] || awk -v a="$c" -v b="$best_c" 'BEGIN { exit !(a < b) }'; then best_c=$c; fi
    if [ -z "$best_m" ] || [ "$m" -lt "$best_m" ]; then best_m=$m; fi
  done
  put "$key" "$best_e $best_c $best_m"
  log "$key: $best_e s wall, $best_c s CPU, $best_m KB (min of 3), load $(load1)"
}
# time_separate COL: the same signing TU with the engine compiled once
# (ECIREQ_SEPARATE_COMPILATION), and the engine's own TU, once per program.
time_separate() {
  time_tu "compile_core_sign_separate_$1" "${cc[@]}" -DECIREQ_SEPARATE_COMPILATION -DECIREQ_BENCH_CORE \
    benchmarks/embedded/minimal_sign.cpp
  if [ "$1" != m4 ]; then # <ecireq.hpp> does not compile for the Cortex-M4 (Boost.URL)
    time_tu "compile_full_sign_separate_$1" "${cc[@]}" -DECIREQ_SEPARATE_COMPILATION benchmarks/embedded/minimal_sign.cpp
  fi
  time_tu "compile_engine_$1" "${cc[@]}" -DECIREQ_SEPARATE_COMPILATION "$out/engine.cpp"
}
x86_cxx=(g++ -std=c++17 -Iinclude)
m4_cxx=(arm-none-eabi-g++ -mcpu=cortex-m4 -mthumb -mfloat-abi=soft -Os -ffunction-sections -fdata-sections
        -std=c++17 -fno-exceptions -fno-rtti -Iinclude -DECIREQ_CRYPTO_MBEDTLS -Iexamples/cortex-m4
        -I"$m4_build"/mbedtls-current/include '-DMBEDTLS_CONFIG_FILE="mbedtls_config.h"'
        -isystem "$m4_build/boost-only")
for col in O2_OPENSSL O2_MBEDTLS m4; do
  case $col in
    O2_OPENSSL) cc=("${x86_cxx[@]}" -O2) ;;
    O2_MBEDTLS) cc=("${x86_cxx[@]}" -O2 -DECIREQ_CRYPTO_MBEDTLS) ;;
    m4) if [ -z "$m4_mbedtls" ]; then continue; fi # no Mbed TLS source yet: timed after run.sh fetched it
        cc=("${m4_cxx[@]/mbedtls-current/$(basename "$m4_mbedtls")}") ;;
  esac
  time_tu "compile_core_header_$col" "${cc[@]}" "$out/core_header.cpp"
  time_tu "compile_full_header_$col" "${cc[@]}" "$out/full_header.cpp"
  time_tu "compile_core_sign_$col" "${cc[@]}" -DECIREQ_BENCH_CORE benchmarks/embedded/minimal_sign.cpp
  time_tu "compile_full_sign_$col" "${cc[@]}" benchmarks/embedded/minimal_sign.cpp
  time_separate "$col"
done
put load_after "$(cut -d' ' -f1-3 /proc/loadavg)"

# --- 2. x86-64: stack, TLS and flash of stack_core.cpp, statically linked crypto
for opt in O2 Os; do
  for backend in OPENSSL MBEDTLS; do
    col=${opt}_$backend
    dir=$out/$col
    mkdir -p "$dir"
    if [ $backend = OPENSSL ]; then defs=(); libs=("$libdir/libcrypto.a" -ldl); else defs=(-DECIREQ_CRYPTO_MBEDTLS); libs=("$libdir/libmbedcrypto.a"); fi
    nice g++ -std=c++17 -"$opt" "${defs[@]}" -ffunction-sections -fdata-sections -Iinclude \
      -c benchmarks/embedded/stack_core.cpp -o "$dir/tu.o"
    nice g++ "$dir/tu.o" -Wl,--gc-sections -Wl,-Map="$dir/prog.map" "${libs[@]}" -pthread -o "$dir/prog"
    "$dir/prog" >"$dir/run.out" || { cat "$dir/run.out"; echo "embedded-cost: $col: stack_core failed" >&2; exit 1; }
    put "stack_v2_$col" "$(sed -n 's/^stack: V2 .*: \([0-9]*\) bytes.*/\1/p' "$dir/run.out")"
    put "stack_v3_$col" "$(sed -n 's/^stack: V3 .*: \([0-9]*\) bytes.*/\1/p' "$dir/run.out")"
    put "reladyn_$col" "$(printf '%d' "0x$(readelf -SW "$dir/prog" | sed -n 's/.*\] \.rela\.dyn  *RELA  *[0-9a-f]*  *[0-9a-f]*  *\([0-9a-f]*\) .*/\1/p')")"
    put "tls_$col" "$(printf '%d' "$(readelf -lW "$dir/prog" | awk '$1 == "TLS" { print $6 }')")" # MemSiz; none: 0
    python3 benchmarks/embedded/map_sizes.py "$dir/prog" "$dir/prog.map" readelf "$dir/tu.o" |
      while read -r origin t d b tls; do put "size_${origin}_$col" "$t $d $b ${tls:-}"; done
    log "x86-64 $col: $(tr '\n' ' ' <"$dir/run.out")"
  done
done

# --- 3. Cortex-M4: tests/cortex_m4/run.sh's build and run, in a directory of ours
ECIREQ_M4_BUILD=$m4_build bash tests/cortex_m4/run.sh >"$out/m4.log" 2>&1 ||
  { cat "$out/m4.log"; echo "embedded-cost: tests/cortex_m4/run.sh failed" >&2; exit 1; }
m4_dir=$m4_build/target-soft
put stack_v2_m4 "$(sed -n 's/^# stack, V2 .*: \([0-9]*\) bytes/\1/p' "$out/m4.log")"
put stack_v3_m4 "$(sed -n 's/^# stack, V3 .*: \([0-9]*\) bytes/\1/p' "$out/m4.log")"
put stack_hwm_m4 "$(sed -n 's/^# stack high-water mark since reset: \([0-9]*\) bytes/\1/p' "$out/m4.log")"
put stack_region_m4 "$(sed -n 's/^# stack region: \([0-9]*\) bytes/\1/p' "$out/m4.log")"
python3 benchmarks/embedded/map_sizes.py "$m4_dir/ecireq_sign.elf" "$m4_dir/ecireq_sign.elf.map" \
  arm-none-eabi-readelf "$m4_dir/main.o" |
  while read -r origin t d b tls; do put "size_${origin}_m4" "$t $d $b ${tls:-}"; done
put m4_mbedtls_objs "$(arm-none-eabi-ar t "$m4_dir/libmbedcrypto.a" | wc -l)"
log "Cortex-M4: $(grep -c . "$out/m4.log") lines from run.sh, $(grep -m1 'byte-identical' "$out/m4.log" || echo 'no comparison line')"
if ! grep -q '^compile_core_header_m4' "$res"; then # Mbed TLS's source is there now
  m4_mbedtls=$(ls -d "$m4_build"/mbedtls-*/ | head -1)
  cc=("${m4_cxx[@]/mbedtls-current/$(basename "$m4_mbedtls")}")
  time_tu compile_core_header_m4 "${cc[@]}" "$out/core_header.cpp"
  time_tu compile_full_header_m4 "${cc[@]}" "$out/full_header.cpp"
  time_tu compile_core_sign_m4 "${cc[@]}" -DECIREQ_BENCH_CORE benchmarks/embedded/minimal_sign.cpp
  time_tu compile_full_sign_m4 "${cc[@]}" benchmarks/embedded/minimal_sign.cpp
  time_separate m4
fi

# --- 4. The table
put date "$(date -u '+%Y-%m-%d %H:%M UTC')"
put commit "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
put dirty "$(git status --porcelain -- include tests/stack tests/cortex_m4 examples/cortex-m4 benchmarks 2>/dev/null | wc -l)"
put cpu "$(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores"
put gxx "$(g++ --version | head -1)"
put armgxx "$(arm-none-eabi-g++ --version | head -1)"
put openssl "$(dpkg-query -W -f='${Version}' libssl-dev 2>/dev/null || echo '?')"
put mbedtls "$(dpkg-query -W -f='${Version}' libmbedtls-dev 2>/dev/null || echo '?')"
put boost "$(sed -n 's/^#define BOOST_LIB_VERSION "\(.*\)"/\1/p' /usr/include/boost/version.hpp)"
put libdir "$libdir"
put seconds "$((SECONDS - start))"
put command "$command"
table=$(python3 benchmarks/embedded/table.py "$res")
echo "$table"
if [ $write = 1 ]; then
  python3 - "$table" <<'PY'
import re, sys
doc = open('docs/embedded.md').read()
start, end = '<!-- embedded-cost:begin -->', '<!-- embedded-cost:end -->'
if start not in doc or end not in doc:
    sys.exit('embedded-cost: the markers are not in docs/embedded.md')
new = start + '\n' + sys.argv[1] + '\n' + end
doc = re.sub(re.escape(start) + '.*?' + re.escape(end), lambda m: new, doc, flags=re.S)
open('docs/embedded.md', 'w').write(doc)
PY
  log "docs/embedded.md written"
fi
