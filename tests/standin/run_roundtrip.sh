#!/usr/bin/env bash
# Runs catalogue_roundtrip (built from catalogue_roundtrip.cpp) against a
# fresh stand-in: every error Code it serves, parsed back with its status
# and retry class, and retries that the server sees with a new nonce each.
#   run_roundtrip.sh CATALOGUE_ROUNDTRIP
set -u
[ $# -eq 1 ] && [ -x "$1" ] || { echo "usage: $0 CATALOGUE_ROUNDTRIP" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
. "$here/standin.sh"
work=$(mktemp -d)
trap 'standin_stop_all; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
standin_start "$work" || exit 1
"$1" "http://127.0.0.1:$STANDIN_PORT"
