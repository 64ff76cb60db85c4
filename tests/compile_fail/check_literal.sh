#!/usr/bin/env bash
# Usage: check_literal.sh CXX INCLUDE_DIR CASE PARAMETER RULE MESSAGE [extra compiler flags...]
# Compiles literals.cpp with -DCASE=CASE, as C++20 and as C++17.
#
# C++20: CASE 0 must compile; any other CASE must fail with exactly one
# error, whose first error line, or the note right under it, names the API
# parameter and the rule (builder/literal.hpp):
#   g++      the first error line holds MESSAGE, the run-time error's message,
#            e.g. "ClientToken: is too long (limit: 64)"
#   clang++  the first error line names literal<...::PARAMETER>, and the note
#            under it literal_rejected<...::PARAMETER, ecireq::errc::RULE>,
#            e.g. RULE "too_long, 64"
# C++17: every CASE compiles, as it did before the compile-time checks (the
# error comes when the request is signed).
set -u
cxx=$1 inc=$2 case=$3 parameter=$4 rule=$5 message=$6
shift 6
here=$(cd "$(dirname "$0")" && pwd)
source=$here/literals.cpp

out17=$("$cxx" -std=c++17 -fsyntax-only "$@" -I"$inc" -DCASE="$case" "$source" 2>&1) || {
  echo "C++17: CASE $case must compile, as before:"; printf '%s\n' "$out17" | head -20; exit 1; }
echo "C++17: compiles"

out=$("$cxx" -std=c++20 -fsyntax-only "$@" -I"$inc" -DCASE="$case" "$source" 2>&1)
status=$?
if [ "$case" = 0 ]; then
  [ $status -eq 0 ] && { echo "C++20 control: compiles"; exit 0; }
  echo "C++20 control case failed to compile:"; printf '%s\n' "$out" | head -20; exit 1
fi
if [ $status -eq 0 ]; then
  echo "C++20: CASE $case compiled, but must not"; exit 1
fi
first=$(printf '%s\n' "$out" | grep -m1 -E '(^|[ :])error:' || true)
# The note right under the first error line (the compilers echo the source line between).
note=$(printf '%s\n' "$out" | sed -n '/\(^\|[ :]\)error:/,$p' | grep -m1 -E '(^|[ :])note:' || true)
errors=$(printf '%s\n' "$out" | grep -c -E '(^|[^a-z_])error:' || true)
echo "first error line: $first"
echo "note under it:    $note"
echo "error lines: $errors"
fail=0
if "$cxx" --version 2>/dev/null | grep -qi clang; then
  printf '%s' "$first" | grep -qF -- "::$parameter>::literal<" ||
    { echo "expected the first error line to name literal<...::$parameter>"; fail=1; }
  printf '%s' "$note" | grep -qF -- "literal_rejected<" &&
    printf '%s' "$note" | grep -qF -- "::$parameter, ecireq::errc::$rule" ||
    { echo "expected the note under it to name literal_rejected<...::$parameter, ecireq::errc::$rule...>"; fail=1; }
else
  printf '%s' "$first" | grep -qF -- "\"$message\"" ||
    { echo "expected the first error line to hold \"$message\""; fail=1; }
fi
# One mistake, one message: the failed check must not cascade into others.
if [ "$errors" -ne 1 ]; then
  printf '%s\n' "$out" | grep -E '(^|[ :])error:' | head -5
  echo "expected exactly one error, got $errors"
  fail=1
fi
exit $fail
