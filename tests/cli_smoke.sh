#!/bin/sh
# Smoke test of the built ecireq-sign binary, as a shell user runs it:
# exit status 0 with the request on stdout, or 2 with stdout empty and one
# line on stderr (printable ASCII only); the AccessKeySecret never printed;
# the GET output is a URL that curl accepts as it is; and --output curl is a
# command that sh and bash run with exactly the request's parts as curl's
# arguments.
#
# usage: tests/cli_smoke.sh path/to/ecireq-sign
set -u

bin=${1:?usage: cli_smoke.sh path/to/ecireq-sign}
secret='smoke-s3cr3t-never-printed'
ALIBABA_CLOUD_ACCESS_KEY_ID=smoke-id
ALIBABA_CLOUD_ACCESS_KEY_SECRET=$secret
export ALIBABA_CLOUD_ACCESS_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET
unset ALIBABA_CLOUD_SECURITY_TOKEN

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
failures=0

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# run EXPECTED_STATUS EXPECTED_STDOUT_LINES ARGS...: checks one invocation.
run() {
    want=$1 lines=$2
    shift 2
    "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    [ "$got" -eq "$want" ] || fail "exit $got, expected $want: $*"
    if grep -q -- "$secret" "$tmp/out" "$tmp/err"; then fail "secret printed: $*"; fi
    if [ "$want" -eq 2 ]; then
        [ -s "$tmp/out" ] && fail "stdout not empty on error: $*"
        [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "stderr is not one line: $*"
        grep -q '^ecireq-sign: ' "$tmp/err" || fail "stderr lacks the 'ecireq-sign: ' prefix: $*"
    elif [ "$lines" -gt 0 ]; then
        [ "$(wc -l <"$tmp/out")" -eq "$lines" ] || fail "stdout is not $lines line(s): $*"
    fi
}

set -- UpdateImageCache --RegionId cn-hangzhou --ImageCacheId imc-1 --SecurityGroupId sg-1 \
    --VSwitchId vsw-1 --ImageCacheName smoke

run 0 1 "$@"
run 0 1 "$@" --Image.1 nginx --Tag.1.Key env --Tag.1.Value prod --AcrRegistryInfo.1.Domain.1 d.example.com
run 0 1 "$@" --timestamp 2024-01-02T03:04:05Z --nonce smoke-nonce
run 0 2 "$@" --method POST
run 0 0 --help
run 2 0
run 2 0 NoSuchAction
run 2 0 "$@" --NoSuchParameter x
run 2 0 "$@" --Image.1
run 2 0 "$@" --RegionId cn-beijing
run 2 0 "$@" --Image.1 a --Image.3 c
run 2 0 "$@" --Image.0 a
run 2 0 "$@" --Tag.1.Value prod
run 2 0 "$@" --ImageRegistryCredential.1.Server s
run 2 0 "$@" --ImageCacheSize big
run 2 0 "$@" --Flash maybe
run 2 0 "$@" --ClientToken 12345678901234567890123456789012345678901234567890123456789012345
run 2 0 UpdateImageCache --RegionId cn-hangzhou
# The other actions, each from its declaration alone.
run 0 1 CreateImageCache --RegionId cn-hangzhou --ImageCacheName smoke --Image.1 nginx
run 0 1 DescribeImageCaches --RegionId cn-hangzhou --MatchImage.1 nginx --Limit 10
run 0 2 DeleteImageCache --RegionId cn-hangzhou --ImageCacheId imc-1 --method POST
run 0 0 CreateImageCache --help
run 2 0 CreateImageCache --RegionId cn-hangzhou --ImageCacheName smoke
run 2 0 DescribeImageCaches --RegionId cn-hangzhou --ImageCacheId imc-1 --SecurityGroupId sg-1
run 2 0 DeleteImageCache --ImageCacheId imc-1
ALIBABA_CLOUD_ACCESS_KEY_SECRET= # exported above: the binary sees it empty
run 2 0 "$@"
ALIBABA_CLOUD_ACCESS_KEY_SECRET=$secret

# The same input signed twice with a fixed time and nonce gives the same URL.
a=$("$bin" "$@" --timestamp 2024-01-02T03:04:05Z --nonce n1)
b=$("$bin" "$@" --timestamp 2024-01-02T03:04:05Z --nonce n1)
[ "$a" = "$b" ] || fail "reproducible output differs"

# curl takes the URL as it is: characters curl would glob ([ ] { }) are
# percent-encoded. Nothing listens on the endpoint, so any failure but
# "URL malformed" (exit 3) means curl parsed it.
if command -v curl >/dev/null 2>&1; then
    url=$("$bin" "$@" --Image.1 'x[1]{a,b}' --endpoint 127.0.0.1:9 --scheme http)
    curl --silent --output /dev/null --max-time 5 "$url"
    [ $? -ne 3 ] || fail "curl rejected the URL: $url"
fi

# V3, and --output curl for both signatures.
run 0 8 "$@" --signature v3
run 0 8 "$@" --signature v3 --method GET --timestamp 2024-01-02T03:04:05Z --nonce smoke-nonce
run 0 1 "$@" --signature v3 --output curl
run 0 1 "$@" --output curl
run 0 1 "$@" --method POST --output curl
run 0 2 "$@" --method POST --output plain
run 2 0 "$@" --signature v4
run 2 0 "$@" --output json
run 2 0 "$@" --signature v3 --NoSuchParameter x

# Issue 12, defect 8: nothing outside printable ASCII reaches stderr, not
# even from a flag name (0x9B is CSI raw, and as C2 9B in UTF-8); the name
# is shown with those bytes as \xNN.
escaped() { # NAME SHOWN
    "$bin" UpdateImageCache --RegionId cn-hangzhou "--$1" x >"$tmp/out" 2>"$tmp/err"
    [ $? -eq 2 ] || fail "exit status is not 2 for --$2"
    if LC_ALL=C grep -q '[^ -~]' "$tmp/err"; then fail "stderr has a byte outside printable ASCII for --$2"; fi
    grep -qF "ecireq-sign: $2: is not a known parameter" "$tmp/err" || fail "stderr does not show $2: $(cat "$tmp/err")"
}
escaped "Na$(printf '\233')me" 'Na\x9Bme'
escaped "Na$(printf '\302\233')me" 'Na\xC2\x9Bme'
escaped "Na$(printf '\033')[2Jme" 'Na\x1B[2Jme'

# --output curl is a command a shell runs as it is. A fake curl, first on
# PATH, prints its arguments one per line: they must be exactly the parts of
# the plain output, also with an STS token holding what a shell would act on
# (quotes, $, backticks, backslashes, spaces, globs, ;, |, &, #, !).
mkdir "$tmp/bin" "$tmp/curlhome" || exit 1
# shellcheck disable=SC2016 # the script's text, to be expanded when it runs
printf '%s\n' '#!/bin/sh' 'for a in "$@"; do printf '\''%s\n'\'' "$a"; done' >"$tmp/bin/curl"
chmod +x "$tmp/bin/curl"
# shellcheck disable=SC2016,SC2089 # literal on purpose: a value, not code
tricky='it'\''s "q" $HOME `id` $(id) \n\\ ; | & * ? [a] ~ # !x '\'\'' end'

# roundtrip KIND ARGS...: KIND is v2get, v2post or v3.
roundtrip() {
    kind=$1
    shift
    "$bin" "$@" >"$tmp/plain" 2>"$tmp/err" || fail "plain output failed: $*"
    "$bin" "$@" --output curl >"$tmp/cmd" 2>"$tmp/err" || fail "curl output failed: $*"
    [ "$(wc -l <"$tmp/cmd")" -eq 1 ] || fail "the curl command is not one line: $*"
    case $kind in
    v2get) cat "$tmp/plain" ;;
    v2post)
        { read -r url; read -r body; } <"$tmp/plain"
        printf '%s\n' -X POST -H 'Content-Type: application/x-www-form-urlencoded' --data-binary "$body" "$url"
        ;;
    v3)
        {
            read -r method url
            [ "$method" = GET ] || printf '%s\n' -X "$method"
            while IFS= read -r header; do printf '%s\n' -H "$header"; done
            printf '%s\n' "$url"
        } <"$tmp/plain"
        ;;
    esac >"$tmp/want"
    for shell in sh bash; do
        command -v "$shell" >/dev/null 2>&1 || continue
        "$shell" -n "$tmp/cmd" || fail "$shell -n rejects the curl command: $*"
        PATH="$tmp/bin:$PATH" "$shell" "$tmp/cmd" >"$tmp/got" 2>"$tmp/err" || fail "$shell cannot run it: $*"
        cmp -s "$tmp/want" "$tmp/got" || fail "curl's arguments ($shell) differ: $*
$(diff "$tmp/want" "$tmp/got")"
    done
}
ts=2024-01-02T03:04:05Z
ALIBABA_CLOUD_SECURITY_TOKEN=$tricky
# shellcheck disable=SC2090
export ALIBABA_CLOUD_SECURITY_TOKEN
roundtrip v2get "$@" --timestamp "$ts" --nonce smoke-nonce --Tag.1.Key 'a b' --Tag.1.Value "it's"
roundtrip v2post "$@" --timestamp "$ts" --nonce smoke-nonce --method POST --Tag.1.Key 'a b' --Tag.1.Value "it's"
roundtrip v3 "$@" --timestamp "$ts" --nonce smoke-nonce --signature v3
grep -qxF -e "x-acs-security-token: $tricky" "$tmp/got" || fail "the STS token did not round-trip"
roundtrip v3 "$@" --timestamp "$ts" --nonce smoke-nonce --signature v3 --method GET
roundtrip v3 DescribeImageCaches --RegionId cn-hangzhou --MatchImage.1 'img 1' --timestamp "$ts" --nonce smoke-nonce --signature v3
roundtrip v3 "$@" --timestamp "$ts" --nonce smoke-nonce --signature v3 --endpoint 127.0.0.1:9 --scheme http
unset ALIBABA_CLOUD_SECURITY_TOKEN

# And the real curl takes the command: its options, quoting and URL. Nothing
# listens on the endpoint, so any failure but 2 (bad option) and 3 (URL
# malformed) means curl parsed it. CURL_HOME's .curlrc gives it a time limit.
if command -v curl >/dev/null 2>&1; then
    printf 'max-time = 5\nsilent\noutput = /dev/null\n' >"$tmp/curlhome/.curlrc"
    for method in GET POST; do
        for signature in v2 v3; do
            "$bin" "$@" --endpoint 127.0.0.1:9 --scheme http --signature $signature --method $method \
                --output curl >"$tmp/cmd"
            CURL_HOME="$tmp/curlhome" sh "$tmp/cmd"
            rc=$?
            if [ "$rc" -eq 2 ] || [ "$rc" -eq 3 ]; then
                fail "curl rejected the command (exit $rc): $(cat "$tmp/cmd")"
            fi
        done
    done
fi

if [ "$failures" -ne 0 ]; then
    echo "cli_smoke: $failures failure(s)" >&2
    exit 1
fi
echo "cli_smoke: ok"
