#!/usr/bin/env bash
# ecireq's no-heap signing on a Cortex-M4 under QEMU (mps2-an386), checked
# byte for byte against the host build of the same program
# (examples/cortex-m4/main.cpp). Steps:
#   1. Mbed TLS's source from Debian's archive (apt-get source, through a
#      private apt configuration: the system's sources are not touched),
#      unpacked under build/cortex-m4/; skipped when already there.
#   2. make -C examples/cortex-m4: Mbed TLS for the target, the toolchain check
#      (hmac_smoke.elf), ecireq_sign.elf, and the host program (g++, Debian's
#      Mbed TLS).
#   3. Runs both images under qemu-system-arm with a timeout and the host
#      program; diffs the signed output (every line not starting with "#").
#   4. Prints the stack high-water mark and the image's .text/.data/.bss.
# Exit status non-zero on any failure: a build, a timeout, a mismatch, a
# signature that fails, or a stack above 8 KiB (the program's own check).
#
#   bash tests/cortex_m4/run.sh            soft-float (-mfloat-abi=soft)
#   FLOAT_ABI=hard bash tests/cortex_m4/run.sh   (-mfloat-abi=hard -mfpu=fpv4-sp-d16)
#
# Needs gcc-arm-none-eabi, libstdc++-arm-none-eabi-newlib, qemu-system-arm,
# g++, libboost1.81-dev and libmbedtls-dev (all in .ci/setup).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
build=${ECIREQ_M4_BUILD:-$root/build/cortex-m4}
float_abi=${FLOAT_ABI:-soft}
qemu_timeout=${QEMU_TIMEOUT:-60}
start=$SECONDS

for tool in arm-none-eabi-g++ arm-none-eabi-size qemu-system-arm g++ apt-get python3; do
  command -v "$tool" >/dev/null || { echo "cortex-m4: $tool not found (bash .ci/setup installs it)"; exit 1; }
done
[ -f /usr/include/mbedtls/version.h ] || { echo "cortex-m4: libmbedtls-dev not installed"; exit 1; }
mkdir -p "$build"

# --- 1. Mbed TLS's source, the version the host's libmbedtls-dev was built from
host_version=$(dpkg-query -W -f='${Version}' libmbedtls-dev)
upstream=${host_version#*:}
upstream=${upstream%-*}
src=$build/mbedtls-$upstream
if [ ! -f "$src/include/mbedtls/version.h" ]; then
  echo "cortex-m4: fetching Mbed TLS $host_version's source from Debian"
  apt_dir=$build/apt
  mkdir -p "$apt_dir/lists/partial" "$build/download"
  # deb-src lines for the archives this machine already uses (from apt's own
  # configuration), in a file of ours.
  apt-get indextargets --format '$(REPO_URI) $(RELEASE) $(COMPONENT)' 'Created-By: Packages' |
    sort -u | awk '{print "deb-src " $1 " " $2 " " $3}' >"$apt_dir/sources.list"
  [ -s "$apt_dir/sources.list" ] || { echo "cortex-m4: no apt archive configured"; exit 1; }
  apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
            -o "Dir::State::Lists=$apt_dir/lists" -o APT::Sandbox::User=root)
  apt-get "${apt_opts[@]}" update -qq
  (cd "$build/download" &&
     { apt-get "${apt_opts[@]}" source --download-only -qq "mbedtls=$host_version" ||
       apt-get "${apt_opts[@]}" source --download-only -qq mbedtls; })
  tarball=$(ls "$build/download"/mbedtls_"$upstream".orig.tar.* 2>/dev/null | head -1)
  [ -n "$tarball" ] || { echo "cortex-m4: no mbedtls_$upstream.orig.tar.* downloaded"; ls "$build/download"; exit 1; }
  rm -rf "$src.tmp" && mkdir -p "$src.tmp"
  tar -xf "$tarball" -C "$src.tmp" --strip-components=1
  rm -rf "$src" && mv "$src.tmp" "$src"
fi
grep -q "MBEDTLS_VERSION_STRING *\"$upstream\"" "$src/include/mbedtls/version.h" ||
  { echo "cortex-m4: $src is not Mbed TLS $upstream"; exit 1; }
echo "cortex-m4: Mbed TLS $upstream for the target (Debian source $host_version), host libmbedtls-dev $host_version ($((SECONDS - start)) s)"

# --- 2. Build
make_args=(-C examples/cortex-m4 BUILD="$build" MBEDTLS_SRC="$src" FLOAT_ABI="$float_abi")
t=$SECONDS
nice make -s -j2 "${make_args[@]}" all
target_dir=$build/target-$float_abi
echo "cortex-m4: built ($((SECONDS - t)) s)"

# --- 3. Run
run_qemu() { # run_qemu ELF OUT: the program's semihosting output into OUT, QEMU's own messages on stderr
  rm -f "$2"
  local status=0
  timeout "$qemu_timeout" qemu-system-arm -M mps2-an386 -nographic \
    -chardev "file,id=semihosting,path=$2" -semihosting-config enable=on,target=native,chardev=semihosting \
    -kernel "$1" </dev/null || status=$?
  [ "$status" -eq 124 ] && echo "cortex-m4: $(basename "$1") timed out after $qemu_timeout s under qemu"
  return "$status"
}

t=$SECONDS
run_qemu "$target_dir/hmac_smoke.elf" "$target_dir/hmac_smoke.out" ||
  { echo "cortex-m4: the toolchain check failed:"; cat "$target_dir/hmac_smoke.out" 2>/dev/null; exit 1; }
cat "$target_dir/hmac_smoke.out"

status=0
run_qemu "$target_dir/ecireq_sign.elf" "$target_dir/ecireq_sign.out" || status=$?
"$build/host/ecireq_sign_host" >"$build/host/ecireq_sign.out" || { echo "cortex-m4: the host program failed"; exit 1; }
echo "cortex-m4: ran ($((SECONDS - t)) s)"
echo "--- Cortex-M4 output (mps2-an386, qemu) ---"
cat "$target_dir/ecireq_sign.out" 2>/dev/null || true
echo "---"
if [ "$status" -ne 0 ]; then
  echo "cortex-m4: ecireq_sign.elf exited with status $status"
  exit 1
fi

grep -v '^#' "$build/host/ecireq_sign.out" >"$build/host.signed"
grep -v '^#' "$target_dir/ecireq_sign.out" >"$build/target.signed"
if ! grep -q '^V2 GET https://' "$build/target.signed" || ! grep -q '^authorization: ACS3-HMAC-SHA256 ' "$build/target.signed"; then
  echo "cortex-m4: the target printed no signed URL"
  exit 1
fi
if ! cmp -s "$build/host.signed" "$build/target.signed"; then
  echo "cortex-m4: MISMATCH between the host and the Cortex-M4"
  diff "$build/host.signed" "$build/target.signed" || true
  exit 1
fi
echo "cortex-m4: V2 URL, V3 URL and V3 headers byte-identical to the host build ($(wc -c <"$build/target.signed") bytes)"

# --- 4. Figures
grep '^# stack' "$target_dir/ecireq_sign.out"
echo "cortex-m4: arm-none-eabi-size ($float_abi float; bss includes the 16 KiB stack region):"
arm-none-eabi-size "$target_dir/ecireq_sign.elf"
echo "cortex-m4: by origin, from the link map (merged strings counted before merging):"
python3 tests/cortex_m4/sizes.py "$target_dir/ecireq_sign.elf.map"
echo "cortex-m4: passed ($((SECONDS - start)) s)"
