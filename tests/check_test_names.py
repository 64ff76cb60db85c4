#!/usr/bin/env python3
"""Fails when a Catch2 test name holds a ';'.

catch_discover_tests (CMake) builds a CMake list of the names it discovers,
and a ';' splits a name into two tests, each of which matches no test case:
ctest then reports them passed while nothing ran.

    check_test_names.py TESTS_DIR   exit 0 when every name is whole, 1 listing the others
"""
import pathlib
import re
import sys

NAME = re.compile(r'TEST_CASE\s*\(\s*"((?:[^"\\]|\\.)*)"')


def main(tests_dir):
    bad = []
    for path in sorted(pathlib.Path(tests_dir).rglob("*.cpp")):
        for m in NAME.finditer(path.read_text(encoding="utf-8", errors="replace")):
            if ";" in m.group(1):
                line = path.read_text(encoding="utf-8", errors="replace").count("\n", 0, m.start()) + 1
                bad.append(f"{path}:{line}: {m.group(1)}")
    for b in bad:
        print(f"check_test_names: ';' in a test name splits it in CTest: {b}")
    print(f"check_test_names: {len(bad)} name(s) with ';'")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parent))
