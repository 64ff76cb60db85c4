#!/usr/bin/env bash
# Runs the transport examples (examples/transport/) against the local ECI
# stand-in (server.js in this folder):
#   run_examples.sh WALK_CURL WALK_BEAST
# Each walk program once per wire form; once more with a throttle, a 503 and
# a dropped connection queued, which its retries must get through with a
# fresh nonce each time; once with a wrong secret, which must fail with the
# diagnosis. Needs node (as the stand-in does). Exits non-zero on a failure.
set -u

if [ $# -ne 2 ]; then
  echo "usage: $0 WALK_CURL WALK_BEAST" >&2
  exit 2
fi
walks=("$1" "$2")
for walk in "${walks[@]}"; do
  [ -x "$walk" ] || { echo "run_examples: $walk is not an executable" >&2; exit 2; }
done
here=$(cd "$(dirname "$0")" && pwd)

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }

. "$here/standin.sh"
work=$(mktemp -d)
stop_server() {
  standin_stop_all
  rm -rf "$work"
}
trap stop_server EXIT
trap 'exit 130' INT TERM

standin_start "$work" || exit 1
port=$STANDIN_PORT
endpoint="127.0.0.1:$port"

# control METHOD PATH [JSON]: a control request; prints the answer's body,
# fails unless the status is 200.
control() {
  node -e '
    const [url, method, body] = process.argv.slice(1);
    fetch(url, { method, body: body || undefined, headers: { "content-type": "application/json" } })
      .then(async (r) => { process.stdout.write(await r.text()); process.exit(r.ok ? 0 : 1); })
      .catch((e) => { console.error(e.message); process.exit(1); });
  ' "http://$endpoint$2" "$1" "${3:-}"
}

# check_log SKIP: reads the request log on stdin; checks that every nonce is
# distinct, and that the entries after the first SKIP begin with the
# retried CreateImageCache: throttled, 503, connection closed, then 200.
# Prints what is wrong, if anything.
check_log() {
  node -e '
    const skip = Number(process.argv[1]);
    const log = JSON.parse(require("fs").readFileSync(0, "utf8"));
    const nonces = log.map((e) => e.nonce);
    const repeated = nonces.filter((n, i) => nonces.indexOf(n) !== i);
    if (repeated.length) console.log(`nonces used twice: ${repeated.join(" ")}`);
    const tried = log.slice(skip, skip + 4);
    const seen = tried.map((e) => `${e.action} ${e.status} ${e.code}`).join(", ");
    const want = [[400, /^Throttling/], [503, /./], [0, /closed/], [200, /^$/]];
    const ok = tried.length === 4 && tried.every((e, i) =>
      e.action === "CreateImageCache" && e.status === want[i][0] && want[i][1].test(e.code));
    if (!ok) console.log(`the retried CreateImageCache went: ${seen}`);
    if (new Set(tried.map((e) => e.nonce)).size !== tried.length) console.log("a retry reused its nonce");
  ' "$1"
}

export ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIstandinKeyId
export ALIBABA_CLOUD_ACCESS_KEY_SECRET=standin-secret-not-a-real-one
unset ALIBABA_CLOUD_SECURITY_TOKEN

# run NAME WALK FORM: runs a walk, expecting success; its output in $work/NAME.
run() {
  if "$2" "$endpoint" "$3" >"$work/$1" 2>&1; then
    pass "$1"
  else
    fail "$1 (exit $?):"
    sed 's/^/  /' "$work/$1"
  fi
}

for walk in "${walks[@]}"; do
  name=$(basename "$walk")
  for form in v2-get v2-post v3; do
    run "$name-$form" "$walk" "$form"
  done

  # The log so far is kept: the nonces must be distinct across all runs.
  before=$(control GET /_standin/requests | node -e 'console.log(JSON.parse(require("fs").readFileSync(0, "utf8")).length)')
  for fault in '{"throttle":1,"retryAfterMs":50}' '{"status":503,"count":1}' '{"close":1}'; do
    control POST /_standin/faults "$fault" >/dev/null || fail "$name: the stand-in refused the fault $fault"
  done
  run "$name-retries" "$walk" v3
  if grep -q '^CreateImageCache: HTTP 200, .*attempts 4' "$work/$name-retries"; then
    pass "$name-retries: CreateImageCache took 4 attempts"
  else
    fail "$name-retries: CreateImageCache did not take 4 attempts"
  fi
  problems=$(control GET /_standin/requests | check_log "$before")
  if [ -z "$problems" ]; then
    pass "$name: every nonce distinct, each retry with a new one"
  else
    fail "$name: $problems"
  fi

  # A wrong secret: refused, and diagnosed as such.
  ALIBABA_CLOUD_ACCESS_KEY_SECRET=not-the-secret "$walk" "$endpoint" v2-get >"$work/$name-wrong" 2>&1
  status=$?
  if [ "$status" -eq 1 ] && grep -q 'the AccessKey secret is wrong' "$work/$name-wrong"; then
    pass "$name-wrong-secret"
  else
    fail "$name-wrong-secret (exit $status):"
    sed 's/^/  /' "$work/$name-wrong"
  fi

  # Bad usage exits 2.
  "$walk" "$endpoint" v9 >/dev/null 2>&1
  status=$?
  if [ "$status" -eq 2 ]; then pass "$name-usage"; else fail "$name-usage (exit $status)"; fi
done

echo "run_examples: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
