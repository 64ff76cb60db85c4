#!/usr/bin/env python3
"""Checks that the headers under include/ecireq/ include only downwards.

The folders are layers, in the order a request flows (top first):

    call/      a signed request on the caller's transport: prepare, retry, explain
    actions/   the product and its actions, as declarations
    builder/   verify/    response/   the typed builder; beside it the
               receiving side, and the answers (errors, bodies, diagnosis)
    signature/ signature schemes and the credentials keyed for them
    rpc/       parameters, encoding, canonical query, time, nonce, endpoint
    crypto/    hash, HMAC, random bytes, Base64
    (files directly in ecireq/: config.hpp, error.hpp)

A header may include one of its own folder or of a lower layer; one of a
higher layer, or of the other folder of its own layer (builder/ and verify/
must not know each other), is a violation. A header in no known layer is one
too, so that a new folder has to be placed here first.

    check_layers.py [INCLUDE_DIR]   exit 0 when clean, 1 with one line per violation
    check_layers.py --self-test     proves the check fails on a tree that breaks the rule
"""
import pathlib
import re
import sys
import tempfile

LAYERS = {  # folder -> rank; higher ranks sit above lower ones
    "call": 7,
    "actions": 6,
    "builder": 5,
    "verify": 5,
    "response": 5,
    "signature": 4,
    "rpc": 3,
    "crypto": 2,
    "": 1,  # ecireq/config.hpp, ecireq/error.hpp
}
UMBRELLA_RANK = 8  # ecireq.hpp, ecireq/core.hpp, ecireq/call.hpp and ecireq/src.hpp include anything
UMBRELLAS = {"ecireq.hpp", "ecireq/core.hpp", "ecireq/call.hpp", "ecireq/src.hpp"}
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"](ecireq(?:/[^>"]+|\.hpp))[>"]', re.M)


def layer_of(rel):
    """The layer folder of a path relative to include/ ("ecireq/rpc/param.hpp" -> "rpc")."""
    if rel in UMBRELLAS:
        return None
    parts = rel.split("/")
    if parts[0] != "ecireq":
        return "?"
    return parts[1] if len(parts) > 2 else ""


def rank(layer):
    return UMBRELLA_RANK if layer is None else LAYERS.get(layer)


def violations(include_dir):
    root = pathlib.Path(include_dir)
    found = []
    for path in sorted(root.rglob("*.hpp")):
        rel = path.relative_to(root).as_posix()
        here = layer_of(rel)
        if here is not None and here not in LAYERS:
            found.append(f"{rel}: folder '{here}' is not a known layer (add it to {__file__})")
            continue
        for target in INCLUDE.findall(path.read_text(encoding="utf-8")):
            there = layer_of(target)
            if there is not None and there not in LAYERS:
                found.append(f"{rel}: includes {target}, in no known layer")
            elif there == here:
                continue
            elif rank(there) >= rank(here):
                found.append(f"{rel} ({here or 'base'}) includes {target} ({there or 'base'}): "
                             "a header may include only its own folder or a lower layer")
    return found


def self_test():
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        (root / "ecireq" / "rpc").mkdir(parents=True)
        (root / "ecireq" / "builder").mkdir()
        (root / "ecireq" / "verify").mkdir()
        (root / "ecireq" / "builder" / "b.hpp").write_text('#include <ecireq/rpc/p.hpp>\n')
        (root / "ecireq" / "rpc" / "p.hpp").write_text('#include <ecireq/error.hpp>\n')
        (root / "ecireq" / "error.hpp").write_text("")
        assert violations(root) == [], violations(root)
        (root / "ecireq" / "rpc" / "p.hpp").write_text('#include <ecireq/builder/b.hpp>\n')
        assert len(violations(root)) == 1, "an upward include must be reported"
        (root / "ecireq" / "rpc" / "p.hpp").write_text("")
        (root / "ecireq" / "verify" / "v.hpp").write_text('#  include "ecireq/builder/b.hpp"\n')
        assert len(violations(root)) == 1, "a sibling include must be reported"
    print("check_layers self-test: an upward and a sibling include are both reported")
    return 0


def main(argv):
    if argv[1:] == ["--self-test"]:
        return self_test()
    include_dir = argv[1] if len(argv) > 1 else pathlib.Path(__file__).resolve().parents[2] / "include"
    found = violations(include_dir)
    for line in found:
        print(line)
    print(f"check_layers: {len(found)} violation(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
