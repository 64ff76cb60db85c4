#!/usr/bin/env python3
"""Flash and RAM of a Cortex-M4 image by where the bytes come from, read from
the GNU ld map file (-Wl,-Map). Usage: sizes.py IMAGE.map

text = code and constants (.text, .rodata, exception index, init arrays),
data = initialised variables (in RAM, with a copy in flash), bss = zeroed
variables (thread-local storage included); the stack region is its own row."""
import re
import sys

GROUPS = [
    ("main.o", "ecireq + Boost (header-only: inlined into main.o with main.cpp)"),
    ("libmbedcrypto.a", "Mbed TLS (the objects built for the target)"),
    ("libc_nano.a", "newlib-nano libc"),
    ("libm.a", "newlib-nano libc"),
    ("libstdc++_nano.a", "libstdc++/libsupc++ (nano)"),
    ("libsupc++_nano.a", "libstdc++/libsupc++ (nano)"),
    ("libgcc.a", "libgcc"),
]
BOARD = "board code of the example (start-up, semihosting, stubs, measurement)"


def group_of(path):
    for needle, name in GROUPS:
        if needle in path:
            return name
    return BOARD


def kind_of(out_section):
    if out_section in (".data", ".tdata"):
        return "data"
    if out_section in (".bss", ".tbss"):
        return "bss"
    if out_section == ".stack":
        return "stack"
    if out_section in (".text", ".ARM.extab", ".ARM.exidx", ".preinit_array", ".init_array", ".fini_array"):
        return "text"
    return None  # debug sections, .tbss_space (the room .tbss takes), discarded


def main():
    lines = open(sys.argv[1], encoding="utf-8", errors="replace").read().split("\n")
    start = next(i for i, l in enumerate(lines) if l.startswith("Linker script and memory map"))
    totals = {}
    out_section = None
    pending = None  # an input section name whose address is on the next line
    last_group = BOARD
    num = r"(0x[0-9a-f]+)"
    for line in lines[start + 1:]:
        m = re.match(r"^(\.\S+)\s+" + num + r"\s+" + num, line) or re.match(r"^(\.\S+)\s*$", line)
        if m:  # an output section
            out_section = m.group(1)
            pending = None
            continue
        if line.startswith("/DISCARD/"):
            out_section = None
            continue
        kind = kind_of(out_section)
        m = re.match(r"^ (\S+)\s+" + num + r"\s+" + num + r"\s*(.*)$", line)
        if not m and pending:
            m2 = re.match(r"^\s+" + num + r"\s+" + num + r"\s+(\S.*)$", line)
            if m2:
                m = (pending, m2.group(1), m2.group(2), m2.group(3))
        else:
            m = (m.group(1), m.group(2), m.group(3), m.group(4)) if m else None
        pending = None
        if not m:
            m3 = re.match(r"^ (\.\S+)\s*$", line)
            if m3:
                pending = m3.group(1)
            continue
        name, _addr, size, path = m
        size = int(size, 16)
        if kind is None or size == 0:
            continue
        if kind == "stack":  # the region is one *fill*, reserved by the script
            group = "stack region (linker script)"
        elif name == "*fill*":  # alignment padding: counted with what precedes it
            group = last_group
        else:
            group = group_of(path)
            last_group = group
        row = totals.setdefault(group, {"text": 0, "data": 0, "bss": 0})
        if kind == "stack":
            row["bss"] += size
        else:
            row[kind] += size
    order = [name for _, name in GROUPS] + [BOARD, "stack region (linker script)"]
    seen = []
    for name in order:
        if name in totals and name not in seen:
            seen.append(name)
    width = max(len(n) for n in seen)
    print(f"{'from':<{width}} {'text':>7} {'data':>6} {'bss':>7}")
    sum_t = sum_d = sum_b = 0
    for name in seen:
        r = totals[name]
        sum_t += r["text"]; sum_d += r["data"]; sum_b += r["bss"]
        print(f"{name:<{width}} {r['text']:>7} {r['data']:>6} {r['bss']:>7}")
    print(f"{'total':<{width}} {sum_t:>7} {sum_d:>6} {sum_b:>7}")


if __name__ == "__main__":
    main()
