#!/usr/bin/env bash
# Interop check: ecireq's signatures against the official Node signers, see
# docs/trust.md: V2 (HMAC-SHA1) against @alicloud/pop-core and
# @alicloud/openapi-util, V3 (ACS3-HMAC-SHA256) against openapi-util's
# getAuthorization.
#
#   tests/interop/run.sh [GEN_CORPUS_BINARY | BUILD_DIR]
#
# With a binary, runs it; with a build directory, uses the gen_corpus found
# in it; with no argument, compiles gen_corpus.cpp with g++ first.
# The corpus covers CreateImageCache, DescribeImageCaches, UpdateImageCache
# and DeleteImageCache in equal shares (request n is of action n % 4); every
# request is signed with both V2 and V3.
# Environment: ECIREQ_INTEROP_COUNT (default 10000: 2,500 requests per
# action, so 10,000 V2 and 10,000 V3 signatures), ECIREQ_INTEROP_SEED
# (default: the generator's fixed seed), ECIREQ_INTEROP_SHARD (requests per
# shard, default 5000: the corpus is generated, signed and compared a shard
# at a time, shard i with seed SEED + i, so that no file grows past what
# Node reads in one string; 100,000 requests are 20 shards), CXX (default
# g++, no-argument case).
# Prints "interop: N passed, M failed (V2)", the same for V3, a line on what
# the V3 requests exercise, and last "interop: N passed, M failed" for both;
# exits non-zero on any mismatch. On failure the corpus and the oracle output
# are kept and their folder printed.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/ecireq-interop.XXXXXX")
keep=0
cleanup() { if [ "$keep" = 0 ]; then rm -rf "$work"; else echo "interop: files kept in $work" >&2; fi; }
trap cleanup EXIT

arg=${1:-}
if [ -z "$arg" ]; then
  bin="$work/gen_corpus"
  echo "interop: compiling gen_corpus" >&2
  "${CXX:-g++}" -std=c++17 -O1 -I"$root/include" "$here/gen_corpus.cpp" -o "$bin" -lboost_url -lcrypto
elif [ -d "$arg" ]; then
  bin=$(find "$arg" -type f -name gen_corpus -perm -u+x | head -n 1)
  if [ -z "$bin" ]; then echo "interop: no gen_corpus executable under $arg" >&2; exit 2; fi
else
  bin=$arg
fi

if [ ! -d "$here/node_modules" ]; then
  echo "interop: installing the Node signers (npm ci)" >&2
  (cd "$here" && npm ci --no-audit --no-fund >&2)
fi

count=${ECIREQ_INTEROP_COUNT:-10000}
shard=${ECIREQ_INTEROP_SHARD:-5000}
seed=${ECIREQ_INTEROP_SEED:-20231114} # the generator's own default
total_passed=0
total_failed=0
done_count=0
i=0
while [ "$done_count" -lt "$count" ]; do
  n=$((count - done_count < shard ? count - done_count : shard))
  echo "interop: shard $i: $n requests, seed $((seed + i))" >&2
  "$bin" "$n" "$((seed + i))" > "$work/corpus.jsonl" || { keep=1; exit 1; }
  node "$here/sign.js" < "$work/corpus.jsonl" > "$work/oracle.jsonl" || { keep=1; exit 1; }
  node "$here/compare.js" "$work/corpus.jsonl" "$work/oracle.jsonl" > "$work/compare.txt" || {
    cat "$work/compare.txt"; keep=1; exit 1; }
  grep -v '^interop: [0-9]* passed, [0-9]* failed$' "$work/compare.txt" || true
  summary=$(grep '^interop: [0-9]* passed, [0-9]* failed$' "$work/compare.txt")
  total_passed=$((total_passed + $(echo "$summary" | sed 's/interop: \([0-9]*\) passed.*/\1/')))
  total_failed=$((total_failed + $(echo "$summary" | sed 's/.*passed, \([0-9]*\) failed/\1/')))
  done_count=$((done_count + n))
  i=$((i + 1))
done
echo "interop: $total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]
