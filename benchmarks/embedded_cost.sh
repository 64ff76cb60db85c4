#!/usr/bin/env bash
# Measures what ecireq costs on a small target, for docs/embedded.md:
#  1. stripped size of minimal_sign (-Os, static Boost.URL, the crypto
#     library linked dynamically so that it is not counted) minus the size of
#     crypto_only (the same crypto calls without ecireq), per backend, twice:
#     with Debian's libboost_url.a (one unity object: any use links all of
#     Boost.URL) and with Boost.URL compiled from <boost/url/src.hpp> with
#     -ffunction-sections and linked with --gc-sections (what a size-conscious
#     embedded build does: only the functions used are kept); and, for
#     reference, with Boost.URL as a shared library (ecireq's own code);
#  2. compile time (wall and CPU) and peak memory of the one translation unit
#     minimal_sign.cpp at -O2, with g++ and clang++ (median of 3 runs).
# Usage: bash benchmarks/embedded_cost.sh [--write]  (--write updates docs/embedded.md)
set -euo pipefail
cd "$(dirname "$0")/.."
src=benchmarks/embedded
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
boost_url_a=$(find /usr/lib -name 'libboost_url.a' | head -1)
gc=(-ffunction-sections -fdata-sections -Wl,--gc-sections)
echo '#include <boost/url/src.hpp>' >"$out/url_src.cpp"
g++ -std=c++17 -Os -DNDEBUG -ffunction-sections -fdata-sections -c "$out/url_src.cpp" -o "$out/url_src.o"
ar rcs "$out/libboost_url_sections.a" "$out/url_src.o"

size_of() { strip -o "$out/stripped" "$1"; stat -c %s "$out/stripped"; }

rows=()
for backend in OPENSSL MBEDTLS; do
  if [ $backend = OPENSSL ]; then libs=(-lcrypto); name="OpenSSL 3"; else libs=(-lmbedcrypto); name="Mbed TLS 2.28"; fi
  g++ -std=c++17 -Os -DNDEBUG -DECIREQ_CRYPTO_$backend=1 -Iinclude "$src/crypto_only.cpp" \
      "${gc[@]}" "${libs[@]}" -o "$out/crypto_$backend"
  c=$(size_of "$out/crypto_$backend")
  for variant in shared debian sections; do
    if [ $variant = shared ]; then
      flags=(); lib=-lboost_url; label="none: libboost_url.so (ecireq's own code only)"
    elif [ $variant = debian ]; then
      flags=(); lib=$boost_url_a; label="Debian libboost_url.a"
    else
      flags=("${gc[@]}"); lib=$out/libboost_url_sections.a; label="Boost.URL with function sections, --gc-sections"
    fi
    g++ -std=c++17 -Os -DNDEBUG -DECIREQ_CRYPTO_$backend=1 -Iinclude "${flags[@]}" "$src/minimal_sign.cpp" \
        "$lib" "${libs[@]}" -o "$out/sign"
    "$out/sign" | grep -q '^https://eci.cn-hangzhou.aliyuncs.com/?AccessKeyId=testid&' ||
      { echo "minimal_sign ($backend, $variant) did not print a signed URL"; exit 1; }
    s=$(size_of "$out/sign")
    rows+=("| $name | $label | $s | $c | $(( (s - c) / 1024 )) KiB |")
  done
done

median3() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
compile_rows=()
for cxx in g++ clang++; do
  times=(); cpus=(); mems=()
  for i in 1 2 3; do
    /usr/bin/time -f '%e %U %S %M' -o "$out/time" "$cxx" -std=c++17 -O2 -Iinclude -c "$src/minimal_sign.cpp" -o "$out/tu.o"
    read -r t u sy m <"$out/time"
    times+=("$t"); cpus+=("$(python3 -c "print(round($u + $sy, 2))")"); mems+=("$m")
  done
  ver=$("$cxx" --version | head -1)
  compile_rows+=("| $ver | $(median3 "${times[@]}") s | $(median3 "${cpus[@]}") s | $(( $(median3 "${mems[@]}") / 1024 )) MB |")
done

table=$(
  echo "Stripped size in bytes, -Os, crypto library linked dynamically (so not counted):"
  echo
  echo "| backend | static Boost.URL | minimal_sign | crypto_only | ecireq + Boost.URL add |"
  echo "|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Compiling minimal_sign.cpp, one TU, -O2 (median of 3):"
  echo
  echo "| compiler | wall time | CPU time | peak memory |"
  echo "|---|---|---|---|"
  printf '%s\n' "${compile_rows[@]}"
  echo
  echo "Measured $(date -u +%Y-%m-%d) on $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg) at the end."
)
echo "$table"
if [ "${1:-}" = --write ]; then
  python3 - "$table" <<'PY'
import sys, re
doc = open('docs/embedded.md').read()
start, end = '<!-- embedded-cost:begin -->', '<!-- embedded-cost:end -->'
new = start + '\n' + sys.argv[1] + '\n' + end
doc = re.sub(re.escape(start) + '.*?' + re.escape(end), lambda m: new, doc, flags=re.S)
open('docs/embedded.md', 'w').write(doc)
PY
fi
