#!/usr/bin/env python3
"""The Markdown table of docs/embedded.md's "What it costs", from the
results file benchmarks/embedded_cost.sh writes (key<TAB>value lines).

    table.py RESULTS
"""
import sys

COLUMNS = [  # key, heading
    ("O2_OPENSSL", "x86-64 -O2<br>OpenSSL"),
    ("Os_OPENSSL", "x86-64 -Os<br>OpenSSL"),
    ("O2_MBEDTLS", "x86-64 -O2<br>Mbed TLS"),
    ("Os_MBEDTLS", "x86-64 -Os<br>Mbed TLS"),
    ("m4", "Cortex-M4 -Os<br>Mbed TLS"),
]
STACK_BOUND = 8192
TLS_BOUND = 512  # tests/stack/tls_bound.py's, as CI runs it


def n(value):
    return f"{int(value):,}"


def main(path):
    r = {}
    for line in open(path, encoding="utf-8"):
        key, _, value = line.rstrip("\n").partition("\t")
        r[key] = value.strip()

    def get(key):
        return r.get(key, "")

    def sizes(origin, col):
        v = get(f"size_{origin}_{col}").split()
        return [int(x) for x in v[:3]] if len(v) >= 3 else None

    def tdb(origin, col):
        s = sizes(origin, col)
        return "?" if s is None else " / ".join(n(x) for x in s)

    rows = []

    def row(label, how, cell):
        rows.append("| " + label + " | " + " | ".join(cell(c) for c, _ in COLUMNS) + " | " + how + " |")

    row("stack, V2: 17 setters + `sign_to`", "[1]", lambda c: n(get(f"stack_v2_{c}")) + " B")
    row("stack, V3: 17 setters + `sign_v3_to`", "[1]", lambda c: n(get(f"stack_v3_{c}")) + " B")

    def tls(c):
        if c != "m4":
            return n(get(f"tls_{c}") or 0) + " B"
        total = int(get("size_tls_total_m4") or 0)
        variables = int(get("size_tls_vars_m4") or 0)
        return n(total) + " B" + (" (alignment; no variable)" if total and not variables else "")

    row("static TLS per thread", "[2]", tls)
    row("text / data / bss: ecireq + header-only Boost (one TU with the test program)", "[3]", lambda c: tdb("tu", c))
    row("text / data / bss: Boost's compiled libraries", "[3]",
        lambda c: "none" if sizes("boost", c) == [0, 0, 0] else tdb("boost", c))

    def crypto(c):
        name = {"OPENSSL": "libcrypto.a", "MBEDTLS": "libmbedcrypto.a"}.get(c.split("_")[-1], "")
        if c == "m4":
            name = f"{get('m4_mbedtls_objs')} objects built for it"
        return f"{tdb('crypto', c)} ({name})"

    row("text / data / bss: crypto library (what the static link pulls in)", "[3]", crypto)

    def libc(c):
        if c == "m4":
            return tdb("libc", c) + " (newlib-nano, static)"
        static = "" if sizes("libc", c) == [0, 0, 0] else f"; static parts {tdb('libc', c)}"
        return "shared: not counted" + static

    row("text / data / bss: libc, libstdc++, libgcc", "[3]", libc)
    row("text / data / bss: the rest", "[3] [4]", lambda c: tdb("rest", c))
    row("text / data / bss: whole program (`size`)", "[3]", lambda c: tdb("total", c))

    def compile_cell(key):
        def cell(c):
            v = get(f"compile_{key}_{c}")
            if not v:
                return "—"
            if v.startswith("FAIL"):
                return "does not compile (" + v[5:].replace("|", "\\|") + ")"
            wall, cpu, kb = v.split()
            return f"{float(wall):.2f} s (CPU {float(cpu):.2f} s), {int(kb) // 1024} MB"
        return cell

    row("compile, TU with only `#include <ecireq/core.hpp>`", "[5]", compile_cell("core_header"))
    row("compile, TU with only `#include <ecireq.hpp>`", "[5]", compile_cell("full_header"))
    row("compile, `minimal_sign.cpp` on `<ecireq/core.hpp>`", "[5]", compile_cell("core_sign"))
    row("compile, `minimal_sign.cpp` on `<ecireq.hpp>`", "[5]", compile_cell("full_sign"))
    row("compile, `minimal_sign.cpp` on `<ecireq/core.hpp>`, engine compiled once", "[5] [6]",
        compile_cell("core_sign_separate"))
    row("compile, `minimal_sign.cpp` on `<ecireq.hpp>`, engine compiled once", "[5] [6]",
        compile_cell("full_sign_separate"))
    row("compile, the engine's TU (`<ecireq/src.hpp>`), once per program", "[5] [6]", compile_cell("engine"))

    # Against the targets of issue 11, from the figures above.
    def verdict(ok):
        return "met" if ok else "**missed**"

    stacks = [int(get(f"stack_v{v}_{c}")) for v in (2, 3) for c, _ in COLUMNS]
    tlss = [int(get(f"tls_{c}") or 0) for c, _ in COLUMNS if c != "m4"] + [int(get("size_tls_total_m4") or 0)]

    def timed(key):
        out = []
        for c in ("O2_OPENSSL", "O2_MBEDTLS"):
            v = get(f"compile_{key}_{c}").split()
            if len(v) == 3 and v[0] != "FAIL":
                out.append((float(v[0]), int(v[2]) // 1024))
        return out

    targets = [
        f"stack ≤ 8 KiB: {verdict(max(stacks) <= STACK_BOUND)} (at most {n(max(stacks))} B)",
        f"TLS ≤ {TLS_BOUND} B: {verdict(max(tlss) <= TLS_BOUND)} (at most {n(max(tlss))} B)",
    ]
    for key, what, seconds, mb in (("core_header", "the core header alone", 2, 300),
                                   ("core_sign", "`minimal_sign.cpp` on the core", 2, 300),
                                   ("full_header", "`<ecireq.hpp>` alone", 3, None),
                                   ("full_sign", "`minimal_sign.cpp` on `<ecireq.hpp>`", 3, None),
                                   ("core_sign_separate", "`minimal_sign.cpp` on the core, engine compiled once",
                                    2, 300),
                                   ("full_sign_separate", "`minimal_sign.cpp` on `<ecireq.hpp>`, engine compiled once",
                                    3, None)):
        t = timed(key)
        if not t:
            continue
        ok = all(w <= seconds and (mb is None or m <= mb) for w, m in t)
        limit = f"{seconds} s" + (f" and {mb} MB" if mb else "")
        worst = f"{max(w for w, _ in t):.2f} s" + (f", {max(m for _, m in t)} MB" if mb else "")
        targets.append(f"{what} at -O2 ≤ {limit}: {verdict(ok)} (at most {worst})")

    dirty = int(get("dirty") or 0)
    where = f"commit {get('commit')}" + (f" with {dirty} uncommitted files under include/, tests/, examples/cortex-m4/ or benchmarks/" if dirty else "")
    hwm = get("stack_hwm_m4")
    waited = (f", of which {get('waited')} s waiting for the load average to fall below {get('quiet_load')}"
              if get("waited") else "")
    out = [
        "| | " + " | ".join(h for _, h in COLUMNS) + " | how |",
        "|---|" + "---:|" * len(COLUMNS) + "---|",
        *rows,
        "",
        "Against issue 11's targets: " + "; ".join(targets) + ".",
        "",
        "text / data / bss in bytes, as `size` counts them: text is code, constants and unwind tables (flash); "
        "data is initialised variables (flash, copied to RAM); bss is zeroed RAM.",
        "",
        "1. x86-64: `g++ -std=c++17 -O2 -ffunction-sections -fdata-sections -Iinclude -c "
        "benchmarks/embedded/stack_core.cpp -o tu.o && g++ tu.o -Wl,--gc-sections -Wl,-Map=prog.map "
        f"{get('libdir')}/libcrypto.a -ldl -pthread -o prog && ./prog` "
        "(`-Os`; for Mbed TLS `-DECIREQ_CRYPTO_MBEDTLS` and `libmbedcrypto.a` instead of `libcrypto.a -ldl`). "
        "`stack_core.cpp` is `tests/stack/stack_bound.cpp` on `<ecireq/core.hpp>` alone: it runs the request "
        "on a painted thread stack and prints the bytes touched beyond an empty thread's. "
        "Cortex-M4: `bash tests/cortex_m4/run.sh`, its lines `# stack, V2 …` and `# stack, V3 …` (each chain and "
        "signature alone, the stack repainted before it; the high-water mark since reset, start-up and both "
        f"signatures included, was {n(hwm) if hwm else '?'} B).",
        "2. x86-64: `readelf -lW prog`, the TLS segment's MemSiz (0: no TLS segment). "
        "Cortex-M4: `readelf -SW ecireq_sign.elf`, the sizes of `.tdata` and `.tbss`.",
        "3. `python3 benchmarks/embedded/map_sizes.py prog prog.map readelf tu.o`, which splits the sections of "
        "the linked program by the input file each byte comes from, as the link map lists them. "
        "Cortex-M4: the same on run.sh's `ecireq_sign.elf`, its map and `main.o`, with `arm-none-eabi-readelf`. "
        "ecireq is header-only, and the header-only Boost it uses (Hana, System's `result`, Container's "
        "`static_vector` and what they include) is inlined into the same object as ecireq and the test program around it "
        "(x86-64: `stack_bound.cpp`'s threads and printing; Cortex-M4: `main.cpp`): they cannot be separated.",
        "4. x86-64: start-up objects (`crt*.o`) and what the linker makes for a position-independent executable "
        "(PLT, GOT, dynamic symbols, relocations, `.eh_frame_hdr`); with OpenSSL it is mostly `.rela.dyn` "
        f"({n(get('reladyn_O2_OPENSSL') or 0)} B at -O2), the load-time relocations of libcrypto's tables of "
        "pointers. Cortex-M4: the example's board code "
        f"(start-up, semihosting, stubs) and its {n(get('stack_region_m4') or 0)} B stack region (bss). "
        "Also alignment padding and the bytes string merging saves.",
        "5. `/usr/bin/time -f '%e s %U+%S s %M KB' g++ -std=c++17 -O2 -Iinclude -c TU.cpp -o TU.o` "
        "(`-DECIREQ_CRYPTO_MBEDTLS` for Mbed TLS), the minimum of 3 runs of each figure, at normal priority; "
        "TU.cpp is a file with that one `#include`, or `benchmarks/embedded/minimal_sign.cpp` (one request of 7 "
        "setters on `update_image_cache_static()`, signed into a buffer; `-DECIREQ_BENCH_CORE` includes the "
        "core). Cortex-M4: `arm-none-eabi-g++` with `examples/cortex-m4/Makefile`'s flags "
        "(`-mcpu=cortex-m4 -mthumb -Os -fno-exceptions -fno-rtti` …). -Os on x86-64: not timed.",
        "6. The same with `-DECIREQ_SEPARATE_COMPILATION` (docs/api.md, \"Compiling the engine once\"): the "
        "signing TU only calls the engine, which one TU of the program compiles (`#include <ecireq/src.hpp>`; "
        "CMake's `ecireq::compiled`). The header-only rows above are the default.",
        "",
        f"Measured {get('date')} by `{get('command')}` ({get('seconds')} s{waited}) at {where}; "
        f"{get('cpu')}; load average (1, 5, 15 min) {get('load_before')} before the compile timings, "
        f"{get('load_after')} after. {get('gxx')}; {get('armgxx')}; OpenSSL {get('openssl')} and "
        f"Mbed TLS {get('mbedtls')} (Debian's static archives; the Cortex-M4's Mbed TLS from the same source); "
        f"Boost {get('boost').replace('_', '.')}.",
    ]
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
