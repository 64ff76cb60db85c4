#!/usr/bin/env bash
# Self-test of the ECI stand-in (server.js), driven the way its users drive
# it: requests signed by ecireq-sign and sent by curl. Covers the four
# actions with V2 GET, V2 POST, V3 POST and V3 GET, STS keys, each gateway
# check, the SignatureDoesNotMatch diagnostic text, every kind of injected
# fault, the request log, robustness against malformed requests, and the
# start-up options.
#
#   bash tests/standin/selftest.sh path/to/ecireq-sign
#
# Needs node (20+), curl, and the official signers in tests/interop (npm ci
# there; done here when they are missing). Prints one line per failure and
# last "standin selftest: N passed, M failed"; exits non-zero on any failure.
# Every server it starts is stopped on exit.
set -uo pipefail

sign_bin=${1:?usage: selftest.sh path/to/ecireq-sign}
[ -x "$sign_bin" ] || { echo "selftest: $sign_bin is not executable" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
. "$here/standin.sh"
standin_ensure_signers || exit 2
work=$(mktemp -d "${TMPDIR:-/tmp}/ecireq-standin.XXXXXX")
cleanup() {
  standin_stop_all
  rm -rf "$work"
}
trap cleanup EXIT

passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }
# check NAME TEST...: one assertion; TEST is a command, e.g. [ "$a" = "$b" ].
check() {
  local name=$1
  shift
  if "$@"; then ok; else bad "$name"; fi
}
# like NAME VALUE REGEX: VALUE matches the extended REGEX as a whole.
like() {
  if [[ "$2" =~ ^$3$ ]]; then ok; else bad "$1: [$2] does not match $3"; fi
}
# not TEST...: the negation, for check.
not() { ! "$@"; }
# same NAME GOT WANT: equality, showing both on failure.
same() {
  if [ "$2" = "$3" ]; then ok; else bad "$1: got [$2], want [$3]"; fi
}

# ---- servers -----------------------------------------------------------------

# start NAME ARGS...: starts a server, waits for its one stdout line (10 s at
# most) and sets PORT, PID and OUT (its stdout).
start() {
  local name=$1
  shift
  if standin_start "$work" "$@"; then
    PORT=$STANDIN_PORT
    PID=$STANDIN_PID
    OUT=$STANDIN_OUT
    ok
  else
    bad "$name: no start-up line"
    echo "standin selftest: $passed passed, $failed failed"
    exit 1
  fi
}

# ---- requests ----------------------------------------------------------------

KEY_ID=LTAIselftest
KEY_SECRET=selftest-secret
KEY_TOKEN=

# sign ARGS...: ecireq-sign's plain output for the current key into $work/req.
sign() {
  local token=()
  [ -n "$KEY_TOKEN" ] && token=(ALIBABA_CLOUD_SECURITY_TOKEN="$KEY_TOKEN")
  env -u ALIBABA_CLOUD_SECURITY_TOKEN ALIBABA_CLOUD_ACCESS_KEY_ID="$KEY_ID" \
    ALIBABA_CLOUD_ACCESS_KEY_SECRET="$KEY_SECRET" "${token[@]}" \
    "$sign_bin" "$@" --endpoint "127.0.0.1:$PORT" --scheme http >"$work/req" 2>"$work/sign.err" \
    || bad "ecireq-sign $*: $(cat "$work/sign.err")"
}

# send: sends $work/req (any of the three plain forms); sets
# STATUS (000 when no answer) and CURL_RC, body in $work/body, headers in
# $work/headers.
send() {
  local first lines args=()
  mapfile -t lines <"$work/req"
  first=${lines[0]}
  if [[ "$first" =~ ^(GET|POST)\ (.*)$ ]]; then # V3: method URL, then headers
    args=(-X "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}")
    for header in "${lines[@]:1}"; do args+=(-H "$header"); done
  elif [ "${#lines[@]}" -eq 2 ]; then # V2 POST: URL, then the form body
    args=(-H 'Content-Type: application/x-www-form-urlencoded' --data-binary "${lines[1]}" "$first")
  else # V2 GET: the URL
    args=("$first")
  fi
  STATUS=$(curl -sS --max-time 5 -o "$work/body" -D "$work/headers" -w '%{http_code}' "${args[@]}" 2>"$work/curl.err")
  CURL_RC=$?
}

# call ACTION ARGS...: sign and send.
call() {
  sign "$@"
  send
}

# raw METHOD PATH [CURL_ARGS...]: an unsigned request (control, malformed).
raw() {
  local method=$1 path=$2
  shift 2
  STATUS=$(curl -sS --max-time 5 -o "$work/body" -D "$work/headers" -w '%{http_code}' -X "$method" "$@" \
    "http://127.0.0.1:$PORT$path" 2>"$work/curl.err")
  CURL_RC=$?
}

# js EXPR: the value of a JavaScript expression, computed by the one
# selftest-helper.js process of the run (see there: b is the last body).
mkfifo "$work/to-js" "$work/from-js"
node "$here/selftest-helper.js" "$work" <"$work/to-js" >"$work/from-js" &
standin_pids+=($!) # stopped with the servers
exec 7>"$work/to-js" 8<"$work/from-js"
js() {
  local reply
  printf '%s\0' "$1" >&7
  IFS= read -r -d '' reply <&8
  printf '%s' "$reply"
}

# code: the Code of the last body ("" for a success).
code() { sed -n 's/.*"Code":"\([^"]*\)".*/\1/p' "$work/body"; }

# expect NAME STATUS [CODE]: the last answer's HTTP status and error Code.
expect() {
  local got_code
  got_code=$(code)
  if [ "$STATUS" = "$2" ] && [ "$got_code" = "${3:-}" ]; then ok; else
    bad "$1: got $STATUS ${got_code:-OK}, want $2 ${3:-OK}; body: $(head -c 400 "$work/body")"
  fi
}

# ---- 1. the main server ------------------------------------------------------

STS_ID=STS.selftest
STS_SECRET=sts-secret
STS_TOKEN='CAISselftest+token/with=chars'
start main --key "$KEY_ID:$KEY_SECRET" --key "$STS_ID:$STS_SECRET:$STS_TOKEN"
MAIN_PID=$PID
MAIN_OUT=$OUT

# ---- 2. the life of an image cache, in each request form ----------------------

lifecycle() {
  local mode=$1
  shift
  local form=("$@") id name="cache-$mode"

  call CreateImageCache --RegionId cn-hangzhou --ImageCacheName "$name" --Image.1 nginx:1.25 \
    --Image.2 'busybox:latest' --Tag.1.Key env --Tag.1.Value 'a b+c/d' --ImageCacheSize 30 "${form[@]}"
  expect "$mode create" 200
  id=$(js b.ImageCacheId)
  like "$mode ImageCacheId" "$id" 'imc-[a-z0-9]{20}'
  like "$mode ContainerGroupId" "$(js b.ContainerGroupId)" 'eci-[a-z0-9]{20}'
  like "$mode RequestId is an upper-case UUID" "$(js b.RequestId)" '[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}'

  # Creating for --ready-after (2) answers, Ready on the third.
  local states=() answer
  for _ in 1 2 3; do
    call DescribeImageCaches --RegionId cn-hangzhou --ImageCacheId "$id" "${form[@]}"
    expect "$mode describe" 200
    states+=("$(js 'b.ImageCaches.map(c => c.Status + "/" + c.Progress + "/" + (c.SnapshotId ? "s" : "-")).join()')")
  done
  same "$mode states over three describes" "${states[*]}" "Creating/50%/- Creating/50%/- Ready/100%/s"
  answer=$(js '[b.TotalCount, b.NextToken, b.ImageCaches[0].ImageCacheName, b.ImageCaches[0].Images,
    b.ImageCaches[0].Tags, b.ImageCaches[0].ImageCacheSize, b.ImageCaches[0].Flash, b.ImageCaches[0].RegionId,
    b.ImageCaches[0].Events.map(e => e.Name), /^s-[a-z0-9]{20}$/.test(b.ImageCaches[0].SnapshotId),
    /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(b.ImageCaches[0].CreationTime)]')
  same "$mode the Ready cache" "$answer" \
    "[1,\"\",\"$name\",[\"nginx:1.25\",\"busybox:latest\"],[{\"Key\":\"env\",\"Value\":\"a b+c/d\"}],30,false,\"cn-hangzhou\",[\"Creating\",\"Created\"],true,true]"

  call UpdateImageCache --RegionId cn-hangzhou --ImageCacheId "$id" --SecurityGroupId sg-1 --VSwitchId vsw-1 \
    --ImageCacheName "$name-2" --Image.1 alpine:3.19 "${form[@]}"
  expect "$mode update" 200
  same "$mode update answers only a RequestId" "$(js 'Object.keys(b)')" '["RequestId"]'
  call DescribeImageCaches --RegionId cn-hangzhou --ImageCacheId "$id" "${form[@]}"
  same "$mode after update" "$(js '[b.ImageCaches[0].Status, b.ImageCaches[0].ImageCacheName, b.ImageCaches[0].Images, b.ImageCaches[0].Events.length]')" \
    "[\"Updating\",\"$name-2\",[\"alpine:3.19\"],3]"
  call UpdateImageCache --RegionId cn-hangzhou --ImageCacheId "$id" --SecurityGroupId sg-1 --VSwitchId vsw-1 \
    --ImageCacheName "$name-3" "${form[@]}"
  expect "$mode update while Updating" 400 ImageCache.IncorrectStatus
  same "$mode the status is named" "$(js b.Message)" 'The image cache status Updating does not support this operation.'

  call DeleteImageCache --RegionId cn-hangzhou --ImageCacheId "$id" "${form[@]}"
  expect "$mode delete" 200
  call DescribeImageCaches --RegionId cn-hangzhou --ImageCacheId "$id" "${form[@]}"
  same "$mode gone after delete" "$(js '[b.TotalCount, b.ImageCaches]')" '[0,[]]'
  call DeleteImageCache --RegionId cn-hangzhou --ImageCacheId "$id" "${form[@]}"
  expect "$mode delete again" 404 InvalidImageCacheId.NotFound
}

lifecycle v2-get
lifecycle v2-post --method POST
lifecycle v3-post --signature v3
lifecycle v3-get --signature v3 --method GET

# ---- 3. keys -----------------------------------------------------------------

KEY_ID=$STS_ID KEY_SECRET=$STS_SECRET KEY_TOKEN=$STS_TOKEN
for form in "" "--method POST" "--signature v3"; do
  # shellcheck disable=SC2086 # the form is split on purpose
  call DescribeImageCaches --RegionId cn-hangzhou $form
  expect "STS key with its token ($form)" 200
done
KEY_TOKEN=
call DescribeImageCaches --RegionId cn-hangzhou
expect "STS key without a token" 400 MissingSecurityToken
call DescribeImageCaches --RegionId cn-hangzhou --signature v3
expect "STS key without a token, V3" 400 MissingSecurityToken
KEY_TOKEN=another-token
call DescribeImageCaches --RegionId cn-hangzhou
expect "STS key with another token" 400 InvalidSecurityToken.MismatchWithAccessKey
KEY_ID=LTAInobody KEY_TOKEN=
call DescribeImageCaches --RegionId cn-hangzhou
expect "unknown AccessKeyId" 404 InvalidAccessKeyId.NotFound
KEY_ID=LTAIselftest KEY_SECRET=selftest-secret

# ---- 4. SignatureDoesNotMatch: the text the server signed ---------------------

# The server's text must be (a) what the request implies by the published
# rules, built here from the request as sent, and (b) the text the signature
# is made of: HMAC(right secret, text) equals ecireq-sign's signature with
# the right secret for the same nonce and time.
mismatch() {
  local mode=$1 nonce=$2 when
  shift 2
  when=$(js "ts(0)")
  KEY_SECRET=not-the-secret
  call DescribeImageCaches --RegionId cn-hangzhou --Image 'a b+c/d*~' --nonce "$nonce" --timestamp "$when" "$@"
  KEY_SECRET=selftest-secret
  expect "$mode wrong secret" 400 SignatureDoesNotMatch
  cp "$work/req" "$work/req.sent"
  sign DescribeImageCaches --RegionId cn-hangzhou --Image 'a b+c/d*~' --nonce "$nonce" --timestamp "$when" "$@"
  local problems
  problems=$(js "diagnose('req.sent', 'req', 'selftest-secret')")
  if [ -z "$problems" ]; then ok; else bad "$mode diagnostic: $problems"; fi
  # A failed signature does not use up its nonce: the right request with the
  # same nonce still passes.
  send
  expect "$mode the nonce of a rejected request is still free" 200
}
mismatch "V2 GET" nonce-mismatch-1
mismatch "V2 POST" nonce-mismatch-2 --method POST
mismatch "V3 POST" nonce-mismatch-3 --signature v3
mismatch "V3 GET" nonce-mismatch-4 --signature v3 --method GET

# ---- 5. nonce, time, incomplete signatures, gateway checks --------------------

for form in "" "--signature v3"; do
  # shellcheck disable=SC2086
  call DescribeImageCaches --RegionId cn-hangzhou --nonce "fixed-nonce$form" $form
  expect "first use of a nonce ($form)" 200
  # shellcheck disable=SC2086
  call DescribeImageCaches --RegionId cn-hangzhou --nonce "fixed-nonce$form" $form
  expect "second use of a nonce ($form)" 400 SignatureNonceUsed
  same "its message" "$(js b.Message)" 'Specified signature nonce was used already.'
  # shellcheck disable=SC2086
  call DescribeImageCaches --RegionId cn-hangzhou --timestamp "$(js "ts(-1200)")" $form
  expect "20 minutes old ($form)" 400 InvalidTimeStamp.Expired
  # shellcheck disable=SC2086
  call DescribeImageCaches --RegionId cn-hangzhou --timestamp "$(js "ts(1200)")" $form
  expect "20 minutes ahead ($form)" 400 InvalidTimeStamp.Expired
  # shellcheck disable=SC2086
  call DescribeImageCaches --RegionId cn-hangzhou --timestamp "$(js "ts(-600)")" $form
  expect "10 minutes old is inside the window ($form)" 200
done

sign DescribeImageCaches --RegionId cn-hangzhou
sed -i 's/Timestamp=[^&]*/Timestamp=2024-02-30T00%3A00%3A00Z/' "$work/req"
send
expect "Timestamp not a date" 400 InvalidTimeStamp.Format
raw GET '/?Action=DescribeImageCaches&Version=2018-08-08&RegionId=cn-hangzhou'
expect "V2 without any signing parameter" 400 IncompleteSignature
sign DescribeImageCaches --RegionId cn-hangzhou
sed -i 's/SignatureMethod=HMAC-SHA1/SignatureMethod=HMAC-SHA256/' "$work/req"
send
expect "V2 SignatureMethod HMAC-SHA256" 400 InvalidSignatureMethod
sign DescribeImageCaches --RegionId cn-hangzhou --signature v3
sed -i '/^x-acs-signature-nonce:/d' "$work/req"
send
expect "V3 without x-acs-signature-nonce" 400 IncompleteSignature
sign DescribeImageCaches --RegionId cn-hangzhou --signature v3
echo 'x-acs-unsigned: 1' >>"$work/req"
send
expect "V3 with an x-acs- header it did not sign" 400 IncompleteSignature
sign DescribeImageCaches --RegionId cn-hangzhou --signature v3
sed -i 's/^authorization: ACS3-HMAC-SHA256/authorization: ACS3-HMAC-SM3/' "$work/req"
send
expect "V3 ACS3-HMAC-SM3" 400 InvalidSignatureMethod

# sign_v2 JS_OBJECT: a request ecireq-sign refuses to make, signed with the
# official V2 signer, into $work/req.
sign_v2() { js "signV2('http://127.0.0.1:$PORT', '$KEY_ID', '$KEY_SECRET', $1)" >"$work/req"; }

sign_v2 "{Action: 'DescribeImageCaches', Version: '2018-08-08', Format: 'JSON'}"
send
expect "no RegionId" 400 MissingParameter
same "MissingParameter names it" "$(js b.Message)" \
  'The input parameter "RegionId" that is mandatory for processing this request is not supplied.'
sign_v2 "{Action: 'CreateImageCache', Version: '2018-08-08', RegionId: 'cn-hangzhou', ImageCacheName: 'x'}"
send
expect "CreateImageCache without Image.1" 400 MissingParameter
same "names Image.1" "$(js b.Message)" \
  'The input parameter "Image.1" that is mandatory for processing this request is not supplied.'
sign_v2 "{Action: 'DescribeContainerGroups', Version: '2018-08-08', RegionId: 'cn-hangzhou'}"
send
expect "unknown action" 404 InvalidAction.NotFound
sign_v2 "{Action: 'toString', Version: '2018-08-08', RegionId: 'cn-hangzhou'}"
send
expect "an action named like a method of Object" 404 InvalidAction.NotFound
sign_v2 "{Action: 'DescribeImageCaches', Version: '2014-05-26', RegionId: 'cn-hangzhou'}"
send
expect "another API version" 400 InvalidVersion
sign_v2 "{Action: 'DescribeImageCaches', Version: '2018-08-08', RegionId: 'cn-hangzhou', Format: 'XML'}"
send
expect "Format=XML" 400 InvalidParameter.Format
sign_v2 "{Action: 'DescribeImageCaches', Version: '2018-08-08', RegionId: 'cn-hangzhou', Limit: '101'}"
send
expect "Limit 101" 400 InvalidParameter
sign_v2 "{Action: 'DescribeImageCaches', Version: '2018-08-08', RegionId: 'cn-hangzhou', ImageCacheName: 'two words'}"
check "the request sends a space as '+'" grep -q 'ImageCacheName=two+words' "$work/req"
send
expect "a '+' in the query is a space" 200

# ---- 6. idempotency and paging ----------------------------------------------

call CreateImageCache --RegionId cn-idem --ImageCacheName idem --Image.1 nginx --ClientToken token-create-1
first=$(js '[b.ImageCacheId, b.ContainerGroupId, b.RequestId]')
call CreateImageCache --RegionId cn-idem --ImageCacheName idem --Image.1 nginx --ClientToken token-create-1
again=$(js '[b.ImageCacheId, b.ContainerGroupId, b.RequestId]')
same "a repeated ClientToken gets the same ids" "${again%,*}" "${first%,*}"
check "and a new RequestId" [ "${again##*,}" != "${first##*,}" ]
call DescribeImageCaches --RegionId cn-idem --ImageCacheName idem
same "and creates nothing" "$(js b.TotalCount)" 1
idem_id=$(js b.ImageCaches[0].ImageCacheId)
for _ in 1 2; do call DescribeImageCaches --RegionId cn-idem; done
for _ in 1 2; do
  call UpdateImageCache --RegionId cn-idem --ImageCacheId "$idem_id" --SecurityGroupId sg --VSwitchId vsw \
    --ImageCacheName idem --ClientToken token-update-1
  expect "UpdateImageCache with a repeated ClientToken (the second while Updating)" 200
done
for _ in 1 2; do
  call DeleteImageCache --RegionId cn-idem --ImageCacheId "$idem_id" --ClientToken token-delete-1
  expect "DeleteImageCache with a repeated ClientToken (the second after it is gone)" 200
done

for n in 1 2 3; do call CreateImageCache --RegionId cn-page --ImageCacheName "page-$n" --Image.1 nginx; done
call DescribeImageCaches --RegionId cn-page --Limit 2
same "page 1" "$(js '[b.TotalCount, b.ImageCaches.map(c => c.ImageCacheName), b.NextToken !== ""]')" '[3,["page-1","page-2"],true]'
call DescribeImageCaches --RegionId cn-page --Limit 2 --NextToken "$(js b.NextToken)"
same "page 2" "$(js '[b.TotalCount, b.ImageCaches.map(c => c.ImageCacheName), b.NextToken]')" '[3,["page-3"],""]'

# ---- 7. faults -----------------------------------------------------------------

raw POST /_standin/reset
expect "reset" 200
raw GET /_standin/errors
js 'b.map(r => [r.status, r.code, r.source].join(" ") + "\n").join("")' >"$work/errors.txt"
same "errors.json has the 26 rows of the seed" "$(grep -c ' seed$' "$work/errors.txt")" 26
for want in SignatureDoesNotMatch IncompleteSignature SignatureNonceUsed InvalidTimeStamp.Expired \
  InvalidAccessKeyId.NotFound Throttling Throttling.User Throttling.Api InternalError ServiceUnavailable; do
  check "errors.json has gateway code $want" grep -q " $want gateway$" "$work/errors.txt"
done
while read -r status fault_code _; do
  raw POST /_standin/faults -d "{\"error\":\"$fault_code\"}"
  expect "queue $fault_code" 200
  call DescribeImageCaches --RegionId cn-hangzhou
  expect "injected $fault_code" "$status" "$fault_code"
done <"$work/errors.txt"
call DescribeImageCaches --RegionId cn-hangzhou
expect "faults used up" 200

raw POST /_standin/faults -d '{"error":"Throttling","count":2}'
call DescribeImageCaches --RegionId cn-hangzhou
expect "error count 2, first" 400 Throttling
call DescribeImageCaches --RegionId cn-hangzhou --signature v3
expect "error count 2, second" 400 Throttling
call DescribeImageCaches --RegionId cn-hangzhou
expect "error count 2, then" 200

raw POST /_standin/reset
raw POST /_standin/faults -d '{"throttle":2,"retryAfterMs":1500}'
expect "queue throttle" 200
for n in 1 2; do
  call DescribeImageCaches --RegionId cn-hangzhou
  expect "throttled $n" 400 Throttling.User
  check "throttled $n carries x-acs-retry-after: 1500" grep -qi '^x-acs-retry-after: 1500' "$work/headers"
done
call DescribeImageCaches --RegionId cn-hangzhou
expect "after the throttle" 200
check "no x-acs-retry-after on success" not grep -qi '^x-acs-retry-after' "$work/headers"
raw GET /_standin/requests
same "the log of the retries" "$(js 'b.map(e => [e.method, e.signatureVersion, e.action, e.accessKeyId, e.status, e.code].join(" ")).join("; ")')" \
  "GET v2 DescribeImageCaches LTAIselftest 400 Throttling.User; GET v2 DescribeImageCaches LTAIselftest 400 Throttling.User; GET v2 DescribeImageCaches LTAIselftest 200 "
same "each retry carried a new nonce" "$(js 'new Set(b.map(e => e.nonce)).size')" 3
same "and its timestamp" "$(js 'b.every(e => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(e.timestamp))')" true

# Faults queue in order: 503, then a closed connection, then 500.
raw POST /_standin/faults -d '{"status":503,"count":1}'
raw POST /_standin/faults -d '{"close":1}'
raw POST /_standin/faults -d '{"status":500}'
call DescribeImageCaches --RegionId cn-hangzhou
expect "status 503" 503 ServiceUnavailable
call DescribeImageCaches --RegionId cn-hangzhou
same "close: curl reports an empty reply (exit 52)" "$CURL_RC" 52
call DescribeImageCaches --RegionId cn-hangzhou
expect "status 500" 500 InternalError
call DescribeImageCaches --RegionId cn-hangzhou
expect "after the queue" 200
raw GET /_standin/requests
same "the log of the queue" "$(js 'b.slice(-4).map(e => e.status + " " + e.code).join(", ")')" \
  "503 ServiceUnavailable, 0 (closed), 500 InternalError, 200 "

raw POST /_standin/faults -d '{"error":"QuotaExceeded"}'
KEY_SECRET=wrong call DescribeImageCaches --RegionId cn-hangzhou
expect "a fault waits for a request that passes the checks" 400 SignatureDoesNotMatch
call DescribeImageCaches --RegionId cn-hangzhou
expect "which then gets it" 403 QuotaExceeded

for body in '{"error":"NoSuchCode"}' '{"error":"toString"}' '{"status":404}' '{"status":"constructor"}' '{"close":0}' '{"throttle":1,"count":2}' \
  '{"error":"Throttling","close":1}' '[]' '{not json'; do
  raw POST /_standin/faults -d "$body"
  same "fault $body refused" "$STATUS $(js b.ok)" "400 false"
done
raw GET /_standin/faults
same "GET on faults" "$STATUS" 400
raw GET /_standin/nothing
same "unknown control request" "$STATUS" 404

# ---- 8. malformed requests ---------------------------------------------------

raw GET '/?Action=%zz'
expect "bad percent-encoding" 400 InvalidParameter
raw GET '/?Action=%C3%28'
expect "percent-encoding that is not UTF-8" 400 InvalidParameter
head -c 2000000 /dev/zero | tr '\0' 'a' >"$work/big"
raw POST / --data-binary "@$work/big"
expect "2 MB body" 400 InvalidParameter
raw POST /_standin/faults --data-binary "@$work/big"
same "2 MB control body" "$STATUS" 400
# Requests Node's parser refuses: an answer, not a dropped connection.
exec 9<>"/dev/tcp/127.0.0.1/$PORT"
printf 'NOT AN HTTP REQUEST\r\n\r\n' >&9
reply=$(cat <&9)
exec 9>&-
check "a request line that is not HTTP gets a 400 error body" \
  grep -q '^HTTP/1.1 400.*"Code":"InvalidParameter"' <<<"$(tr -d '\r' <<<"$reply" | tr '\n' ' ')"
raw GET / -H "x-acs-huge: $(head -c 70000 /dev/zero | tr '\0' 'a')"
expect "70 kB of headers" 400 InvalidParameter
raw DELETE /
expect "DELETE" 400 UnsupportedHTTPMethod
raw GET /other/path
expect "another path" 404 InvalidAction.NotFound
call DescribeImageCaches --RegionId cn-hangzhou
expect "still serving" 200

raw POST /_standin/reset
raw GET /_standin/requests
same "reset clears the log" "$(js b.length)" 0
call DescribeImageCaches --RegionId cn-page
same "reset clears the caches" "$(js b.TotalCount)" 0

raw POST /_standin/shutdown
expect "shutdown" 200
wait "$MAIN_PID"
same "shutdown exits 0" "$?" 0
same "nothing on stdout but the start-up line" "$(wc -l <"$MAIN_OUT")" 1

# ---- 9. start-up options -------------------------------------------------------

start options --key other:other-secret --error Throttling.Api --window-seconds 60
KEY_ID=other KEY_SECRET=other-secret
call DescribeImageCaches --RegionId cn-hangzhou --timestamp "$(js "ts(-120)")"
expect "--window-seconds 60: 2 minutes old" 400 InvalidTimeStamp.Expired
KEY_SECRET=wrong call DescribeImageCaches --RegionId cn-hangzhou
expect "--error: the checks still come first" 400 SignatureDoesNotMatch
call DescribeImageCaches --RegionId cn-hangzhou
expect "--error Throttling.Api" 400 Throttling.Api
call DescribeImageCaches --RegionId cn-hangzhou --signature v3
expect "--error Throttling.Api, again" 400 Throttling.Api
kill -TERM "$PID"
wait "$PID"
same "SIGTERM exits 0" "$?" 0

start default --ready-after 0
KEY_ID=LTAIstandinKeyId KEY_SECRET=standin-secret-not-a-real-one
call CreateImageCache --RegionId cn-hangzhou --ImageCacheName d --Image.1 nginx
expect "the default key" 200
call DescribeImageCaches --RegionId cn-hangzhou
same "--ready-after 0: Ready on the first answer" "$(js 'b.ImageCaches.map(c => c.Status).join()')" Ready
kill -INT "$PID"
wait "$PID"
same "SIGINT exits 0" "$?" 0

node "$here/server.js" --error NoSuchCode >/dev/null 2>&1
same "--error with an unknown code exits 2" "$?" 2

elapsed=$(js "elapsed()")
echo "standin selftest: $passed passed, $failed failed (${elapsed} s)"
[ "$failed" -eq 0 ]
