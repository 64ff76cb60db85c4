#!/usr/bin/env bash
# Usage: run_generated.sh CXX INCLUDE_DIR LISTER ACTION [extra compiler flags...]
# Runs the compile-fail cases that LISTER (list_cases.cpp, built from the
# actions' declarations) prints for ACTION: each request expression becomes
# a TU that check.sh compiles; a control case must compile, any other must
# fail with the listed text on its first and only error line.
set -u
cxx=$1 inc=$2 lister=$3 action=$4
shift 4
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/ecireq-cf.XXXXXX")
trap 'rm -rf "$work"' EXIT

cases=$("$lister" | grep "^$action\.") || { echo "no cases for $action"; exit 1; }
passed=0 failed=0
while IFS='|' read -r name expected expression; do
  tu="$work/$name.cpp"
  printf '#include <ecireq.hpp>\nint main()\n{\n    const ecireq::credentials creds{"testid", "testsecret"};\n    auto r = %s;\n    auto url = r.sign(creds);\n    return url ? 0 : 1;\n}\n' "$expression" > "$tu"
  case_number=1
  [ -z "$expected" ] && case_number=0
  if out=$(ECIREQ_CF_SOURCE=$tu bash "$here/check.sh" "$cxx" "$inc" "$case_number" "$expected" "$@" 2>&1); then
    passed=$((passed + 1)); echo "pass: $name"
  else
    failed=$((failed + 1)); echo "FAIL: $name"; echo "  $expression"; printf '%s\n' "$out" | sed 's/^/  /'
  fi
done <<< "$cases"
echo "compile-fail $action: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
