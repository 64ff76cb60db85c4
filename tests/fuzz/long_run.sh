#!/usr/bin/env bash
# A long fuzzing run, then the corpus it grew folded into the repository's
# small minimized corpus (tests/fuzz/corpus).
#
#   tests/fuzz/long_run.sh [SECONDS] [--runs N] [extra libFuzzer flags...]
#
#   SECONDS    stop after this many seconds (per job; default 3600 without --runs)
#   --runs N   stop after N executions in all (split between the jobs)
#   With both, whichever comes first.
#
# Runs ECIREQ_FUZZ_JOBS (1 or 2, default 2) libFuzzer jobs side by side
# (-jobs=J -workers=J) under nice, in ${ECIREQ_FUZZ_OUT:-${TMPDIR:-/tmp}/ecireq-fuzz-long},
# whose corpus/ folder keeps growing from one run to the next. Then, unless a
# job found something, merges everything into tests/fuzz/corpus: the named
# seeds stay, and the other (SHA-1-named) files are replaced by a minimal set
# of inputs that covers every edge the seeds, the old corpus and the new
# inputs cover. Prints executions, time, executions per second, coverage and
# the corpus size. Exits non-zero when a job found a crash, a sanitizer
# report or a failed property (the input is in the output folder, crash-*).
#
# Environment: ECIREQ_FUZZ_OUT, ECIREQ_FUZZ_JOBS, CXX_FUZZ (see run.sh),
# ECIREQ_FUZZ_NICE (default 10), ECIREQ_FUZZ_MERGE=plain to merge with
# -merge=1 (keeps about 1.7 times more files) instead of -set_cover_merge=1.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=${ECIREQ_FUZZ_OUT:-${TMPDIR:-/tmp}/ecireq-fuzz-long}
jobs=${ECIREQ_FUZZ_JOBS:-2}
niceness=${ECIREQ_FUZZ_NICE:-10}
case "$jobs" in 1|2) ;; *) echo "long_run: ECIREQ_FUZZ_JOBS must be 1 or 2" >&2; exit 2 ;; esac

seconds=
runs=
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    [0-9]*) seconds=$1; shift ;;
    *) break ;;
  esac
done
[ -z "$seconds" ] && [ -z "$runs" ] && seconds=3600
limits=()
[ -n "$seconds" ] && limits+=(-max_total_time="$seconds")
[ -n "$runs" ] && limits+=(-runs=$(( (runs + jobs - 1) / jobs )))

ECIREQ_FUZZ_OUT="$out" ECIREQ_FUZZ_BUILD_ONLY=1 bash "$here/run.sh"
export ASAN_OPTIONS=${ASAN_OPTIONS:-malloc_context_size=5} # as run.sh
fuzzer="$out/fuzz_request"
mkdir -p "$out/corpus" "$out/logs"
rm -f "$out"/logs/fuzz-*.log
marker="$out/logs/started"
touch "$marker"

echo "long_run: $jobs job(s), ${limits[*]}, nice $niceness, logs in $out/logs"
start=$(date +%s)
set +e
# libFuzzer writes each job's output to fuzz-<N>.log in the current folder.
(cd "$out/logs" && nice -n "$niceness" "$fuzzer" -jobs="$jobs" -workers="$jobs" "${limits[@]}" \
   -entropic=0 -print_final_stats=1 -dict="$here/request.dict" -artifact_prefix="$out/" "$@" \
   "$out/corpus" "$here/corpus" "$here/findings")
status=$?
set -e
end=$(date +%s)

executions=0
for log in "$out"/logs/fuzz-*.log; do
  n=$(grep -a '^stat::number_of_executed_units:' "$log" | awk '{print $2}' | tail -1)
  executions=$(( executions + ${n:-0} ))
  echo "long_run: $(basename "$log"): ${n:-?} executions; $(grep -a -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1)"
done
elapsed=$(( end - start ))
echo "long_run: $executions executions in ${elapsed} s ($(( executions / (elapsed > 0 ? elapsed : 1) )) per second, all jobs)"

found=$(find "$out" -maxdepth 1 -newer "$marker" \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | sort)
if [ "$status" -ne 0 ] || [ -n "$found" ]; then
  echo "long_run: libFuzzer exited with $status; found:" ${found:-nothing} >&2
  grep -a -h -E 'property failed|runtime error|ERROR: AddressSanitizer|ERROR: libFuzzer' "$out"/logs/fuzz-*.log >&2 || true
  echo "long_run: replay with $fuzzer <file>; the corpus was not merged" >&2
  exit 1
fi

# The merge: the named seeds first, so that only what they do not cover is added.
merged="$out/merged"
rm -rf "$merged"
mkdir -p "$merged"
is_hashed() { [[ "$(basename "$1")" =~ ^[0-9a-f]{40}$ ]]; }
for f in "$here"/corpus/*; do is_hashed "$f" || cp "$f" "$merged/"; done
merge_flag=-set_cover_merge=1
[ "${ECIREQ_FUZZ_MERGE:-}" = plain ] && merge_flag=-merge=1
# -use_counters=0: an input is kept for the edges it reaches, not for how
# often it takes them, which keeps the set small.
nice -n "$niceness" "$fuzzer" "$merge_flag" -use_counters=0 "$merged" "$here/corpus" "$out/corpus" \
  > "$out/logs/merge.log" 2>&1 || { cat "$out/logs/merge.log" >&2; exit 1; }
grep -a 'MERGE-OUTER: .* new files' "$out/logs/merge.log" || true
for f in "$here"/corpus/*; do is_hashed "$f" && rm -f "$f"; done
for f in "$merged"/*; do is_hashed "$f" && cp "$f" "$here/corpus/"; done

files=$(find "$here/corpus" -type f | wc -l)
bytes=$(find "$here/corpus" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}')
echo "long_run: tests/fuzz/corpus: $files files, $bytes bytes"
if [ "$files" -gt 300 ] || [ "$bytes" -gt 1048576 ]; then
  echo "long_run: note: the corpus is above the budget of about 300 files / 1 MB" >&2
fi
