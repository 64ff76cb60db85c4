#!/usr/bin/env bash
# Builds the signing benchmarks in Release (-O2), runs them (5 repetitions,
# medians) and writes the results into docs/performance.md.
#
#   benchmarks/run.sh                       # full run
#   BUILD_DIR=/tmp/bb benchmarks/run.sh     # another build directory
#   benchmarks/run.sh --benchmark_min_time=0.1   # extra arguments go to the program
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$root/build-bench}
doc=$root/docs/performance.md
results=$build/bench_sign.json
machine=$build/machine.txt

# -O2 explicitly: CMake's Release default is -O3, and -O2 is what most
# packagers ship, so it is the figure users get.
cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" \
  -DECIREQ_BUILD_BENCHMARKS=ON -DECIREQ_BUILD_TESTS=OFF -DECIREQ_BUILD_EXAMPLES=OFF -DECIREQ_INSTALL=OFF >/dev/null
cmake --build "$build" --target ecireq_bench_sign ecireq_profile_sign

# Random interleaving runs the repetitions of all cases in a shuffled order,
# so a burst of load from elsewhere lands on one repetition of several
# cases instead of on all repetitions of one case, and the median drops it.
bench_args=(--benchmark_repetitions=5 --benchmark_report_aggregates_only=true
            --benchmark_enable_random_interleaving=true
            --benchmark_out="$results" --benchmark_out_format=json "$@")
command="benchmarks/run.sh $*"
command=${command% }

# The machine, recorded before the run (load average included: this is
# what tells a reader whether other work shared the CPUs).
compiler=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$build/CMakeCache.txt")
{
  echo "CPU: $(lscpu | sed -n 's/^Model name: *//p' | head -1)," \
       "$(nproc) logical CPUs ($(lscpu | sed -n 's/^Core(s) per socket: *//p' | head -1) cores per socket," \
       "$(lscpu | sed -n 's/^Thread(s) per core: *//p' | head -1) thread(s) per core)"
  echo "Compiler: $("${compiler:-c++}" --version | head -1), flags -O2 -DNDEBUG"
  echo "Boost: $(sed -n 's/^#define BOOST_LIB_VERSION "\(.*\)"/\1/p' /usr/include/boost/version.hpp | tr _ .)"
  echo "OpenSSL: $(openssl version 2>/dev/null || echo unknown)"
  echo "Google Benchmark: $(dpkg-query -W -f='${Version}' libbenchmark-dev 2>/dev/null || echo unknown)"
  # Which library was measured: the commit, and whether include/ differed from it.
  if rev=$(git -C "$root" rev-parse --short HEAD 2>/dev/null); then
    if [ -n "$(git -C "$root" status --porcelain -- include 2>/dev/null)" ]; then
      echo "Library: commit $rev with uncommitted changes in include/"
    else
      echo "Library: commit $rev"
    fi
  fi
  echo "Kernel: $(uname -sr)"
  echo "Date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "Load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$machine"

"$build/benchmarks/ecireq_bench_sign" "${bench_args[@]}"

echo
python3 "$root/benchmarks/report.py" "$results" "$doc" "$machine" "$command"
echo
echo "Wrote $doc (raw results: $results)"
