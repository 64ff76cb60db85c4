#!/usr/bin/env python3
"""Turns the published signature vectors (JSON) into a C++ include file.

Usage: vectors_to_cpp.py rpc-hmac-sha1.json rpc_vectors.inc
       vectors_to_cpp.py acs3-hmac-sha256.json acs3_vectors.inc

The build runs this so that the test reads the vectors as they were
published without a JSON library in the test binary (Boost.JSON's
header-only mode needs exceptions, and the suite also runs without them).
Every string becomes a narrow literal whose bytes are the UTF-8 of the
JSON text; bytes outside printable ASCII are written as 3-digit octal
escapes, which cannot run into the next character.
"""
import json
import sys


def literal(s):
    out = []
    for b in s.encode("utf-8"):
        c = chr(b)
        if c in '"\\?' or b < 0x20 or b > 0x7E:
            out.append("\\%03o" % b)
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def main():
    src, dst = sys.argv[1], sys.argv[2]
    with open(src, encoding="utf-8") as f:
        doc = json.load(f)
    lines = ["// Generated from " + src.split("/")[-1] + " by vectors_to_cpp.py: do not edit.", "{"]
    if doc.get("scheme", "").startswith("ACS3"):
        lines += acs3_vectors(doc)
    else:
        lines += rpc_vectors(doc)
    lines.append("}")
    with open(dst, "w", encoding="ascii") as f:
        f.write("\n".join(lines) + "\n")


def pairs(mapping):
    return ", ".join("{%s, %s}" % (literal(k), literal(val)) for k, val in mapping.items())


def acs3_vectors(doc):
    lines = []
    for v in doc["vectors"]:
        lines.append("    {%s}," % ", ".join([
            literal(v["name"]), literal(v["method"]), literal(v["access_key_id"]), literal(v["access_key_secret"]),
            "{%s}" % pairs(v["headers"]), "{%s}" % pairs(v["query"]), literal(v["body"]),
            literal(v["canonical_request"]), literal(v["hashed_canonical_request"]), literal(v["signed_headers"]),
            literal(v["signature"]), literal(v["authorization"])]))
    return lines


def rpc_vectors(doc):
    lines = []
    for v in doc["vectors"]:
        params = ", ".join("{%s, %s}" % (literal(k), literal(val)) for k, val in v["params"].items())
        lines.append("    {%s, %s, %s, {%s}, %s, %s, %s}," % (
            literal(v["name"]), literal(v["method"]), literal(v["access_key_secret"]), params,
            literal(v["canonical_query"]), literal(v["string_to_sign"]), literal(v["signature"])))
    return lines


if __name__ == "__main__":
    main()
