#!/usr/bin/env python3
"""Compiles the C++ code blocks of README.md and docs/*.md, and runs the shell
blocks that run ecireq-sign, so that the documentation cannot rot unnoticed.

Every fenced block is classified by its language and by an optional marker,
an HTML comment on the line before the fence (invisible when rendered):

  ```cpp, no marker          a complete translation unit: compiled as it is
  <!-- snippet: fragment -->  statements: compiled in a function body, after
                              #include <ecireq.hpp> and the declarations of
                              PRELUDE below (creds, token, id, url, send, ...);
                              the block's own #include lines go first
  <!-- snippet: declarations -->
                              namespace-scope code: compiled after the prelude
  <!-- snippet: excerpt of include/ecireq/x/*.hpp -->
                              lines quoted from the library: each statement
                              (comments and spacing aside) must occur in one
                              of those files; not compiled unless a kind above
                              is named too ("complete, excerpt of ...")
  <!-- snippet: skip (reason) -->
                              not checked; the reason is required and printed
  <!-- snippet: fragment, xfail (reason) -->
                              known broken: must fail; passing is an error,
                              so that the marker goes once the block is fixed
  ```sh / bash / shell / console
                              must be marked: "run" (run with bash, with the
                              built ecireq-sign first on PATH and curl replaced
                              by a check that its URL argument is an https
                              URL) or "skip (reason)"
  any other language, or none (output, text)
                              not checked

With --ecireq-sign, the options README.md names in backquotes (`--endpoint`,
...) must also appear in `ecireq-sign --help`. Without it the "run" blocks
are reported as not run.

    compile_snippets.py [--root DIR] [--cxx g++] [--std c++17] [--cflag=F]...
                        [--ecireq-sign PATH] [-j N] [--list] [FILE.md ...]
    compile_snippets.py --self-test

Exit 0 when every checked block passes, 1 otherwise (each failure with its
file, line and the compiler's first errors).
"""
import argparse
import concurrent.futures
import dataclasses
import glob
import os
import pathlib
import re
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
CPP_LANGS = {"cpp", "c++", "cxx"}
SHELL_LANGS = {"sh", "bash", "shell", "console"}
FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`\s]*)")
MARKER = re.compile(r"^\s*<!--\s*snippet:\s*(?P<body>.*?)\s*-->\s*$")
INCLUDE_LINE = re.compile(r"^\s*#\s*include\b")

# What fragments may use without declaring it: a complete set of sample
# values, and stubs for the transport the docs leave to the reader.
PRELUDE = r"""
#include <ecireq.hpp>

#include <chrono>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace snippet {
inline const ecireq::credentials creds{"testid", "testsecret"};
inline constexpr std::string_view key_id = "testid", key_secret = "testsecret";
inline constexpr std::string_view token = "0c593ea1-3bea-11e9-b96b-88e9fe637760";
inline constexpr std::string_view id = "imc-bp195erqe9o2pb09****", sg = "sg-uf66jeqopgqa9hdn****",
                                  vsw = "vsw-uf6h3rbwbm90urjwa****", name = "testcache",
                                  image = "nginx:1.25";
inline auto request = ecireq::update_image_cache()
                          .region_id("cn-hangzhou")
                          .image_cache_id(id)
                          .security_group_id(sg)
                          .vswitch_id(vsw)
                          .image_cache_name(name);
inline boost::urls::url url;    // a received GET request
inline std::string body;        // a received POST form body
template <class... A> void send(A&&...) {}      // your HTTP client
template <class... A> void send_get(A&&...) {}
template <class... A> void send_post(A&&...) {}
template <class... A> void log(A&&...) {}
} // namespace snippet
"""


@dataclasses.dataclass
class Block:
    path: str          # as shown, relative to the root
    line: int          # line of the opening fence (1-based)
    lang: str
    text: str
    marker: str        # the marker's body, "" when none
    marker_line: int = 0

    @property
    def where(self):
        return f"{self.path}:{self.line}"


@dataclasses.dataclass
class Plan:
    kind: str                  # complete | fragment | declarations | excerpt | run | skip | unchecked
    excerpt: list = dataclasses.field(default_factory=list)
    reason: str = ""
    xfail: str = ""
    error: str = ""


def parse_blocks(path, display):
    lines = pathlib.Path(path).read_text(encoding="utf-8").splitlines()
    blocks = []
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, info = m.group("fence"), m.group("info").lower()
        start = i
        body = []
        i += 1
        while i < len(lines) and not re.match(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*$", lines[i]):
            body.append(lines[i])
            i += 1
        i += 1  # the closing fence
        marker, marker_line = "", 0
        j = start - 1
        while j >= 0 and not lines[j].strip():
            j -= 1
        if j >= 0:
            mm = MARKER.match(lines[j])
            if mm:
                marker, marker_line = mm.group("body"), j + 1
        blocks.append(Block(display, start + 1, info, "\n".join(body) + "\n", marker, marker_line))
    return blocks


def split_items(body):
    """'fragment, xfail (a, b)' -> ['fragment', 'xfail (a, b)']: commas inside parentheses stay."""
    items, depth, cur = [], 0, ""
    for c in body:
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        if c == "," and depth == 0:
            items.append(cur.strip())
            cur = ""
        else:
            cur += c
    if cur.strip():
        items.append(cur.strip())
    return items


def plan_for(block):
    lang = block.lang
    is_cpp, is_shell = lang in CPP_LANGS, lang in SHELL_LANGS
    if not block.marker:
        if is_cpp:
            return Plan("complete")
        if is_shell:
            return Plan("unchecked", error="shell block without a marker: add <!-- snippet: run --> "
                                           "or <!-- snippet: skip (reason) --> on the line before it")
        return Plan("unchecked")
    plan = Plan("")
    for item in split_items(block.marker):
        m = re.match(r"^(\w+)\s*(?:\((.*)\))?\s*(.*)$", item, re.S)
        word, paren, rest = m.group(1), (m.group(2) or "").strip(), m.group(3).strip()
        if word in ("complete", "fragment", "declarations") and not paren and not rest:
            if plan.kind:
                return Plan("unchecked", error=f"marker names two kinds: {block.marker}")
            plan.kind = word
        elif word == "excerpt":
            paths = re.sub(r"^of\s+", "", rest).split()
            if not paths:
                return Plan("unchecked", error="excerpt needs the files it quotes: excerpt of include/...")
            plan.excerpt = paths
        elif word in ("skip", "xfail"):
            if not paren:
                return Plan("unchecked", error=f"'{word}' needs a reason in parentheses: {word} (why)")
            if word == "skip":
                plan.kind, plan.reason = "skip", paren
            else:
                plan.xfail = paren
        elif word == "run" and not paren and not rest:
            plan.kind = "run"
        else:
            return Plan("unchecked", error=f"unknown marker item '{item}'")
    if plan.kind == "skip":
        return plan
    if plan.kind == "run" and not is_shell:
        return Plan("unchecked", error="'run' is for shell blocks")
    if plan.kind in ("complete", "fragment", "declarations") and not is_cpp:
        return Plan("unchecked", error=f"'{plan.kind}' is for cpp blocks, this one is '{lang or 'plain'}'")
    if not plan.kind:
        if plan.excerpt:
            plan.kind = "excerpt"
        elif is_shell:
            return Plan("unchecked", error="shell block without run or skip")
        else:
            plan.kind = "complete"
    return plan


# --- C++ ---------------------------------------------------------------------

def cpp_source(block, kind):
    """The translation unit for a block, with #line so errors point at the doc."""
    lines = block.text.splitlines()
    first = block.line + 1
    if kind == "complete":
        return f'#line {first} "{block.path}"\n' + block.text
    hoisted = [l for l in lines if INCLUDE_LINE.match(l)]
    body = ["" if INCLUDE_LINE.match(l) else l for l in lines]
    out = hoisted + [PRELUDE]
    if kind == "fragment":
        out.append("namespace snippet {\n[[maybe_unused]] void fragment()\n{")
        out.append(f'#line {first} "{block.path}"')
        out += body
        out.append("}\n} // namespace snippet")
    else:  # declarations
        out.append(f'#line {first} "{block.path}"')
        out += body
    return "\n".join(out) + "\n"


def compile_cpp(block, kind, args, workdir):
    src = pathlib.Path(workdir) / (re.sub(r"\W", "_", block.where) + ".cpp")
    src.write_text(cpp_source(block, kind), encoding="utf-8")
    cmd = [args.cxx, f"-std={args.std}", "-fsyntax-only", "-I", str(args.root / "include")] + args.cflag + [str(src)]
    p = subprocess.run(cmd, capture_output=True, text=True)
    return p.returncode == 0, p.stderr


TOKEN = re.compile(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|//[^\n]*|/\*.*?\*/|\w+|\S', re.S)


def tokens(text):
    return [t for t in TOKEN.findall(text) if not t.startswith("//") and not t.startswith("/*")]


def check_excerpt(block, patterns, root):
    """Each statement of the block (its tokens up to a ';', '{' or '}') must
    occur, as a run of tokens, in one of the files."""
    files = []
    for pattern in patterns:
        matched = sorted(glob.glob(str(root / pattern)))
        if not matched:
            return False, f"excerpt: no file matches {pattern}"
        files += matched
    haystacks = [" " + " ".join(tokens(pathlib.Path(f).read_text(encoding="utf-8"))) + " " for f in files]
    missing, statement = [], []
    toks = tokens(block.text)
    for n, t in enumerate(toks):
        statement.append(t)
        if t in (";", "{", "}") or n == len(toks) - 1:
            needle = " " + " ".join(statement) + " "
            if not any(needle in h for h in haystacks):
                missing.append(" ".join(statement))
            statement = []
    if missing:
        return False, "excerpt: not found in " + ", ".join(patterns) + ":\n" + \
            "\n".join(f"  {m}" for m in missing[:10])
    return True, ""


# --- shell -------------------------------------------------------------------

CURL_STUB = r'''
curl() { # the docs' transport: check that the last argument is a signed https URL, print it
  local url="${@: -1}"
  case "$url" in
    https://*\?*Signature=*|https://*\?*) printf 'curl would send: %s\n' "$url" ;;
    *) echo "curl stub: not an https URL with a query: $url" >&2; return 1 ;;
  esac
}
'''


def run_shell(block, args, workdir):
    bindir = pathlib.Path(workdir) / "bin"
    bindir.mkdir(exist_ok=True)
    link = bindir / "ecireq-sign"
    if not link.exists():
        link.symlink_to(pathlib.Path(args.ecireq_sign).resolve())
    script = "set -euo pipefail\n" + CURL_STUB + block.text
    env = dict(os.environ, PATH=f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}")
    p = subprocess.run(["bash", "-c", script], capture_output=True, text=True, cwd=args.root, env=env, timeout=120)
    return p.returncode == 0, (p.stdout + p.stderr)


def check_help(args):
    """README's backquoted `--option`s must be in ecireq-sign --help."""
    readme = (args.root / "README.md").read_text(encoding="utf-8")
    prose = re.sub(r"^ {0,3}(```|~~~).*?^ {0,3}\1", "", readme, flags=re.S | re.M)
    named = sorted(set(re.findall(r"`(--[a-z][a-z-]*)\b", prose)))
    p = subprocess.run([args.ecireq_sign, "--help"], capture_output=True, text=True)
    if p.returncode != 0:
        return False, f"ecireq-sign --help: exit {p.returncode}\n{p.stderr}"
    listed = set(re.findall(r"^\s+(--[a-z][a-z-]*)", p.stdout, re.M))
    missing = [o for o in named if o not in listed]
    if missing:
        return False, "README.md names options that ecireq-sign --help does not list: " + " ".join(missing)
    return True, "README.md's options are in ecireq-sign --help: " + " ".join(named)


# --- driver ------------------------------------------------------------------

def check_block(block, plan, args, workdir):
    """-> (status, detail): status is pass | fail | skip | xfail."""
    ok, detail = True, ""
    if plan.kind == "run":
        if not args.ecireq_sign:
            return "skip", "not run: no --ecireq-sign given"
        ok, detail = run_shell(block, args, workdir)
    else:
        if plan.excerpt:
            ok, detail = check_excerpt(block, plan.excerpt, args.root)
        if ok and plan.kind in ("complete", "fragment", "declarations"):
            ok, detail = compile_cpp(block, plan.kind, args, workdir)
    if plan.xfail:
        return ("xfail", plan.xfail) if not ok else ("fail", f"marked xfail ({plan.xfail}) but passes: remove 'xfail'")
    return ("pass" if ok else "fail"), detail


def first_lines(text, n=25):
    lines = text.strip().splitlines()
    return "\n".join(lines[:n]) + (f"\n    ... ({len(lines) - n} more lines)" if len(lines) > n else "")


def run(args):
    files = args.files or [args.root / "README.md"] + sorted((args.root / "docs").glob("*.md"))
    blocks = []
    for f in files:
        f = pathlib.Path(f)
        display = os.path.relpath(f.resolve(), args.root.resolve())
        blocks += parse_blocks(f, display)
    failures = 0
    jobs = []
    counts = {"pass": 0, "fail": 0, "skip": 0, "xfail": 0, "unchecked": 0}
    with tempfile.TemporaryDirectory(prefix="ecireq-snippets-") as workdir, \
            concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for b in blocks:
            plan = plan_for(b)
            if plan.error:
                jobs.append((b, plan, None))
            elif plan.kind == "unchecked":
                counts["unchecked"] += 1
                if args.list:
                    print(f"{b.where}: {b.lang or 'plain'}: not checked")
            elif plan.kind == "skip":
                jobs.append((b, plan, None))
            else:
                jobs.append((b, plan, pool.submit(check_block, b, plan, args, workdir)))
        for b, plan, future in jobs:
            label = plan.kind + (f" + excerpt" if plan.excerpt and plan.kind != "excerpt" else "")
            if plan.error:
                status, detail = "fail", plan.error
            elif future is None:
                status, detail = "skip", plan.reason
            else:
                status, detail = future.result()
            counts[status] += 1
            if status == "fail":
                failures += 1
                print(f"FAIL  {b.where} ({b.lang}, {label})\n{first_lines(detail)}")
            elif status == "xfail":
                print(f"XFAIL {b.where} ({b.lang}, {label}): {detail}")
            elif status == "skip":
                print(f"skip  {b.where} ({b.lang}): {detail}")
            else:
                print(f"ok    {b.where} ({b.lang}, {label})")
    if args.ecireq_sign:
        ok, detail = check_help(args)
        print(("ok    " if ok else "FAIL  ") + detail)
        counts["pass" if ok else "fail"] += 1
        failures += 0 if ok else 1
    print("compile_snippets: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    return 1 if failures else 0


SELF_TEST_DOC = """# t

```cpp
#include <ecireq/version.hpp>
static_assert(ECIREQ_VERSION_MAJOR >= 0);
```

<!-- snippet: fragment -->
```cpp
#include <ecireq/error.hpp>
auto v3 = request.sign_v3(creds);
if (!v3) return;
send(v3->method, v3->url.buffer(), v3->headers);
```

<!-- snippet: fragment, xfail (calls a setter that does not exist) -->
```cpp
auto r = ecireq::update_image_cache().no_such_setter("x");
```

<!-- snippet: excerpt of include/ecireq/version.hpp -->
```cpp
#define ECIREQ_VERSION_MAJOR 0  // spacing and comments aside
```

<!-- snippet: skip (an example of output) -->
```sh
not a command
```

```text
anything
```
"""


def self_test():
    args = argparse.Namespace(root=ROOT, cxx=os.environ.get("CXX", "g++").split()[-1], std="c++17",
                              cflag=[], ecireq_sign=None, jobs=2, list=False, files=None)
    with tempfile.TemporaryDirectory() as tmp:
        doc = pathlib.Path(tmp) / "t.md"
        doc.write_text(SELF_TEST_DOC, encoding="utf-8")
        blocks = parse_blocks(doc, "t.md")
        kinds = [plan_for(b).kind for b in blocks]
        assert kinds == ["complete", "fragment", "fragment", "excerpt", "skip", "unchecked"], kinds
        assert plan_for(blocks[2]).xfail
        args.files = [doc]
        assert run(args) == 0, "the good blocks must pass and the xfail block must fail"
        # The failing cases, each alone (no fragment: they compile quickly).
        cases = {
            "a block that does not compile": "```cpp\nstatic_assert(no_such);\n```\n",
            "an excerpt that is not in the file":
                "<!-- snippet: excerpt of include/ecireq/version.hpp -->\n```cpp\n#define ECIREQ_VERSION_MAJOR 7\n```\n",
            "an unmarked shell block": "```sh\ntrue\n```\n",
            "an unknown marker": "<!-- snippet: fragmnet -->\n```cpp\nint x;\n```\n",
            "a skip without a reason": "<!-- snippet: skip -->\n```cpp\nint x;\n```\n",
        }
        for what, text in cases.items():
            doc.write_text(text, encoding="utf-8")
            assert run(args) == 1, f"{what} must fail"
    print("compile_snippets self-test: good blocks pass, xfail is honoured; a compile error, a missing "
          "excerpt, an unmarked shell block, an unknown marker and a reasonless skip fail")
    return 0


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=pathlib.Path, default=ROOT)
    parser.add_argument("--cxx", default="g++")
    parser.add_argument("--std", default="c++17")
    parser.add_argument("--cflag", action="append", default=[], help="an extra compiler flag (--cflag=-DX)")
    parser.add_argument("--ecireq-sign", help="the built ecireq-sign, to run the 'run' blocks")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--list", action="store_true", help="also list the blocks that are not checked")
    parser.add_argument("--self-test", action="store_true")
    parser.add_argument("files", nargs="*", type=pathlib.Path)
    args = parser.parse_args(argv[1:])
    if args.self_test:
        return self_test()
    return run(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
