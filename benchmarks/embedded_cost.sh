#!/usr/bin/env bash
# Measures what ecireq costs on a small target, for docs/embedded.md:
#  1. stripped size of minimal_sign (-Os, static libboost_url, the crypto
#     library linked dynamically so that it is not counted) minus the size of
#     crypto_only (the same crypto calls without ecireq), per backend;
#  2. compile time and peak memory of the one translation unit
#     minimal_sign.cpp at -O2, with g++ and clang++ (median of 3 runs).
# Usage: bash benchmarks/embedded_cost.sh [--write]  (--write updates docs/embedded.md)
set -euo pipefail
cd "$(dirname "$0")/.."
src=benchmarks/embedded
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
boost_url_a=$(find /usr/lib -name 'libboost_url.a' | head -1)

size_of() { strip -o "$out/stripped" "$1"; stat -c %s "$out/stripped"; }

rows=()
for backend in OPENSSL MBEDTLS; do
  if [ $backend = OPENSSL ]; then libs=(-lcrypto); name="OpenSSL 3"; else libs=(-lmbedcrypto); name="Mbed TLS 2.28"; fi
  g++ -std=c++17 -Os -DNDEBUG -DECIREQ_CRYPTO_$backend=1 -Iinclude "$src/minimal_sign.cpp" \
      "$boost_url_a" "${libs[@]}" -o "$out/sign_$backend"
  g++ -std=c++17 -Os -DNDEBUG -DECIREQ_CRYPTO_$backend=1 -Iinclude "$src/crypto_only.cpp" \
      "${libs[@]}" -o "$out/crypto_$backend"
  "$out/sign_$backend" | grep -q '^https://eci.cn-hangzhou.aliyuncs.com/?AccessKeyId=testid&' ||
    { echo "minimal_sign ($backend) did not print a signed URL"; exit 1; }
  s=$(size_of "$out/sign_$backend"); c=$(size_of "$out/crypto_$backend")
  rows+=("| $name | $s | $c | $(( (s - c) / 1024 )) KiB |")
done

median3() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
compile_rows=()
for cxx in g++ clang++; do
  times=(); mems=()
  for i in 1 2 3; do
    /usr/bin/time -f '%e %M' -o "$out/time" "$cxx" -std=c++17 -O2 -Iinclude -c "$src/minimal_sign.cpp" -o "$out/tu.o"
    read -r t m <"$out/time"
    times+=("$t"); mems+=("$m")
  done
  ver=$("$cxx" --version | head -1)
  compile_rows+=("| $ver | $(median3 "${times[@]}") s | $(( $(median3 "${mems[@]}") / 1024 )) MB |")
done

table=$(
  echo "Stripped size, -Os, static libboost_url, crypto library linked dynamically (bytes):"
  echo
  echo "| backend | minimal_sign | crypto_only | ecireq + Boost.URL adds |"
  echo "|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Compiling minimal_sign.cpp, one TU, -O2 (median of 3):"
  echo
  echo "| compiler | wall time | peak memory |"
  echo "|---|---|---|"
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
