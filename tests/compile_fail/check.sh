#!/usr/bin/env bash
# Usage: check.sh CXX INCLUDE_DIR CASE EXPECTED [extra compiler flags...]
# Compiles requests.cpp (or $ECIREQ_CF_SOURCE) with -DCASE=CASE. CASE 0 must compile; any other CASE
# must fail, and the first line that says "error" must contain EXPECTED
# (the parameter name and the setter to call), so the message users see first
# is the readable one.
set -u
cxx=$1 inc=$2 case=$3 expected=$4
shift 4
here=$(cd "$(dirname "$0")" && pwd)
source=${ECIREQ_CF_SOURCE:-$here/requests.cpp}
out=$("$cxx" -std=c++17 -fsyntax-only "$@" -I"$inc" -DCASE="$case" "$source" 2>&1)
status=$?
if [ "$case" = 0 ]; then
  [ $status -eq 0 ] && { echo "compile-fail control: compiles"; exit 0; }
  echo "control case failed to compile:"; echo "$out" | head -20; exit 1
fi
if [ $status -eq 0 ]; then
  echo "CASE $case compiled, but must not"; exit 1
fi
first=$(printf '%s\n' "$out" | grep -m1 -E '(^|[ :])error:' || true)
echo "first error line: $first"
errors=$(printf '%s\n' "$out" | grep -c -E '(^|[^a-z_])error:' || true)
echo "error lines: $errors"
if ! printf '%s' "$first" | grep -qF -- "$expected"; then
  echo "expected the first error line to contain: $expected"
  exit 1
fi
# One mistake, one message: the failed check must not cascade into others.
if [ "$errors" -ne 1 ]; then
  printf '%s\n' "$out" | grep -E '(^|[ :])error:' | head -5
  echo "expected exactly one error, got $errors"
  exit 1
fi
exit 0
