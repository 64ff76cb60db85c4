#!/usr/bin/env bash
# Compares how long one TU takes to compile against the headers of two
# commits, interleaving the compiles so that both see the same machine:
# on a shared machine the speed drifts by 20% within minutes, which a
# before/after pair of separate runs (embedded_cost.sh) cannot tell from a
# change in the headers.
#
#   benchmarks/compare_compile.sh OLD_REV [NEW_REV] [RUNS]
#
# NEW_REV defaults to the working tree, RUNS to 8. The TU is
# benchmarks/embedded/minimal_sign.cpp on the core (-DECIREQ_BENCH_CORE),
# g++ -std=c++17 -O2, as in embedded_cost.sh; CXX and ECIREQ_CC_FLAGS
# override the compiler and add flags. Prints each run's user CPU seconds
# and the medians.
set -euo pipefail
old=${1:?usage: compare_compile.sh OLD_REV [NEW_REV] [RUNS]}
new=${2:-}
runs=${3:-8}
cxx=${CXX:-g++}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

tree() { # REV DIR: the include/ and benchmarks/embedded/ of REV (empty REV: the working tree)
  mkdir -p "$2"
  if [ -z "$1" ]; then
    cp -r "$root/include" "$2/include"
    mkdir -p "$2/benchmarks" && cp -r "$root/benchmarks/embedded" "$2/benchmarks/embedded"
  else
    git -C "$root" archive "$1" include benchmarks/embedded | tar -x -C "$2"
  fi
}
tree "$old" "$work/old"
tree "$new" "$work/new"

declare -A times
for ((i = 1; i <= runs; i++)); do
  for side in old new; do
    t=$( { /usr/bin/time -f '%U' "$cxx" -std=c++17 -O2 ${ECIREQ_CC_FLAGS:-} -DECIREQ_BENCH_CORE \
             -I"$work/$side/include" -c "$work/$side/benchmarks/embedded/minimal_sign.cpp" \
             -o "$work/$side.o"; } 2>&1 | tail -1)
    times[$side]="${times[$side]:-} $t"
  done
done
median() { tr ' ' '\n' | sed '/^$/d' | sort -n | awk '{a[NR] = $1} END {print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
echo "compiler: $("$cxx" --version | head -1); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "old ${old}:${times[old]}  median $(echo "${times[old]}" | median) s"
echo "new ${new:-working tree}:${times[new]}  median $(echo "${times[new]}" | median) s"
