#!/usr/bin/env python3
"""A linked program's .text/.data/.bss split by where the bytes come from,
read from its GNU ld map file (-Wl,-Map) and its section headers.

    map_sizes.py PROGRAM MAP READELF TU_OBJECT

Prints one line per origin, "origin text data bss tls", for the origins
  tu      the translation unit TU_OBJECT (ecireq, the header-only Boost it
          inlines, and the program's own code: one object, not separable)
  boost   Boost's compiled libraries (libboost_*)
  crypto  the crypto library's archive (libcrypto.a, libmbedcrypto.a): only
          the archive members the link pulled in
  libc    static C/C++ runtime archives (libc, libc_nano, libm, libstdc++,
          libsupc++, libgcc, libc_nonshared, libpthread)
  rest    everything else: start-up objects (crt*.o, the board code), the
          tables the linker makes (PLT, GOT, dynamic symbols, relocations),
          reserved regions (a stack), alignment padding and the difference
          merging makes (merged strings are listed before merging)
  total   the whole program, as `size` counts it (Berkeley format)
and then "tls_total N": the static TLS block (the sections flagged T), and
"tls_vars N": the thread-local variables in it (its input sections, without
alignment padding).

text = allocated and not writable (code, constants, unwind tables),
data = allocated, writable, with contents (kept in flash, copied to RAM),
bss = allocated without contents (zeroed RAM). Thread-local sections count
in data/bss as `size` counts them, and also in the tls column.
"""
import re
import subprocess
import sys

ORIGINS = [
    ("boost", re.compile(r"libboost_[^/]*\.a")),
    ("crypto", re.compile(r"lib(crypto|mbedcrypto|mbedtls|mbedx509)\.a")),
    ("libc", re.compile(r"lib(c|c_nano|g_nano|m|stdc\+\+|stdc\+\+_nano|supc\+\+|supc\+\+_nano|gcc|c_nonshared|pthread)\.a")),
]


def sections(program, readelf):
    """{name: (kind, tls, size)} for the allocated sections of PROGRAM."""
    out = subprocess.run([readelf, "-SW", program], check=True, capture_output=True, text=True).stdout
    result = {}
    for line in out.splitlines():
        m = re.match(r"^\s*\[\s*\d+\]\s+(\S+)\s+(\S+)\s+[0-9a-f]+\s+[0-9a-f]+\s+([0-9a-f]+)\s+[0-9a-f]+\s+([A-Za-z]*)\s", line)
        if not m:
            continue
        name, type_, size, flags = m.group(1), m.group(2), int(m.group(3), 16), m.group(4)
        if "A" not in flags:
            continue
        kind = "bss" if type_ == "NOBITS" else ("data" if "W" in flags else "text")
        result[name] = (kind, "T" in flags, size)
    return result


def main(argv):
    program, map_file, readelf, tu = argv[1:5]
    secs = sections(program, readelf)
    totals = {o: {"text": 0, "data": 0, "bss": 0, "tls": 0} for o in ("tu", "boost", "crypto", "libc", "rest")}
    listed = {}  # output section -> bytes attributed from its input lines
    lines = open(map_file, encoding="utf-8", errors="replace").read().split("\n")
    start = next(i for i, l in enumerate(lines) if l.startswith("Linker script and memory map"))
    out_sec = None
    pending = None  # an input section whose address and size are on the next line
    last = "rest"
    tls_vars = 0  # thread-local variables, without alignment padding
    num = r"0x[0-9a-f]+"
    for line in lines[start + 1:]:
        if line.startswith("/DISCARD/"):
            out_sec, pending = None, None
            continue
        m = re.match(r"^(\.\S+|\S+)(\s+" + num + r"\s+" + num + r".*)?$", line)
        if m and not line.startswith(" "):  # an output section (or a LOAD/OUTPUT line)
            out_sec = m.group(1) if m.group(1) in secs else None
            pending = None
            last = "rest"  # padding before the first input: the linker's
            continue
        if out_sec is None:
            continue
        m = re.match(r"^ (\S+)\s+(" + num + r")\s+(" + num + r")\s*(.*)$", line)
        if m:
            name, size, path = m.group(1), int(m.group(3), 16), m.group(4)
        elif pending:
            m = re.match(r"^\s+(" + num + r")\s+(" + num + r")\s*(.*)$", line)
            name, size, path = (pending, int(m.group(2), 16), m.group(3)) if m else (None, 0, "")
        else:
            name, size, path = None, 0, ""
        pending = None
        if name is None:
            m = re.match(r"^ (\S+)\s*$", line)
            if m and not m.group(1).startswith("*("):
                pending = m.group(1)
            continue
        if size == 0 or name.startswith("*(") or "(size before relaxing)" in path:
            continue
        if name == "*fill*":
            origin = last  # alignment padding: counted with what precedes it
        elif path.strip() == tu:
            origin = "tu"
        else:
            origin = next((o for o, rx in ORIGINS if rx.search(path)), "rest")
        last = origin
        kind, tls, _ = secs[out_sec]
        totals[origin][kind] += size
        if tls:
            totals[origin]["tls"] += size
            if name != "*fill*":
                tls_vars += size
        listed[out_sec] = listed.get(out_sec, 0) + size
    # What the input lines do not account for (reserved regions, padding the
    # map does not list, merged strings): the rest.
    total = {"text": 0, "data": 0, "bss": 0, "tls": 0}
    for name, (kind, tls, size) in secs.items():
        total[kind] += size
        if tls:
            total["tls"] += size
        diff = size - listed.get(name, 0)
        totals["rest"][kind] += diff
        if tls:
            totals["rest"]["tls"] += diff
    for origin, row in list(totals.items()) + [("total", total)]:
        print(origin, row["text"], row["data"], row["bss"], row["tls"])
    print("tls_total", total["tls"])
    print("tls_vars", tls_vars)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
