#!/usr/bin/env python3
"""ecireq-sign against an independent implementation of both signatures.

Usage: cli_independent.py PATH_TO_ECIREQ_SIGN

Builds the expected request from the same inputs with Python's standard
library only (urllib.parse.quote for the encoding, hmac/hashlib for
HMAC-SHA1 and HMAC-SHA256, base64), and requires ecireq-sign's output to be
byte-identical: GET and POST of one request of each action, signed with V2
(HMAC-SHA1) and with V3 (ACS3-HMAC-SHA256); UTF-8 (including 4-byte)
values, reserved characters, spaces, twelve images (so Image.10 sorts
before Image.2) and eleven MatchImage.N; V3 with an STS token.

For V3 it also recomputes the Authorization the way the service does, from
what the tool printed alone (the query of the URL, decoded and
re-canonicalised, and the headers), and runs the V3 vector
eci-describe-sts-11-items (tests/data/acs3-hmac-sha256.json), the worked
example of docs/signing.md and README.md's example through the tool. Every --output curl command is
split with shlex and run by bash with a fake curl; its arguments must be the
plain output's parts.
"""
import base64
import hashlib
import hmac
import json
import os
import shlex
import subprocess
import sys
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
VERSION = "2018-08-08"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()

KEY_ID, SECRET = "LTAI5tIndependentCheck", "s3cr3t/Key+With=Chars"
TIMESTAMP, NONCE = "2026-11-30T12:34:56Z", "c0ffee00-1234-4abc-8def-0123456789ab"

update_params = {
    "RegionId": "cn-hangzhou",
    "ImageCacheId": "imc-bp195erqe9o2pb09****",
    "SecurityGroupId": "sg-uf66jeqopgqa9hdn****",
    "VSwitchId": "vsw-uf6h3rbwbm90urjwa****",
    "ImageCacheName": "cache name with spaces+plus",
    "ClientToken": "token-!'()*~._",
    "ImageCacheSize": "20",
    "Flash": "true",
    "Tag.1.Key": "team",
    "Tag.1.Value": "阿里云 ☁",
    "Tag.2.Key": "emoji",
    "Tag.2.Value": "\U0001F600 smile",
    "Tag.3.Key": "reserved",
    "Tag.3.Value": ":/?#[]@&=%+$,;",
    "ImageRegistryCredential.1.Server": "registry-vpc.cn-hangzhou.aliyuncs.com",
    "ImageRegistryCredential.1.UserName": "user@example",
    "ImageRegistryCredential.1.Password": "p@ss w0rd&more",
    "AcrRegistryInfo.1.InstanceId": "cri-nwj395hgf6f3****",
    "AcrRegistryInfo.1.Domain.1": "a-registry.cn-hangzhou.cr.aliyuncs.com",
    "AcrRegistryInfo.1.Domain.2": "b-registry.cn-hangzhou.cr.aliyuncs.com",
}
for i in range(1, 13):
    update_params[f"Image.{i}"] = f"registry.example/app-{i}:v{i}.0"

create_params = {
    "RegionId": "cn-shanghai",
    "ImageCacheName": "缓存 cache",
    "Image.1": "nginx:1.25",
    "Image.2": "registry.example/a b:c",
    "SecurityGroupId": "sg-1",
    "VSwitchId": "vsw-1",
    "ZoneId": "cn-shanghai-b",
    "OsType": "Windows",
    "RetentionDays": "7",
    "AutoMatchImageCache": "false",
    "Annotations": '{"key": "value & more"}',
    "InsecureRegistry": "registry.example:5000",
    "Tag.1.Key": "env",
    "Tag.1.Value": "",
    "ImageRegistryCredential.1.Server": "registry.example",
    "ImageRegistryCredential.1.UserName": "u",
    "ImageRegistryCredential.1.Password": "p/+=",
    "AcrRegistryInfo.1.InstanceId": "cri-1",
    "AcrRegistryInfo.1.ArnService": "acs:ram::123456:role/service",
    "AcrRegistryInfo.1.ArnUser": "acs:ram::654321:role/user",
    "AcrRegistryInfo.1.Domain.1": "a.example.com",
}

describe_params = {
    "RegionId": "cn-beijing",
    "ImageCacheName": "cache",
    "Image": "nginx:latest",
    "ImageFullMatch": "true",
    "ImageMatchCountRequest": "true",
    "Limit": "50",
    "NextToken": "tok/+=&",
    "Format": "XML",
}
for i in range(1, 12):
    describe_params[f"MatchImage.{i}"] = f"image-{i}:☁"

delete_params = {
    "RegionId": "cn-hangzhou",
    "ImageCacheId": "imc-bp195erqe9o2pb09****",
    "ClientToken": "delete-token-~*",
}

CASES = [
    ("UpdateImageCache", update_params),
    ("CreateImageCache", create_params),
    ("DescribeImageCaches", describe_params),
    ("DeleteImageCache", delete_params),
]


def encode(s):
    return urllib.parse.quote(s.encode("utf-8"), safe="-_.~")


def expected(action, params, method):
    signed = dict(params)
    signed.setdefault("Format", "JSON")
    signed.update({
        "AccessKeyId": KEY_ID, "Action": action,
        "SignatureMethod": "HMAC-SHA1", "SignatureNonce": NONCE, "SignatureVersion": "1.0",
        "Timestamp": TIMESTAMP, "Version": "2018-08-08",
    })
    # Byte order of the UTF-8 names (all ASCII here).
    query = "&".join(f"{encode(k)}={encode(v)}" for k, v in sorted(signed.items(), key=lambda kv: kv[0].encode()))
    to_sign = f"{method}&%2F&{encode(query)}"
    digest = hmac.new((SECRET + "&").encode(), to_sign.encode(), hashlib.sha1).digest()
    return query + "&Signature=" + encode(base64.b64encode(digest).decode())


def run_args(binary, args, key_id=KEY_ID, secret=SECRET, token=None):
    env = dict(os.environ, ALIBABA_CLOUD_ACCESS_KEY_ID=key_id, ALIBABA_CLOUD_ACCESS_KEY_SECRET=secret)
    env.pop("ALIBABA_CLOUD_SECURITY_TOKEN", None)
    if token is not None:
        env["ALIBABA_CLOUD_SECURITY_TOKEN"] = token
    return subprocess.run([binary] + args, env=env, capture_output=True, check=True).stdout.decode()


def flags(params):
    return [f"--{k}={v}" for k, v in params.items()]


def run(binary, action, params, method, extra=(), token=None):
    args = [action, "--method", method, "--timestamp", TIMESTAMP, "--nonce", NONCE] + list(extra) + flags(params)
    return run_args(binary, args, token=token)


# --- V3 (ACS3-HMAC-SHA256) -------------------------------------------------


def canonical_query(pairs):
    """Sorted by the UTF-8 bytes of the names, RFC 3986 encoded: V2's query without its own parameters."""
    return "&".join(f"{encode(k)}={encode(v)}" for k, v in sorted(pairs, key=lambda kv: kv[0].encode()))


def trim(value):
    return value.strip(" \t")


def v3_authorization(method, query, headers, key_id, secret):
    """The Authorization of a request: `headers` are every signed header (all but authorization)."""
    names = sorted(headers)
    canonical = "\n".join([method, "/", query] + [f"{n}:{trim(headers[n])}" for n in names] +
                          ["", ";".join(names), EMPTY_SHA256])
    string_to_sign = "ACS3-HMAC-SHA256\n" + hashlib.sha256(canonical.encode()).hexdigest()
    signature = hmac.new(secret.encode(), string_to_sign.encode(), hashlib.sha256).hexdigest()
    return f"ACS3-HMAC-SHA256 Credential={key_id},SignedHeaders={';'.join(names)},Signature={signature}"


def v3_expected(action, params, method, host, key_id=KEY_ID, secret=SECRET, token=None,
                timestamp=TIMESTAMP, nonce=NONCE):
    """The tool's plain V3 output, built from the inputs."""
    query = canonical_query(params.items())
    headers = {
        "host": host, "x-acs-action": action, "x-acs-version": VERSION, "x-acs-date": timestamp,
        "x-acs-signature-nonce": nonce, "x-acs-content-sha256": EMPTY_SHA256,
    }
    if token is not None and trim(token):
        headers["x-acs-accesskey-id"] = key_id
        headers["x-acs-security-token"] = token
    lines = [f"{method} https://{host}/" + (f"?{query}" if query else "")]
    lines += [f"{n}: {trim(headers[n])}" for n in sorted(headers)]
    lines.append("authorization: " + v3_authorization(method, query, headers, key_id, secret))
    return lines


def v3_check_printed(lines, secret=SECRET):
    """What the service would check, from the printed request alone; returns the problems."""
    problems = []
    method, url = lines[0].split(" ", 1)
    parts = urllib.parse.urlsplit(url)
    headers = [tuple(line.split(": ", 1)) for line in lines[1:]]
    names = [n for n, _ in headers]
    if names[-1] != "authorization":
        problems.append("authorization is not last")
    if names[:-1] != sorted(names[:-1]) or any(n != n.lower() for n in names):
        problems.append("header names are not lowercase and sorted")
    signed = dict(headers[:-1])
    if signed.get("host") != parts.netloc:
        problems.append("host header is not the URL's host")
    if signed.get("x-acs-content-sha256") != EMPTY_SHA256:
        problems.append("x-acs-content-sha256 is not the empty body's")
    key_id = headers[-1][1].split("Credential=", 1)[1].split(",", 1)[0]
    query = canonical_query(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
    if query != parts.query:
        problems.append("the URL's query is not canonical")
    recomputed = v3_authorization(method, query, signed, key_id, secret)
    if headers[-1][1] != recomputed:
        problems.append(f"authorization differs from the recomputed {recomputed!r}")
    return problems


# --- --output curl ---------------------------------------------------------


def curl_args_from_plain(lines, signature, method):
    """curl's arguments for the plain output `lines`."""
    if signature == "v3":
        request_method, url = lines[0].split(" ", 1)
        args = [] if request_method == "GET" else ["-X", request_method]
        for header in lines[1:]:
            args += ["-H", header]
        return args + [url]
    if method == "GET":
        return [lines[0]]
    return ["-X", "POST", "-H", "Content-Type: application/x-www-form-urlencoded", "--data-binary", lines[1], lines[0]]


def curl_problems(curl_output, want):
    """The command split by shlex and run by bash with a fake curl must give curl exactly `want`."""
    problems = []
    if not curl_output.endswith("\n") or curl_output.count("\n") != 1:
        problems.append("the curl command is not one line")
    if shlex.split(curl_output) != ["curl"] + want:
        problems.append(f"shlex.split gives {shlex.split(curl_output)!r}")
    fake = 'curl() { printf "%s\\0" "$@"; }; eval "$1"'
    got = subprocess.run(["bash", "-c", fake, "bash", curl_output], capture_output=True, check=True).stdout
    if got.decode().split("\0")[:-1] != want:
        problems.append(f"bash passes curl {got!r}")
    return problems


def docs_example():
    """docs/signing.md's V3 worked example: its inputs (as the text gives them) and its request block."""
    with open(os.path.join(HERE, "..", "docs", "signing.md"), encoding="utf-8") as f:
        text = f.read()
    start = text.index("The request:\n\n```\n") + len("The request:\n\n```\n")
    block = text[start:text.index("\n```", start)].split("\n")
    params = {
        "RegionId": "cn-hangzhou", "ImageCacheId": "imc-bp195erqe9o2pb09****",
        "SecurityGroupId": "sg-uf66jeqopgqa9hdn****", "VSwitchId": "vsw-uf6h3rbwbm90urjwa****",
        "ImageCacheName": "testcache", "Image.1": "nginx:1.25", "Tag.1.Key": "env", "Tag.1.Value": "prod",
    }
    return params, block


def readme_example():
    """README.md's V3 example: the command after "$ " (with its continuation lines) and its output."""
    with open(os.path.join(HERE, "..", "README.md"), encoding="utf-8") as f:
        text = f.read()
    start = text.index("```text\n$ ecireq-sign ") + len("```text\n$ ")
    lines = text[start:text.index("\n```", start)].split("\n")
    command = lines.pop(0)
    while command.endswith("\\"):
        command = command[:-1] + lines.pop(0)
    return shlex.split(command)[1:], lines


def sts_vector():
    with open(os.path.join(HERE, "data", "acs3-hmac-sha256.json"), encoding="utf-8") as f:
        vectors = json.load(f)["vectors"]
    return next(v for v in vectors if v["name"] == "eci-describe-sts-11-items")


def main():
    binary = sys.argv[1]
    failures = 0
    checks = 0

    def report(name, problems):
        nonlocal failures, checks
        checks += 1
        if problems:
            failures += 1
            print(f"{name}:\n  " + "\n  ".join(problems))

    for action, params in CASES:
        host = "eci." + params["RegionId"] + ".aliyuncs.com"
        for method in ("GET", "POST"):
            # V2.
            lines = run(binary, action, params, method).splitlines()
            if method == "GET":
                want = ["https://" + host + "/?" + expected(action, params, method)]
            else:
                want = ["https://" + host + "/", expected(action, params, method)]
            report(f"{action} v2 {method}", [] if lines == want else [f"got  {lines!r}", f"want {want!r}"])
            curl = run(binary, action, params, method, ["--output", "curl"])
            report(f"{action} v2 {method} --output curl", curl_problems(curl, curl_args_from_plain(want, "v2", method)))

            # V3, without and with an STS token (trimmed in the header, quotes and $ in it).
            # Format is V2's common parameter: the tool refuses it with V3.
            v3_params = {k: v for k, v in params.items() if k != "Format"}
            for token in (None, "  sts'token $HOME `id` \"q\" \\  "):
                name = f"{action} v3 {method}" + (" STS" if token else "")
                lines = run(binary, action, v3_params, method, ["--signature", "v3"], token=token).splitlines()
                want = v3_expected(action, v3_params, method, host, token=token)
                report(name, ([] if lines == want else [f"got  {lines!r}", f"want {want!r}"]) +
                       v3_check_printed(lines))
                curl = run(binary, action, v3_params, method, ["--signature", "v3", "--output", "curl"], token=token)
                report(name + " --output curl", curl_problems(curl, curl_args_from_plain(want, "v3", method)))

    # The STS vector: the command built from its inputs; its Authorization exactly.
    v = sts_vector()
    h = v["headers"]
    args = [h["x-acs-action"]] + [a for k, val in v["query"].items() for a in (f"--{k}", val)]
    args += ["--signature", "v3", "--timestamp", h["x-acs-date"], "--nonce", h["x-acs-signature-nonce"]]
    lines = run_args(binary, args, key_id=v["access_key_id"], secret=v["access_key_secret"],
                     token=h["x-acs-security-token"]).splitlines()
    want = v3_expected(h["x-acs-action"], v["query"], v["method"], h["host"], key_id=v["access_key_id"],
                       secret=v["access_key_secret"], token=h["x-acs-security-token"], timestamp=h["x-acs-date"],
                       nonce=h["x-acs-signature-nonce"])
    problems = [] if lines == want else [f"got  {lines!r}", f"want {want!r}"]
    if lines[-1] != "authorization: " + v["authorization"]:
        problems.append(f"authorization is not the vector's: {lines[-1]!r}")
    report("vector eci-describe-sts-11-items", problems + v3_check_printed(lines, v["access_key_secret"]))

    # docs/signing.md's worked example: the tool prints its request block as it is.
    params, block = docs_example()
    args = ["UpdateImageCache"] + flags(params) + ["--signature", "v3", "--timestamp", "2026-11-30T12:00:00Z",
                                                    "--nonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"]
    lines = run_args(binary, args, key_id="testid", secret="testsecret").splitlines()
    report("docs/signing.md V3 worked example",
           ([] if lines == block else [f"got  {lines!r}", f"docs {block!r}"]) + v3_check_printed(lines, "testsecret"))

    # README.md's V3 example, with the credentials it names (testid / testsecret).
    args, shown = readme_example()
    lines = run_args(binary, args, key_id="testid", secret="testsecret").splitlines()
    report("README.md V3 example",
           ([] if lines == shown else [f"got    {lines!r}", f"README {shown!r}"]) + v3_check_printed(lines, "testsecret"))

    print(f"cli_independent: {checks - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
