#!/usr/bin/env python3
"""Generates single_include/ecireq.hpp, the whole library in one header.

Starting from include/ecireq.hpp, every `#include <ecireq/...>` is replaced by
the text of that header, once: each of ecireq's own headers appears exactly
one time, after the headers it includes (dependency order), with its include
guard kept, so the single header and the separate ones can meet in one
program. Every other include (the standard library, Boost, OpenSSL, Mbed TLS)
is left as an include.

A header included only under a condition, from one place (the OpenSSL and
the Mbed TLS backend, under `#if defined(ECIREQ_CRYPTO_...)`), is inlined
inside that condition, so the single header still selects its backend with
the same macros. A header that is included under a condition and also
elsewhere (crypto/hmac.hpp, which both backends use) is inlined before the
header holding the condition, outside it.

    python3 tools/amalgamate.py                  writes single_include/ecireq.hpp, and every other
                                                 single_include/*.hpp from the header its banner names
    python3 tools/amalgamate.py --check          the same, but compares: exit 1 when one is stale
    python3 tools/amalgamate.py -o FILE          writes FILE from include/ecireq.hpp
    python3 tools/amalgamate.py --entry ecireq/x.hpp [-o single_include/x.hpp]
                                                 starts from another header (a smaller core);
                                                 once in single_include/, it is kept current too
    python3 tools/amalgamate.py --include-dir D  reads the headers from D (default: include/)

The output depends on the headers only (no date, no path), so regenerating an
unchanged tree gives the same bytes.
"""
import argparse
import difflib
import os
import pathlib
import re
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
UMBRELLA = "ecireq.hpp"
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"](ecireq(?:/[^>"]+|\.hpp))[>"]')
IF = re.compile(r"^\s*#\s*(if|ifdef|ifndef)\b")
ENDIF = re.compile(r"^\s*#\s*endif\b")
GUARD = re.compile(r"^\s*#\s*ifndef\s+(\w+)")
DEFINE = re.compile(r"^\s*#\s*define\s+(\w+)\s*$")
VERSION = re.compile(r'^\s*#\s*define\s+ECIREQ_VERSION\s+"([^"]+)"', re.M)
STALE = "single header is stale: run python3 tools/amalgamate.py"


class Error(Exception):
    pass


class Header:
    """One of ecireq's headers: its lines and, per line, the ecireq header it
    includes and whether that include sits under a condition (an #if other
    than the include guard)."""

    def __init__(self, include_dir, name):
        self.name = name
        path = include_dir / name
        if not path.is_file():
            raise Error(f"{name}: not found under {include_dir}")
        self.lines = path.read_text(encoding="utf-8").splitlines()
        self.includes = []  # (line index, target, conditional)
        guard = self._guard_line()
        depth = 0
        for i, line in enumerate(self.lines):
            if IF.match(line):
                depth += 1
            elif ENDIF.match(line):
                depth -= 1
            m = INCLUDE.match(line)
            if m:
                conditional = depth > (1 if guard is not None and i > guard else 0)
                self.includes.append((i, m.group(1), conditional))

    def _guard_line(self):
        """The index of the include guard's #ifndef, or None."""
        for i, line in enumerate(self.lines):
            stripped = line.strip()
            if not stripped or stripped.startswith("//") or stripped.startswith("*") or stripped.startswith("/*"):
                continue
            m = GUARD.match(line)
            if m and i + 1 < len(self.lines):
                d = DEFINE.match(self.lines[i + 1])
                if d and d.group(1) == m.group(1):
                    return i
            return None
        return None


def load(include_dir, entry=UMBRELLA):
    """Every header reachable from the entry header, by name."""
    headers = {}
    todo = [entry]
    while todo:
        name = todo.pop()
        if name in headers:
            continue
        headers[name] = Header(include_dir, name)
        todo.extend(t for _, t, _ in headers[name].includes)
    return headers


def pinned_headers(headers):
    """The headers inlined inside a condition: included from exactly one
    place, and that place is under a condition or itself inside one."""
    sites = {}
    for h in headers.values():
        for _, target, conditional in h.includes:
            sites.setdefault(target, []).append((h.name, conditional))
    pinned = set()
    changed = True
    while changed:
        changed = False
        for target, where in sites.items():
            if target in pinned or len(where) != 1:
                continue
            includer, conditional = where[0]
            if conditional or includer in pinned:
                pinned.add(target)
                changed = True
    return pinned


class Amalgamator:
    def __init__(self, include_dir, entry=UMBRELLA):
        self.entry = entry
        self.headers = load(include_dir, entry)
        self.pinned = pinned_headers(self.headers)
        self.emitted = set()
        self.active = []
        self.out = []

    def free_needs(self, name):
        """The headers outside any condition that `name`'s conditional
        content needs: what its conditional includes, and the headers inlined
        inside a condition below it, include from elsewhere."""
        needs = []
        stack = [(name, False)]
        while stack:
            h, inside = stack.pop(0)
            for _, target, conditional in self.headers[h].includes:
                if target in self.pinned:
                    stack.append((target, True))
                elif (conditional or inside) and target not in needs:
                    needs.append(target)
        return needs

    def emit(self, name, in_condition):
        if name in self.active:
            raise Error("include cycle: " + " -> ".join(self.active + [name]))
        self.active.append(name)
        self.emitted.add(name)
        if not in_condition:
            for need in self.free_needs(name):
                if need not in self.emitted:
                    self.emit(need, False)
        header = self.headers[name]
        by_line = {i: (target, conditional) for i, target, conditional in header.includes}
        self.out.append(f"// ----- begin {name} " + "-" * max(3, 60 - len(name)))
        for i, line in enumerate(header.lines):
            if i not in by_line:
                self.out.append(line)
                continue
            target, conditional = by_line[i]
            if target in self.emitted:
                self.out.append(f"// #include <{target}>: inlined above")
            elif target in self.pinned:
                self.emit(target, True)
            elif conditional or in_condition:
                raise Error(f"{name}: {target} is needed under a condition but was not inlined before it")
            else:
                self.emit(target, False)
        self.out.append(f"// ----- end {name} " + "-" * max(3, 62 - len(name)))
        self.active.pop()

    def run(self, version):
        banner = [
            f"// ecireq {version}: the single-header edition.",
            "//",
            "// GENERATED FILE, DO NOT EDIT: generated by tools/amalgamate.py from the",
            f"// headers under include/ (start: include/{self.entry}). Edit those, then run",
            "//   python3 tools/amalgamate.py",
            "//",
            "// Every ecireq header is inlined once, in dependency order; third-party",
            "// includes (Boost.Hana, Boost.URL, OpenSSL or Mbed TLS) stay includes.",
            "// Link Boost.URL (-lboost_url) and the crypto library (-lcrypto, or",
            "// -lmbedcrypto with -DECIREQ_CRYPTO_MBEDTLS=1). The macros of",
            "// ecireq/config.hpp select the backend, as with the separate headers.",
            f"// Headers: {len(self.headers)}.",
            "",
        ]
        self.out = banner
        self.emit(self.entry, False)
        missing = set(self.headers) - self.emitted
        if missing:
            raise Error("not inlined: " + ", ".join(sorted(missing)))
        return "\n".join(self.out) + "\n"


def generate(include_dir, entry=UMBRELLA):
    version_text = (include_dir / "ecireq" / "version.hpp").read_text(encoding="utf-8")
    m = VERSION.search(version_text)
    if not m:
        raise Error("ecireq/version.hpp: no ECIREQ_VERSION")
    return Amalgamator(include_dir, entry).run(m.group(1))


def unreached(include_dir, entry=UMBRELLA):
    """Public headers the entry header does not reach (not in the single header)."""
    reached = set(load(include_dir, entry))
    all_headers = {p.relative_to(include_dir).as_posix() for p in include_dir.rglob("*.hpp")}
    return sorted(all_headers - reached)


ENTRY_IN_BANNER = re.compile(r"^// headers under include/ \(start: include/([^)]+)\)", re.M)


def targets(out_dir):
    """(entry, output) for single_include/ecireq.hpp and for every other file
    in single_include/ that names its entry header in its banner."""
    found = [(UMBRELLA, out_dir / "ecireq.hpp")]
    for path in sorted(out_dir.glob("*.hpp")):
        if path.name == "ecireq.hpp":
            continue
        m = ENTRY_IN_BANNER.search(path.read_text(encoding="utf-8")[:2000])
        if m:
            found.append((m.group(1), path))
    return found


def check_one(text, output):
    """0 when output holds text; else a short diff, the message, 1."""
    with tempfile.NamedTemporaryFile("w", suffix=".hpp", delete=False, encoding="utf-8") as tmp:
        tmp.write(text)
    try:
        fresh = pathlib.Path(tmp.name).read_text(encoding="utf-8")
        current = output.read_text(encoding="utf-8") if output.exists() else ""
        if fresh == current:
            print(f"amalgamate: {output} is current")
            return 0
        diff = list(difflib.unified_diff(current.splitlines(), fresh.splitlines(),
                                         str(output), "regenerated", lineterm="", n=1))
        for line in diff[:40]:
            print(line)
        if len(diff) > 40:
            print(f"... ({len(diff) - 40} more diff lines)")
        print(f"{output}: {STALE}")
        return 1
    finally:
        os.unlink(tmp.name)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--include-dir", type=pathlib.Path, default=ROOT / "include")
    parser.add_argument("-o", "--output", type=pathlib.Path,
                        help="the file to write or check (default: every file of single_include/)")
    parser.add_argument("--entry", help="the header to start from, relative to the include dir "
                                        "(default: ecireq.hpp, or what the output's banner names)")
    parser.add_argument("--out-dir", type=pathlib.Path, default=ROOT / "single_include",
                        help="where the single headers are (default: single_include/)")
    parser.add_argument("--check", action="store_true",
                        help="regenerate into a temporary file and compare; exit 1 when stale")
    args = parser.parse_args(argv[1:])
    if args.output is None and args.entry is None:
        todo = targets(args.out_dir)
    else:
        entry = args.entry or UMBRELLA
        todo = [(entry, args.output or args.out_dir / entry.replace("/", "_"))]
    status = 0
    for entry, output in todo:
        try:
            text = generate(args.include_dir, entry)
        except Error as e:
            print(f"amalgamate: {e}", file=sys.stderr)
            return 2
        if entry == UMBRELLA:
            for name in unreached(args.include_dir, entry):
                print(f"amalgamate: note: {name} is not reached from {entry}, so it is not in the single header",
                      file=sys.stderr)
        if args.check:
            status |= check_one(text, output)
        else:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text, encoding="utf-8")
            print(f"amalgamate: wrote {output} ({text.count(chr(10))} lines, from include/{entry})")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
