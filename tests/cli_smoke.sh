#!/bin/sh
# Smoke test of the built ecireq-sign binary, as a shell user runs it:
# exit status 0 with the request on stdout, or 2 with stdout empty and one
# line on stderr; the AccessKeySecret never printed; and the GET output is a
# URL that curl accepts as it is.
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

if [ "$failures" -ne 0 ]; then
    echo "cli_smoke: $failures failure(s)" >&2
    exit 1
fi
echo "cli_smoke: ok"
