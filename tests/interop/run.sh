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
# Environment: ECIREQ_INTEROP_COUNT (default 2400: 600 requests per action,
# so 2400 V2 and 2400 V3 signatures), ECIREQ_INTEROP_SEED (default: the
# generator's fixed seed), CXX (default g++, no-argument case).
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

count=${ECIREQ_INTEROP_COUNT:-2400}
"$bin" "$count" ${ECIREQ_INTEROP_SEED:+"$ECIREQ_INTEROP_SEED"} > "$work/corpus.jsonl" || { keep=1; exit 1; }
node "$here/sign.js" < "$work/corpus.jsonl" > "$work/oracle.jsonl" || { keep=1; exit 1; }
node "$here/compare.js" "$work/corpus.jsonl" "$work/oracle.jsonl" || { keep=1; exit 1; }
