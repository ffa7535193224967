# shellcheck shell=bash
# Usage: [CENSPEC_ARCH=ARCH] [CENSPEC_KERNEL=KERNEL] source prove/scripts/kernel-env.sh
#        (then, to switch: censpec_kernel_env ARCH KERNEL)
#
# Sourced (not executed) by the other scripts, whose --arch and --kernel options
# set CENSPEC_ARCH and CENSPEC_KERNEL. A kernel is chosen explicitly, never as
# "the highest installed": CENSPEC_ARCH (default x86_64), CENSPEC_KERNEL
# (default 6.1).
#   ARCH    x86_64 | arm64
#   KERNEL  6.1 | 6.12 | 7.2  Debian's kernel of that series for ARCH, fetched by
#                           fetch-kernel.sh into $CENSPEC_CACHE/kernels/ (x86_64
#                           6.1 may also be the host's installed linux-image-amd64;
#                           7.2 comes from Debian's sid and is built in sid's
#                           toolchain root, see censpec_make)
#           debug           the x86-64 debug kernel of build-debug-kernel.sh
#           PATH            a folder with a kernel.env (as fetch-kernel.sh writes)
# (CENSPEC_KVER=<release>, the older interface, names an installed x86-64 kernel
# /lib/modules/<release>/build + /boot/vmlinuz-<release>.)
# Exports:
#   CENSPEC_CACHE  cache root (${XDG_CACHE_HOME:-$HOME/.cache}/censpec)
#   KARCH KVER     architecture and kernel release
#   KFLAVOUR       6.1, 6.12, 7.2, debug or path
#   KDIR           kbuild tree for out-of-tree modules
#   VMLINUZ        the boot image as packaged;  VMLINUX  what qemu boots (the
#                  unpacked ELF when install-deps.sh made it, else VMLINUZ)
#   KMODULES       /lib/modules/<release> of that kernel (guest-side modules)
#   KMAKE_ARGS     extra make words (ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-)
#   CENSPEC_TARGET_CC  C compiler for static guest programs
#   QEMU_SYSTEM    qemu-system-x86_64 | qemu-system-aarch64
#   CHECKPATCH     $CENSPEC_CACHE/checkpatch/checkpatch.pl
#   CENSPEC_SCRIPTS  directory of these scripts
#   KTOOLROOT      "" or the toolchain root make must run in (fetch-toolchain.sh)
#   KFOLDER        the kernel's cache folder (with kernel.env), "" for the host's
# Defines censpec_make ARGS...: make ARGS, chrooted into KTOOLROOT when set.
# Leaves the caller's shell options alone; returns 1 (prints why and what to
# run) if the kernel is not there.

CENSPEC_SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export CENSPEC_SCRIPTS
export CENSPEC_CACHE="${CENSPEC_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/censpec}"

censpec_kernel_env() {
    local arch="${1:-${CENSPEC_ARCH:-x86_64}}" kernel="${2:-${CENSPEC_KERNEL:-6.1}}" dir="" kver
    case "$arch" in
        x86_64)
            export KMAKE_ARGS="" CENSPEC_TARGET_CC="${CC:-gcc}" QEMU_SYSTEM=qemu-system-x86_64 ;;
        arm64|aarch64)
            arch=arm64
            export KMAKE_ARGS="ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-"
            export CENSPEC_TARGET_CC=aarch64-linux-gnu-gcc QEMU_SYSTEM=qemu-system-aarch64 ;;
        *) echo "censpec: unknown architecture '$arch' (x86_64 or arm64)" >&2; return 1 ;;
    esac
    export KARCH="$arch"
    if [ -n "${CENSPEC_KVER:-}" ] && [ -z "${2:-}" ] && [ -z "${CENSPEC_KERNEL:-}" ]; then
        censpec_host_kernel "$CENSPEC_KVER" || return 1
        export KFLAVOUR=path
    else
        case "$kernel" in
            6.1|6.12|7.2)
                if ! dir="$("$CENSPEC_SCRIPTS/fetch-kernel.sh" "$arch" "$kernel" --check 2>/dev/null)"; then
                    dir=""
                    if [ "$arch/$kernel" = x86_64/6.1 ]; then
                        # The host's own Debian kernel, named by its meta-package.
                        kver="$(dpkg-query -W -f='${Depends}' linux-image-amd64 2>/dev/null | sed -n 's/^linux-image-\([^ ,]*\).*/\1/p')"
                        if [ -n "$kver" ] && censpec_host_kernel "$kver" 2>/dev/null; then
                            export KFLAVOUR=6.1
                            censpec_common_env
                            return 0
                        fi
                    fi
                    echo "censpec: kernel $arch $kernel not fetched; run prove/scripts/install-deps.sh (or fetch-kernel.sh $arch $kernel)" >&2
                    return 1
                fi ;;
            debug)
                [ "$arch" = x86_64 ] || { echo "censpec: the debug kernel is x86_64 only" >&2; return 1; }
                if ! dir="$("$CENSPEC_SCRIPTS/build-debug-kernel.sh" --check --print-dir 2>/dev/null)"; then
                    echo "censpec: the debug kernel is not built; run prove/scripts/build-debug-kernel.sh (about 15 min on 2 cores)" >&2
                    return 1
                fi ;;
            /*|./*|../*)
                dir="$kernel" ;;
            *) echo "censpec: unknown kernel '$kernel' (6.1, 6.12, 7.2, debug or a folder with a kernel.env)" >&2; return 1 ;;
        esac
        [ -f "$dir/kernel.env" ] || { echo "censpec: '$dir' has no kernel.env" >&2; return 1; }
        KTOOLROOT=""
        # shellcheck disable=SC1091
        . "$dir/kernel.env"
        export KTOOLROOT KFOLDER="$dir"
        if [ -n "$KTOOLROOT" ] && [ ! -f "$KTOOLROOT/.censpec-toolchain" ]; then
            echo "censpec: toolchain root $KTOOLROOT of kernel $KVER missing; run prove/scripts/install-deps.sh" >&2
            return 1
        fi
        [ "$KARCH" = "$arch" ] || { echo "censpec: kernel '$dir' is for $KARCH, not $arch" >&2; return 1; }
        export KVER KDIR KMODULES
        export VMLINUZ="$KIMAGE"
        if [ -s "$dir/vmlinux" ]; then export VMLINUX="$dir/vmlinux"; else export VMLINUX="$KIMAGE"; fi
        case "$kernel" in 6.1|6.12|7.2|debug) export KFLAVOUR="$kernel" ;; *) export KFLAVOUR=path ;; esac
    fi
    censpec_common_env
}

# censpec_host_kernel RELEASE: an x86-64 kernel installed on the host.
censpec_host_kernel() {
    [ -d "/lib/modules/$1/build" ] && [ -f "/boot/vmlinuz-$1" ] ||
        { echo "censpec: no /lib/modules/$1/build or /boot/vmlinuz-$1" >&2; return 1; }
    export KARCH=x86_64 KVER="$1" KDIR="/lib/modules/$1/build" VMLINUZ="/boot/vmlinuz-$1" KMODULES="/lib/modules/$1"
    export KTOOLROOT="" KFOLDER=""
    if [ -s "$CENSPEC_CACHE/vmlinux-$1" ]; then
        export VMLINUX="$CENSPEC_CACHE/vmlinux-$1"
    else
        export VMLINUX="$VMLINUZ"
    fi
}

# censpec_make ARGS...: make ARGS for the chosen kernel. With KTOOLROOT, make
# runs chrooted into that root in a mount namespace of its own, with the
# kernel's folder, the M= folder, /proc and /dev bound at their own paths (so
# the headers' absolute paths hold inside); without, on this machine.
censpec_make() {
    if [ -z "${KTOOLROOT:-}" ]; then
        make "$@"
        return
    fi
    local a m="" root="$KTOOLROOT" ns=(unshare --mount --propagation private)
    for a in "$@"; do case "$a" in M=*) m="${a#M=}" ;; esac; done
    [ "$(id -u)" = 0 ] || ns+=(--map-root-user)
    # shellcheck disable=SC2016  # expanded by the inner shell
    "${ns[@]}" bash -c '
        set -e
        root="$1" kf="$2" m="$3"
        shift 3
        for d in "$kf" "$m"; do
            [ -n "$d" ] || continue
            mkdir -p "$root$d"
            mount --bind "$d" "$root$d"
        done
        mount --rbind /proc "$root/proc"
        mount --rbind /dev "$root/dev"
        exec chroot "$root" /usr/bin/env PATH=/usr/sbin:/usr/bin:/sbin:/bin make "$@"
    ' censpec-make "$root" "$KFOLDER" "$m" "$@"
}

censpec_common_env() {
    export CHECKPATCH="$CENSPEC_CACHE/checkpatch/checkpatch.pl"
}

censpec_kernel_env
