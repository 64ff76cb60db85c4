#!/usr/bin/env python3
"""ecireq-sign against an independent implementation of the RPC signature.

Usage: cli_independent.py PATH_TO_ECIREQ_SIGN

Builds the expected request from the same inputs with Python's standard
library only (urllib.parse.quote for the encoding, hmac/hashlib for
HMAC-SHA1, base64), and requires ecireq-sign's output to be byte-identical:
GET and POST of one request of each action; UTF-8 (including 4-byte)
values, reserved characters, spaces, twelve images (so Image.10 sorts
before Image.2) and eleven MatchImage.N.
"""
import base64
import hashlib
import hmac
import os
import subprocess
import sys
import urllib.parse

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


def run(binary, action, params, method):
    args = [binary, action, "--method", method, "--timestamp", TIMESTAMP, "--nonce", NONCE]
    for k, v in params.items():
        args += [f"--{k}={v}"]
    env = dict(os.environ, ALIBABA_CLOUD_ACCESS_KEY_ID=KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET=SECRET)
    env.pop("ALIBABA_CLOUD_SECURITY_TOKEN", None)
    out = subprocess.run(args, env=env, capture_output=True, check=True).stdout.decode()
    return out.splitlines()


def main():
    binary = sys.argv[1]
    failures = 0
    checks = 0
    for action, params in CASES:
        host = "https://eci." + params["RegionId"] + ".aliyuncs.com/"
        for method in ("GET", "POST"):
            checks += 1
            lines = run(binary, action, params, method)
            if method == "GET":
                want = [host + "?" + expected(action, params, method)]
            else:
                want = [host, expected(action, params, method)]
            if lines != want:
                failures += 1
                print(f"{action} {method} differs:\n  got  {lines!r}\n  want {want!r}")
    print(f"cli_independent: {checks - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
