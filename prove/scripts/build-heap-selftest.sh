#!/usr/bin/env bash
# Usage: prove/scripts/build-heap-selftest.sh [--arch x86_64|arm64] SERIES OUT
#
# Builds the kernel's own dma-buf heap selftest,
# tools/testing/selftests/dmabuf-heaps/dmabuf-heap.c of Debian's
# linux-source-SERIES (6.1, 6.12 or 7.2), into the static program OUT for the
# guest (upstream's flags: -static -O3 -Wall; its uapi headers linux/dma-heap.h,
# linux/dma-buf.h, drm/drm.h and drm/drm_mode.h, linux/bits.h where it has one,
# from the same source). The
# versions whose main() stops at the first failure (6.1) are compiled inside
# prove/abi-test/dmabuf_heap_selftest_go_on.c, which runs every check on every
# heap; the kselftest versions (6.12, 7.2) go on by themselves and are built
# unchanged. The source files come from /usr/src/linux-source-SERIES.tar.xz
# when installed, else from Debian's linux-source-SERIES package (apt-get
# download; 7.2 from sid, sid-apt.sh), and are cached in
#   $CENSPEC_CACHE/selftests/dmabuf-heaps-SERIES/  (src/, VERSION, built programs)
# Prints OUT. Exit 2 when a tool or package is missing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
die() { echo "build-heap-selftest: $*" >&2; exit 2; }
usage() { die "usage: build-heap-selftest.sh [--arch x86_64|arm64] 6.1|6.12|7.2 OUT"; }
arch="${CENSPEC_ARCH:-x86_64}"
if [ "${1:-}" = --arch ]; then arch="${2:-}"; shift 2 || usage; fi
[ $# -eq 2 ] || usage
series="$1" out="$2"
case "$series" in 6.1|6.12|7.2) ;; *) die "unknown kernel series '$series' (6.1, 6.12 or 7.2)" ;; esac
case "$arch" in
    x86_64) cc=gcc ;;
    arm64|aarch64) cc=aarch64-linux-gnu-gcc arch=arm64 ;;
    *) die "unknown architecture '$arch'" ;;
esac
command -v "$cc" >/dev/null || die "$cc missing; run install-deps.sh"
cache="${CENSPEC_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/censpec}"
dir="$cache/selftests/dmabuf-heaps-$series"
members=(tools/testing/selftests/dmabuf-heaps/dmabuf-heap.c tools/testing/selftests/kselftest.h
         'include/uapi/linux/*.h' include/uapi/drm/drm.h include/uapi/drm/drm_mode.h)

# fetch_sources: the few files of linux-source-SERIES the test needs, into $dir/src.
fetch_sources() {
    local tmp tarball top version apt_opts=()
    tmp="$(mktemp -d "${TMPDIR:-/tmp}/censpec-selftest.XXXXXX")"
    chmod 0755 "$tmp"
    tarball="/usr/src/linux-source-$series.tar.xz"
    if [ -f "$tarball" ]; then
        version="$(dpkg-query -W -f='${Version}' "linux-source-$series" 2>/dev/null || echo installed)"
    else
        [ "$series" != 7.2 ] || mapfile -t apt_opts < <("$here/sid-apt.sh" --options)
        (cd "$tmp" && flock /tmp/censpec-apt.lock apt-get "${apt_opts[@]}" download -q "linux-source-$series" >download.log 2>&1) ||
            { cat "$tmp/download.log" >&2; rm -rf "$tmp"; die "apt-get download linux-source-$series failed"; }
        version="$(dpkg-deb -f "$tmp"/linux-source-"${series}"_*.deb Version)"
        dpkg-deb --fsys-tarfile "$tmp"/linux-source-"${series}"_*.deb | tar -xO "./usr/src/linux-source-$series.tar.xz" >"$tmp/src.tar.xz"
        tarball="$tmp/src.tar.xz"
    fi
    top="linux-source-$series"
    local paths=()
    for m in "${members[@]}"; do paths+=("$top/$m"); done
    mkdir -p "$tmp/x"
    tar -xJf "$tarball" -C "$tmp/x" --wildcards --no-wildcards-match-slash "${paths[@]}" || { rm -rf "$tmp"; die "$tarball lacks ${members[*]}"; }
    rm -rf "$dir"
    mkdir -p "$dir"
    mv "$tmp/x/$top" "$dir/src"
    printf '%s\n' "$version" >"$dir/VERSION"
    rm -rf "$tmp"
    echo "build-heap-selftest: linux-source-$series $version: the test and its uapi headers into $dir/src" >&2
}
# One build at a time per cache (censpec prove runs may run side by side: mutation-suite --jobs).
mkdir -p "$cache/selftests"
exec 9>"$cache/selftests/.lock"
flock 9
[ -f "$dir/VERSION" ] || fetch_sources

src="$dir/src"
st="$src/tools/testing/selftests/dmabuf-heaps/dmabuf-heap.c"
bin="$dir/dmabuf-heap.$arch"
if [ ! -x "$bin" ] || [ "$bin" -ot "$st" ] || [ "$bin" -ot "$here/../abi-test/dmabuf_heap_selftest_go_on.c" ]; then
    # The uapi headers as headers_install would give them (__user is the only kernel word they use).
    inc="$dir/include-$arch"
    rm -rf "$inc"
    mkdir -p "$inc/linux" "$inc/drm"
    cp "$src/include/uapi/linux/dma-heap.h" "$src/include/uapi/linux/dma-buf.h" "$inc/linux/"
    # (drm_mode.h of newer sources includes the uapi linux/bits.h, which Debian 12's libc headers lack)
    [ ! -f "$src/include/uapi/linux/bits.h" ] || cp "$src/include/uapi/linux/bits.h" "$inc/linux/"
    cp "$src/include/uapi/drm/drm.h" "$src/include/uapi/drm/drm_mode.h" "$inc/drm/"
    flags=(-static -O3 -Wl,-no-as-needed -Wall -D__user= -I"$inc" -I"$src/tools/testing/selftests"
           -I"$src/tools/testing/selftests/dmabuf-heaps")
    if grep -q 'ksft_set_plan' "$st"; then
        main="$st"
    else
        main="$here/../abi-test/dmabuf_heap_selftest_go_on.c"
    fi
    "$cc" "${flags[@]}" -o "$bin.tmp" "$main" 2>"$dir/build-$arch.log" ||
        { cat "$dir/build-$arch.log" >&2; die "compiling $st for $arch failed"; }
    mv "$bin.tmp" "$bin"
fi
mkdir -p "$(dirname "$out")"
cp "$bin" "$out"
echo "build-heap-selftest: $out (linux-source-$series $(cat "$dir/VERSION"), $arch)" >&2
printf '%s\n' "$out"
