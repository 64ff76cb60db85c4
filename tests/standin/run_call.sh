#!/usr/bin/env bash
# Runs ecireq-call against the local ECI stand-in (server.js in this folder):
#   run_call.sh ECIREQ_CALL
# - the four actions, Create -> Describe (until Ready) -> Update -> Delete,
#   with V2 GET, V2 POST and V3: exit 0, a JSON object on stdout;
# - every error code the stand-in can answer with (GET /_standin/errors),
#   queued one at a time: exit 3, exactly one line on stderr,
#   "ecireq-call: <Code>: ... (RequestId: ...)";
# - a wrong secret, V2 and V3: exit 3 and the diagnosis, not the server's echo;
# - --retries 3 through a throttle and a 503: exit 0 after 3 attempts, each
#   with a nonce of its own; --retries 2 through 3 dropped connections: exit 4;
# - STS credentials, and the options ecireq-call refuses (exit 2, nothing sent);
# - neither the secret nor the security token anywhere in what it printed.
# Needs node (as the stand-in does). Exits non-zero on a failure.
set -u

if [ $# -ne 1 ]; then
  echo "usage: $0 ECIREQ_CALL" >&2
  exit 2
fi
call_bin=$1
[ -x "$call_bin" ] || { echo "run_call: $call_bin is not an executable" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)

key_id=LTAIstandinKeyId
secret=standin-secret-not-a-real-one
sts_key_id=STS.runCallKeyId
sts_secret=run-call-sts-secret-Hq7
sts_token=run-call-sts-token-Zw4-not-real

passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() {
  failed=$((failed + 1))
  echo "FAIL $*"
}

. "$here/standin.sh"
work=$(mktemp -d)
cleanup() {
  standin_stop_all
  [ -n "${RUN_CALL_KEEP:-}" ] && echo "run_call: kept $work" || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Both keys are named: with any --key the stand-in's default one is gone.
standin_start "$work" --key "$key_id:$secret" --key "$sts_key_id:$sts_secret:$sts_token" || exit 1
port=$STANDIN_PORT
target=(--endpoint "127.0.0.1:$port" --scheme http)

# standin METHOD PATH [JSON]: a control request; prints the answer's body,
# fails unless the status is 2xx.
standin() {
  node -e '
    const [url, method, body] = process.argv.slice(1);
    fetch(url, { method, body: body || undefined, headers: { "content-type": "application/json" } })
      .then(async (r) => { process.stdout.write(await r.text()); process.exit(r.ok ? 0 : 1); })
      .catch((e) => { console.error(e.message); process.exit(1); });
  ' "http://127.0.0.1:$port$2" "$1" "${3:-}" </dev/null
}

# json EXPRESSION: evaluates EXPRESSION with `v` bound to the JSON on stdin;
# prints its value (strings bare), fails when stdin is not JSON.
json() {
  node -e '
    let v;
    try { v = JSON.parse(require("fs").readFileSync(0, "utf8")); } catch (e) { process.exit(1); }
    const r = (0, eval)("(v) => (" + process.argv[1] + ")")(v);
    process.stdout.write(typeof r === "string" ? r : JSON.stringify(r));
  ' "$1"
}

export ALIBABA_CLOUD_ACCESS_KEY_ID=$key_id
export ALIBABA_CLOUD_ACCESS_KEY_SECRET=$secret
unset ALIBABA_CLOUD_SECURITY_TOKEN

# call NAME ARGS...: runs ecireq-call; its streams in $runs/NAME.out and
# $runs/NAME.err (kept to the end, for the secret check), its exit status in $rc.
runs=$work/runs
mkdir "$runs"
rc=0
call() {
  local name=$1
  shift
  "$call_bin" "$@" "${target[@]}" </dev/null >"$runs/$name.out" 2>"$runs/$name.err"
  rc=$?
}

# expect_success NAME: exit 0, a JSON object on stdout, stderr empty.
expect_success() {
  if [ "$rc" -ne 0 ]; then
    fail "$1: exit $rc, not 0: $(head -c 300 "$runs/$1.err")"
  elif ! json 'typeof v === "object" && v !== null && !Array.isArray(v)' <"$runs/$1.out" | grep -qx true; then
    fail "$1: stdout is not a JSON object"
  elif [ -s "$runs/$1.err" ]; then
    fail "$1: stderr is not empty"
  else
    pass
  fi
}

# expect_one_line NAME STATUS PREFIX: true when the run exited STATUS with
# nothing on stdout and exactly one line on stderr (one newline, at the end)
# that starts with PREFIX (ASCII). Prints nothing: the caller says what failed.
expect_one_line() {
  local err=$runs/$1.err
  [ "$rc" -eq "$2" ] && [ ! -s "$runs/$1.out" ] &&
    [ "$(wc -l <"$err")" -eq 1 ] && [ -z "$(tail -c 1 "$err")" ] &&
    [ "$(head -c ${#3} "$err")" = "$3" ]
}

# --- The four actions, with each wire form -----------------------------------
for form in v2-get v2-post v3; do
  case $form in
    v2-get) how=() ;;
    v2-post) how=(--method POST) ;;
    v3) how=(--signature v3) ;;
  esac
  name="cache-$form"
  call "$form-create" CreateImageCache --RegionId cn-hangzhou --ImageCacheName "$name" --Image.1 nginx:1.25 \
    --SecurityGroupId sg-run-call --VSwitchId vsw-run-call "${how[@]}"
  expect_success "$form-create"
  id=$(json 'v.ImageCacheId' <"$runs/$form-create.out")
  if [ -z "$id" ]; then
    fail "$form-create: no ImageCacheId in the answer"
    continue
  fi

  # The stand-in turns a new cache Ready after it has shown it twice as Creating.
  status=
  for i in 1 2 3 4 5; do
    call "$form-describe-$i" DescribeImageCaches --RegionId cn-hangzhou --ImageCacheId "$id" "${how[@]}"
    expect_success "$form-describe-$i"
    status=$(json 'v.ImageCaches[0].Status' <"$runs/$form-describe-$i.out")
    [ "$status" = Ready ] && break
  done
  [ "$status" = Ready ] && pass || fail "$form: the cache did not turn Ready (last status: ${status:-none})"

  call "$form-update" UpdateImageCache --RegionId cn-hangzhou --ImageCacheId "$id" --ImageCacheName "$name" \
    --SecurityGroupId sg-run-call --VSwitchId vsw-run-call --Image.1 nginx:1.26 "${how[@]}"
  expect_success "$form-update"
  call "$form-delete" DeleteImageCache --RegionId cn-hangzhou --ImageCacheId "$id" "${how[@]}"
  expect_success "$form-delete"
done

# --- Every error the stand-in answers with ------------------------------------
codes=$(standin GET /_standin/errors | json 'v.map((e) => e.code).join("\n")')
if [ -z "$codes" ]; then
  fail "GET /_standin/errors gave no codes"
fi
code_count=0
while IFS= read -r code; do
  [ -n "$code" ] || continue
  code_count=$((code_count + 1))
  if ! standin POST /_standin/faults "{\"error\":\"$code\",\"count\":1}" >/dev/null; then
    fail "the stand-in refused to queue $code"
    continue
  fi
  call "error-$code_count" DescribeImageCaches --RegionId cn-hangzhou
  if expect_one_line "error-$code_count" 3 "ecireq-call: $code: " && grep -qF '(RequestId: ' "$runs/error-$code_count.err"; then
    pass
  else
    fail "$code: exit $rc, stderr: $(head -c 300 "$runs/error-$code_count.err")"
  fi
done <<<"$codes"

# --- A wrong secret: the diagnosis --------------------------------------------
for form in v2-get v2-post v3; do
  case $form in
    v2-get) how=() ;;
    v2-post) how=(--method POST) ;;
    v3) how=(--signature v3) ;;
  esac
  ALIBABA_CLOUD_ACCESS_KEY_SECRET=not-the-secret call "wrong-secret-$form" DescribeImageCaches --RegionId cn-hangzhou \
    "${how[@]}"
  if expect_one_line "wrong-secret-$form" 3 "ecireq-call: SignatureDoesNotMatch: " &&
    grep -qF 'the AccessKey secret is wrong' "$runs/wrong-secret-$form.err"; then
    pass
  else
    fail "wrong secret, $form: exit $rc, stderr: $(head -c 300 "$runs/wrong-secret-$form.err")"
  fi
done

# --- Retries -------------------------------------------------------------------
standin POST /_standin/reset >/dev/null || fail "the stand-in refused to reset"
standin POST /_standin/faults '{"throttle":1,"retryAfterMs":50}' >/dev/null || fail "the stand-in refused a throttle"
standin POST /_standin/faults '{"status":503,"count":1}' >/dev/null || fail "the stand-in refused a 503"
call retried DescribeImageCaches --RegionId cn-hangzhou --retries 3 --signature v3
expect_success retried
# The log holds exactly this call's attempts: throttled, 503, answered, each with a nonce of its own.
attempts=$(standin GET /_standin/requests | json '
  v.length === 3 && v.every((e) => e.action === "DescribeImageCaches")
  && /^Throttling/.test(v[0].code) && v[1].status === 503 && v[2].status === 200
  && new Set(v.map((e) => e.nonce)).size === 3 && v.every((e) => e.nonce !== "")
  ? "ok" : JSON.stringify(v.map((e) => [e.action, e.status, e.code, e.nonce]))')
[ "$attempts" = ok ] && pass || fail "--retries 3: the attempts were $attempts"

standin POST /_standin/reset >/dev/null || fail "the stand-in refused to reset"
standin POST /_standin/faults '{"close":3}' >/dev/null || fail "the stand-in refused to queue closes"
call dropped DescribeImageCaches --RegionId cn-hangzhou --retries 2
if expect_one_line dropped 4 "ecireq-call: no answer from 127.0.0.1:$port after 3 attempts: "; then
  pass
else
  fail "--retries 2 with 3 closes: exit $rc, stderr: $(head -c 300 "$runs/dropped.err")"
fi
attempts=$(standin GET /_standin/requests | json 'v.length === 3 && v.every((e) => e.code === "(closed)") ? "ok"
  : JSON.stringify(v.map((e) => [e.action, e.status, e.code]))')
[ "$attempts" = ok ] && pass || fail "--retries 2 with 3 closes: the attempts were $attempts"

# --- STS credentials: the token is sent, never printed -------------------------
for form in v2-get v3; do
  case $form in
    v2-get) how=() ;;
    v3) how=(--signature v3) ;;
  esac
  ALIBABA_CLOUD_ACCESS_KEY_ID=$sts_key_id ALIBABA_CLOUD_ACCESS_KEY_SECRET=$sts_secret \
    ALIBABA_CLOUD_SECURITY_TOKEN=$sts_token call "sts-$form" DescribeImageCaches --RegionId cn-hangzhou "${how[@]}"
  expect_success "sts-$form"
  ALIBABA_CLOUD_ACCESS_KEY_ID=$sts_key_id ALIBABA_CLOUD_ACCESS_KEY_SECRET=$sts_secret \
    ALIBABA_CLOUD_SECURITY_TOKEN="$sts_token-other" call "sts-mismatch-$form" DescribeImageCaches \
    --RegionId cn-hangzhou "${how[@]}"
  if expect_one_line "sts-mismatch-$form" 3 "ecireq-call: InvalidSecurityToken."; then
    pass
  else
    fail "a mismatched token, $form: exit $rc, stderr: $(head -c 300 "$runs/sts-mismatch-$form.err")"
  fi
done

# --- Refused options and bad input: exit 2, nothing sent -------------------------
sent_before=$(standin GET /_standin/requests | json 'v.length')
check_refused() { # NAME PREFIX ARGS...
  local name=$1 prefix=$2
  shift 2
  call "$name" "$@"
  if expect_one_line "$name" 2 "$prefix"; then pass; else fail "$name: exit $rc, stderr: $(cat "$runs/$name.err")"; fi
}
check_refused nonce "ecireq-call: nonce: " DescribeImageCaches --RegionId cn-hangzhou --nonce fixed-nonce-1
grep -qF 'every retry' "$runs/nonce.err" && pass || fail "--nonce: the message does not say why"
check_refused timestamp "ecireq-call: timestamp: " DescribeImageCaches --RegionId cn-hangzhou \
  --timestamp 2024-01-01T00:00:00Z
check_refused output "ecireq-call: output: " DescribeImageCaches --RegionId cn-hangzhou --output curl
check_refused retries-too-many "ecireq-call: retries: " DescribeImageCaches --RegionId cn-hangzhou --retries 11
check_refused retries-negative "ecireq-call: retries: " DescribeImageCaches --RegionId cn-hangzhou --retries=-1
check_refused missing-region "ecireq-call: RegionId: " DescribeImageCaches
check_refused unknown-action "ecireq-call: NoSuchAction: " NoSuchAction --RegionId cn-hangzhou
sent_after=$(standin GET /_standin/requests | json 'v.length')
[ "$sent_before" = "$sent_after" ] && pass || fail "bad input sent $((sent_after - sent_before)) request(s)"

# --- Neither the secret nor the token in anything printed -------------------------
for word in "$secret" "$sts_secret" "$sts_token"; do
  if grep -qrF -- "$word" "$runs"; then
    fail "a credential appears in: $(grep -rlF -- "$word" "$runs" | xargs -n1 basename | tr '\n' ' ')"
  else
    pass
  fi
done

echo "run_call: $passed passed, $failed failed ($code_count error codes)"
[ "$failed" -eq 0 ]
