#!/usr/bin/env python3
"""Checks docs/api.md's parameter tables against the actions' declarations.

    check_param_tables.py PARAM_TABLES_BINARY DOC [--write]

PARAM_TABLES_BINARY (tests/docs/param_tables.cpp) prints one table per action
between "<!-- BEGIN parameters Action -->" and "<!-- END parameters Action -->"
markers. Each such block in DOC must be byte-identical to the generated one,
and every generated block must appear in DOC. --write replaces the blocks in
DOC instead (run it after changing a declaration, then review the diff).
"""
import re
import subprocess
import sys

BLOCK = re.compile(r"<!-- BEGIN parameters (\w+) -->\n.*?<!-- END parameters \1 -->\n", re.S)


def blocks(text):
    return {m.group(1): m.group(0) for m in BLOCK.finditer(text)}


def main(argv):
    generator, doc = argv[1], argv[2]
    write = "--write" in argv[3:]
    generated = blocks(subprocess.run([generator], check=True, capture_output=True, text=True).stdout)
    with open(doc, encoding="utf-8") as f:
        text = f.read()
    present = blocks(text)
    if write:
        text = BLOCK.sub(lambda m: generated.get(m.group(1), m.group(0)), text)
        with open(doc, "w", encoding="utf-8") as f:
            f.write(text)
        print(f"check_param_tables: rewrote {len(present)} table(s) in {doc}")
        return 0
    problems = []
    for action, block in generated.items():
        if action not in present:
            problems.append(f"{doc}: no parameter table for {action}")
        elif present[action] != block:
            problems.append(f"{doc}: the {action} table differs from the declarations "
                            f"(regenerate: {argv[0]} {generator} {doc} --write)")
    for action in present.keys() - generated.keys():
        problems.append(f"{doc}: a table for {action}, which is not an action")
    for p in problems:
        print(p)
    print(f"check_param_tables: {len(generated)} action(s), {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
