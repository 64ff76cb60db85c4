#!/usr/bin/env python3
"""Asserts the static TLS a program carries per thread (its PT_TLS segment's
memory size, as readelf shows it) is at most BOUND bytes.

    tls_bound.py BINARY [BOUND=512]

The program is one that signs with ecireq's default backend: the TLS is what
every thread of a process linking ecireq pays, whether it signs or not. With
Mbed TLS it is the per-thread CTR_DRBG state (about 400 bytes); the 38 KiB
entropy collector is not thread-local. OpenSSL's backend has none of its own.
"""
import re
import subprocess
import sys


def main(argv):
    binary = argv[1]
    bound = int(argv[2]) if len(argv) > 2 else 512
    out = subprocess.run(["readelf", "-lW", binary], check=True, capture_output=True, text=True).stdout
    size = 0
    for line in out.splitlines():
        fields = line.split()
        if fields and fields[0] == "TLS":
            size = int(fields[5], 16)  # Type Offset VirtAddr PhysAddr FileSiz MemSiz
    print(f"tls: {binary}: {size} bytes of static TLS per thread (bound {bound})")
    return 0 if size <= bound else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
