#!/usr/bin/env python3
"""Checks that every place that states ecireq's version states the same one.

The reference is include/ecireq/version.hpp (ECIREQ_VERSION_MAJOR/MINOR/PATCH
and ECIREQ_VERSION, which must agree with each other). Against it:
CMakeLists.txt's project(VERSION), meson.build's project(version:),
CHANGELOG.md's newest entry, the banner of each single_include/*.hpp, each
ecireq.pc given with --pc, and each value given with --expect (what a build
system itself computed, e.g. PROJECT_VERSION or meson.project_version()).

    check_version.py [--root DIR] [--pc FILE]... [--expect NAME=VERSION]...
    check_version.py --self-test

Exit 0 when all agree, 1 with one line per disagreement.
"""
import argparse
import pathlib
import re
import shutil
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]


def read(path):
    try:
        return path.read_text(encoding="utf-8")
    except OSError as e:
        return None


def header_version(root):
    text = read(root / "include" / "ecireq" / "version.hpp")
    if text is None:
        return None, ["include/ecireq/version.hpp: missing"]
    parts = {}
    for name in ("MAJOR", "MINOR", "PATCH"):
        m = re.search(rf"^\s*#\s*define\s+ECIREQ_VERSION_{name}\s+(\d+)\s*$", text, re.M)
        parts[name] = m.group(1) if m else None
    m = re.search(r'^\s*#\s*define\s+ECIREQ_VERSION\s+"([^"]*)"', text, re.M)
    string = m.group(1) if m else None
    problems = [f"include/ecireq/version.hpp: no ECIREQ_VERSION_{n}" for n, v in parts.items() if v is None]
    if string is None:
        problems.append('include/ecireq/version.hpp: no ECIREQ_VERSION "x.y.z"')
    elif None not in parts.values():
        joined = f"{parts['MAJOR']}.{parts['MINOR']}.{parts['PATCH']}"
        if joined != string:
            problems.append(f'include/ecireq/version.hpp: ECIREQ_VERSION "{string}" but MAJOR.MINOR.PATCH is {joined}')
    return string, problems


def found_versions(root, pcs, expects):
    """(where, version or None) for each place other than version.hpp."""
    places = []
    cmake = read(root / "CMakeLists.txt") or ""
    m = re.search(r"\bproject\s*\(\s*ecireq\s+VERSION\s+([0-9][0-9.]*)", cmake)
    places.append(("CMakeLists.txt project(VERSION)", m.group(1) if m else None))
    meson = read(root / "meson.build") or ""
    m = re.search(r"\bproject\s*\(\s*'ecireq'.*?\bversion\s*:\s*'([^']*)'", meson, re.S)
    places.append(("meson.build project(version:)", m.group(1) if m else None))
    changelog = read(root / "CHANGELOG.md") or ""
    m = re.search(r"^##\s+\[?v?([0-9]+\.[0-9]+\.[0-9]+)", changelog, re.M)
    places.append(("CHANGELOG.md newest entry", m.group(1) if m else None))
    singles = sorted((root / "single_include").glob("*.hpp")) or [root / "single_include" / "ecireq.hpp"]
    for single in singles:
        m = re.search(r"^// ecireq ([0-9][0-9.]*):", read(single) or "", re.M)
        places.append((f"single_include/{single.name} banner", m.group(1) if m else None))
    for pc in pcs:
        m = re.search(r"^Version:\s*(\S+)", read(pathlib.Path(pc)) or "", re.M)
        places.append((f"{pc} Version:", m.group(1) if m else None))
    for item in expects:
        name, _, value = item.partition("=")
        places.append((name, value or None))
    return places


def check(root, pcs=(), expects=(), quiet=False):
    version, problems = header_version(root)
    if not quiet and version:
        print(f"include/ecireq/version.hpp: {version}")
    for where, v in found_versions(root, pcs, expects):
        if v is None:
            problems.append(f"{where}: no version found")
        elif version is not None and v != version:
            problems.append(f"{where}: {v}, but include/ecireq/version.hpp says {version}")
        elif not quiet:
            print(f"{where}: {v}")
    return problems


def self_test():
    files = ["include/ecireq/version.hpp", "CMakeLists.txt", "meson.build", "CHANGELOG.md",
             "single_include/ecireq.hpp"]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        for f in files:
            (tmp / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ROOT / f, tmp / f)
        assert check(tmp, quiet=True) == [], check(tmp, quiet=True)
        meson = tmp / "meson.build"
        meson.write_text(re.sub(r"version: '[^']*'", "version: '9.9.9'", meson.read_text(), count=1))
        assert len(check(tmp, quiet=True)) == 1, "a different Meson version must be reported"
        shutil.copyfile(ROOT / "meson.build", meson)
        hpp = tmp / "include/ecireq/version.hpp"
        hpp.write_text(re.sub(r"ECIREQ_VERSION_PATCH \d+", "ECIREQ_VERSION_PATCH 99", hpp.read_text()))
        assert any("MAJOR.MINOR.PATCH" in p for p in check(tmp, quiet=True)), "parts must match the string"
        assert len(check(ROOT, expects=["x=0.0.0-no"], quiet=True)) >= 1, "--expect must be compared"
    print("check_version self-test: a different Meson version, parts that disagree and --expect are reported")
    return 0


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=pathlib.Path, default=ROOT)
    parser.add_argument("--pc", action="append", default=[], help="an ecireq.pc whose Version: to check")
    parser.add_argument("--expect", action="append", default=[], metavar="NAME=VERSION")
    parser.add_argument("--self-test", action="store_true")
    args = parser.parse_args(argv[1:])
    if args.self_test:
        return self_test()
    problems = check(args.root, args.pc, args.expect)
    for p in problems:
        print(f"version mismatch: {p}")
    print(f"check_version: {'all agree' if not problems else f'{len(problems)} problem(s)'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
