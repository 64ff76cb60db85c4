# Sourced by the scripts that run something against the ECI stand-in
# (server.js in this folder): installs the official Node signers when they
# are missing, starts a server and waits for its one start-up line, stops
# every server started here. Not run on its own.
#
#   . "$here/standin.sh"
#   standin_start WORKDIR [server.js options...]   # sets STANDIN_PORT, STANDIN_PID, STANDIN_OUT
#   ...
#   standin_stop_all                               # also from an EXIT trap

standin_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
standin_pids=()

# The stand-in checks signatures with the official signers in tests/interop.
standin_ensure_signers() {
  if [ ! -d "$standin_dir/../interop/node_modules/@alicloud/openapi-util" ]; then
    echo "standin: installing the official Node signers (npm ci in tests/interop)" >&2
    (cd "$standin_dir/../interop" && npm ci --no-audit --no-fund >&2)
  fi
}

# standin_start WORKDIR [ARGS...]: a server on a free port; its stdout and
# stderr go to WORKDIR/standin-N.out/.err. Returns 1, with its stderr shown,
# when no start-up line came within 10 s.
standin_start() {
  local work=$1
  shift
  standin_ensure_signers || return 1
  local n=${#standin_pids[@]}
  local out="$work/standin-$n.out" err="$work/standin-$n.err"
  : >"$out" # exists before the server opens it: the loop below may read it first
  node "$standin_dir/server.js" "$@" >"$out" 2>"$err" &
  STANDIN_PID=$!
  STANDIN_OUT=$out
  standin_pids+=("$STANDIN_PID")
  STANDIN_PORT=
  local line
  for _ in $(seq 200); do
    line=$(head -n 1 "$out")
    [ -n "$line" ] && break
    kill -0 "$STANDIN_PID" 2>/dev/null || break
    sleep 0.05
  done
  if [[ "$line" =~ ^ecireq-standin\ listening\ on\ http://127\.0\.0\.1:([0-9]+)$ ]]; then
    STANDIN_PORT=${BASH_REMATCH[1]}
    return 0
  fi
  echo "standin: the stand-in did not start (first line: [$line]); its stderr:" >&2
  cat "$err" >&2
  return 1
}

standin_stop_all() {
  local pid
  for pid in "${standin_pids[@]}"; do
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  standin_pids=()
}
