#!/usr/bin/env python3
"""Proves that under ECIREQ_SEPARATE_COMPILATION a TU that signs calls the
signing engine and compiles none of it.

The user's object file (tests/separate/probe.cpp) must reference each of
the engine's functions without defining it, and must define no
instantiation of the templates behind them; the engine's library
(ecireq::compiled) must define every one. A header-only build of the same
TU defines them all, so this fails as soon as a change lets the engine
back into the user's TU.

    check_symbols.py --user OBJ --engine LIB   exit 0, or 1 listing what is wrong
                                               (OBJ may be an object file or an archive of it)
"""
import argparse
import re
import subprocess
import sys

# Called by the user's TU, defined once by the engine (demangled, up to '(').
ENGINE = [
    "ecireq::rpc::prepare_v2",
    "ecireq::rpc::write_signed",
    "ecireq::acs3::prepare",
    "ecireq::acs3::sign",
    "ecireq::detail::emit_string",
    "ecireq::detail::emit_integer",
    "ecireq::detail::emit_entries",
]
# What those functions are made of: the user's TU must not compile any of it.
INSIDE = [
    "ecireq::rpc::write_and_sign",
    "ecireq::rpc::add_common_params",
    "ecireq::rpc::put_in_order",
    "ecireq::rpc::request_stamp::draw",
    "ecireq::rpc::make_uuid_v4",
    "ecireq::rpc::endpoint::make",
    "ecireq::acs3::payload_hash",
    "ecireq::detail::check_string",
]


def qualified_name(demangled):
    """'result<a, b> ecireq::rpc::write_and_sign<ecireq::x<y> >(z) const' ->
    'ecireq::rpc::write_and_sign': template arguments removed first, since
    they hold spaces and parentheses of their own."""
    name = demangled
    while True:
        shorter = re.sub(r"<[^<>]*>", "", name)
        if shorter == name:
            break
        name = shorter
    name = name.split("(")[0].strip()
    return name.rsplit(" ", 1)[-1]


def symbols(path):
    """{qualified name: set of nm type letters} of an object file or archive."""
    out = subprocess.run(["nm", "-C", path], check=True, capture_output=True, text=True).stdout
    found = {}
    for line in out.splitlines():
        m = re.match(r"^[0-9a-fA-F]*\s+([A-Za-z])\s+(.*)$", line)
        if m:
            found.setdefault(qualified_name(m.group(2)), set()).add(m.group(1))
    return found


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--user", required=True)
    ap.add_argument("--engine", required=True)
    args = ap.parse_args()
    user, engine = symbols(args.user), symbols(args.engine)
    wrong = []
    for name in ENGINE:
        kinds = user.get(name, set())
        if "U" not in kinds:
            wrong.append(f"the user's TU does not call {name}")
        if kinds - {"U"}:
            wrong.append(f"the user's TU defines {name} ({''.join(sorted(kinds - {'U'}))})")
        if not engine.get(name, set()) & {"T", "W"}:
            wrong.append(f"the engine does not define {name}")
    for name in INSIDE:
        kinds = user.get(name, set()) - {"U"}
        if kinds:
            wrong.append(f"the user's TU compiles {name} ({''.join(sorted(kinds))})")
    for w in wrong:
        print(f"check_symbols: {w}")
    print(f"check_symbols: {len(ENGINE)} engine functions called, {len(INSIDE)} of their parts absent: "
          f"{'ok' if not wrong else f'{len(wrong)} problem(s)'}")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
