#!/usr/bin/env bash
# Usage: prove/scripts/boot-guest.sh --out DIR --module KO [--replay FILE...]
#            [--module KO [--replay FILE...]...] [--abi-test BIN] [--mem SIZE]
#            [--timeout SECS] [--abi-opts "OPTS"] [--no-abi] [--reload] [--kmsg]
#            [--kernel IMAGE] [--append "WORDS"] [--arch x86_64|arm64]
#            [--kernel-set 6.1|6.12|debug|PATH] [--smp N] [--run PROG]...
#            [--dts-extra FILE] [--cma SIZE] [--pool SIZE] [--machine virt|raspi3b]
#            [--jdk JAVA_HOME --classpath CP --main CLASS [--java-opts "OPTS"]
#             [--java-args "ARGS"]] [--no-java]
#
# Boots the module(s) in a throwaway qemu guest (TCG) and runs, for each
# module in order: insmod, its replay files (each --replay belongs to the
# --module before it), its --run programs, the heap ABI test on the heaps it
# creates, rmmod.
#   --arch ARCH      x86_64 (qemu-system-x86_64) or arm64 (qemu-system-aarch64
#                    -M virt -cpu cortex-a57, with qemu's own devicetree dumped
#                    and extended by guest/arm64-extra.dtsi or --dts-extra)
#   --kernel-set K   which kernel (kernel-env.sh: 6.1, 6.12, 7.2, debug or a folder);
#                    default CENSPEC_KERNEL, else 6.1
#   --smp N          vCPUs (default 1)
#   --run PROG       (after a --module) a static executable of the guest's
#                    architecture run with the module loaded, as
#                    PROG <module> <ctl|-> <heap>...; exit 0 passes
#   --preload KO     a module loaded before the tested ones and removed after
#                    them (e.g. the devicetree test importer), repeatable
#   --cma SIZE       arm64: the reusable shared-dma-pool default CMA region
#                    in MiB (default 128)
#   --pool SIZE      arm64: the named reusable shared-dma-pool censpec-pool,
#                    for a spec's region "censpec-pool", in MiB (default 32)
#   --board-dts FILE arm64: a devicetree fragment for the user's board (censpec
#                    prove --dtb writes it: the board's reserved-memory pools and
#                    stand-in importer nodes), appended after the machine's
#                    extension (--dts-extra or the default), whose pools and
#                    importers it may delete
#   --machine M      arm64: virt (default; RAM from 1 GiB, --mem as asked) or
#                    raspi3b (RAM from physical 0, 1 GiB, 4 CPUs of which --smp
#                    are brought up; Debian's bcm2837-rpi-3-b.dtb extended by
#                    guest/raspi3b-extra.dtsi or --dts-extra: the Raspberry Pi's
#                    /soc bus with its dma-ranges window at bus 0xc0000000)
# The guest fails on a failed step, leftover device nodes, or BUG:/WARNING:/
# Oops/Call Trace in dmesg.
#   --out DIR        results: serial.log (full console), results.txt (the
#                    @@CENSPEC lines), dmesg.txt, timing.txt, qemu.stderr
#   --abi-test BIN   static heap_abi_test (default: built into DIR by
#                    build-abi-test.sh)
#   --mem SIZE       guest RAM, qemu syntax (default 512M; 5G puts pages above 4 GiB)
#   --timeout SECS   wall-clock limit for qemu (default 180)
#   --abi-opts OPTS  extra heap_abi_test options, e.g. "--max-contig 4194304"
#   --no-abi         skip the ABI test;  --reload  insmod+rmmod once more
#   --skip-abi       (after a --module) skip the ABI test for that module only
#   --kmsg           keep kernel messages on the console (debug hangs)
#   --kernel IMAGE   default $VMLINUX (the ELF from install-deps.sh, else vmlinuz)
#   --jdk JAVA_HOME, --classpath CP, --main CLASS
#                    run a Java program in the guest for each module (after its
#                    replays, before the ABI test): the host root is shared
#                    read-only over 9p and the program runs chrooted into it as
#                    JAVA_HOME/bin/java OPTS -cp CP CLASS <module> <ctl|-> <heap>...
#                    [ARGS] (host paths; CP is made absolute; entries under /tmp
#                    are copied into the guest's /tmp). Default --mem 1024M.
#   --java-opts OPTS default "-Xint -XX:+UseSerialGC -XX:-UsePerfData"
#   --java-args ARGS extra words after the module's heaps
#   --java-timeout S the guest kills one Java run after S s (default 300)
#   --no-java        (after a --module) no Java run for that module only
#   --qemu-device D  one more qemu -device D (e.g. edu,dma_mask=0xffffffffffffffff,
#                    the DMA engine of the data-visible proof), repeatable
#   --icount         qemu counts instructions for its clock and skips the time the
#                    guest idles (-icount shift=0,sleep=off): a guest that mostly
#                    waits for device timers (the edu DMA engine) runs in less wall time
#   --iommu-passthrough
#                    an IOMMU in front of the PCI devices (x86_64: q35 with
#                    intel-iommu, intel_iommu=on iommu=pt; arm64 virt: SMMUv3,
#                    iommu.passthrough=1), every device in an identity domain
#   --iommu-translate BDF
#                    (with --iommu-passthrough) the PCI device BDF (e.g.
#                    0000:00:10.0, placed there with --qemu-device ...,addr=0x10)
#                    in a translating (DMA) domain instead: after the --preload
#                    modules, the guest unbinds its driver, writes "DMA" to its
#                    IOMMU group's type, binds it again, and fails unless the
#                    type reads DMA or DMA-FQ and the driver is bound; repeatable
#   --file FILE      FILE is copied into the guest as /censpec/files/<its name>
#                    (e.g. the data plan data_check plays), repeatable
#   --upstream       (after a --module) the module upstream's test subjects run
#                    with: the --kmod modules are loaded before its insmod (a
#                    test build's matched stand-ins would take vivid.0's name),
#                    the selftest and the importer plan run while it is loaded
#   --refused HEAP   (after a --module) its load must be refused because heap
#                    HEAP exists already: insmod fails, every line the kernel
#                    log gains is the one naming HEAP (once per load attempt:
#                    busybox's insmod tries finit_module, then init_module),
#                    and no heap node, dma_heap class entry or module is left
#   --permanent      (after a --module) its heaps are registered through the
#                    kernel's dma-heap framework (kernel-facts.sh heap_framework=1):
#                    each must be in /sys/class/dma_heap and its rmmod must be
#                    refused (the framework cannot remove a heap); it must be
#                    the last --module
#   --kmod "NAME [PARAM=VALUE...]"
#                    a module of the booted kernel itself (e.g. vgem, vivid),
#                    loaded with its dependencies (guest-kmods.sh) before the
#                    first --upstream module; repeatable (guest/upstream.sh)
#   --selftest BIN   the kernel's own dma-buf heap selftest
#                    (build-heap-selftest.sh), run over every heap while each
#                    --upstream module is loaded, its output on SELFTEST-OUT lines
#   --selftest-hide HEAP  a heap node the selftest must not walk (it cannot hold the
#                    selftest's buffers by design: prove's SelftestLimits); repeatable
#   --importers PLAN importer plan (prove/guest/README.md) run by importer_drive
#                    (built beside the ABI test) while each --upstream module is
#                    loaded: the kernel's own importers (--kmod vgem,
#                    --kmod "vivid ...") driven in the orders of the spec's flows
#   --udev-rules FILE  (x86_64) the module's udev rules, applied by the host's
#                    systemd-udevd (package udev) in the guest when each
#                    --upstream module loads; --udev-expect FILE says what they
#                    must give, one line each: "node HEAP GROUP MODE" (the node
#                    /dev/dma_heap/HEAP gets that group and octal mode) or
#                    "link NAME HEAP" (/dev/dma_heap/NAME links to HEAP)
#   --record SCRIPT  censpec-record (from a generated kernel/ folder) records each
#                    module's tracepoints while its replays run; the logs go to
#                    the console between @@CENSPEC TRACE <module> BEGIN/END
# Exit: 0 pass; 1 the guest reported a failure; 3 the guest hung, panicked or
# never printed @@CENSPEC DONE; 2 usage/setup error. The last line on stderr
# says why.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
die() { echo "boot-guest: $*" >&2; exit 2; }

smp=1 cma_mb=128 pool_mb=32 dts_extra="" board_dts="" runs=() preload=() machine=virt
mem="" timeout_s=180 out="" abi_bin="" abi_opts="" abi=1 reload=0 kmsg=0 kernel="" append=""
jdk="" java_cp="" java_main="" cp_copy=() java_timeout=300 java_opts="-Xint -XX:+UseSerialGC -XX:-UsePerfData" java_args=""
selftest_hide="" record_sh="" kmod_specs=() selftest_bin="" importer_plan="" qemu_extra=() files=() iommu=0 iommu_dma=() udev_rules="" udev_expect=""
mods=() replays=() noabi=() nojava=() upstream=() permanent=() refused=()   # replays[i]: replay files of mods[i]; noabi[i]=1: no ABI test for it
while [ $# -gt 0 ]; do
    case "$1" in
        --mem) mem="${2:?--mem SIZE}"; shift 2 ;;
        --timeout) timeout_s="${2:?--timeout SECS}"; shift 2 ;;
        --out) out="${2:?--out DIR}"; shift 2 ;;
        --module) mods+=("${2:?--module KO}"); replays+=(""); runs+=(""); noabi+=(0); nojava+=(0); upstream+=(0); permanent+=(0); refused+=(""); shift 2 ;;
        --refused)
            [ "${#mods[@]}" -gt 0 ] || die "--refused must follow the --module it belongs to"
            refused[${#mods[@]}-1]="${2:?--refused HEAP}"; shift 2 ;;
        --permanent)
            [ "${#mods[@]}" -gt 0 ] || die "--permanent must follow the --module it belongs to"
            permanent[${#mods[@]}-1]=1; shift ;;
        --upstream)
            [ "${#mods[@]}" -gt 0 ] || die "--upstream must follow the --module it belongs to"
            upstream[${#mods[@]}-1]=1; shift ;;
        --arch) export CENSPEC_ARCH="${2:?--arch ARCH}"; shift 2 ;;
        --kernel-set) export CENSPEC_KERNEL="${2:?--kernel-set KERNEL}"; shift 2 ;;
        --smp) smp="${2:?--smp N}"; shift 2 ;;
        --cma) cma_mb="${2:?--cma MIB}"; shift 2 ;;
        --pool) pool_mb="${2:?--pool MIB}"; shift 2 ;;
        --machine) machine="${2:?--machine virt|raspi3b}"; shift 2 ;;
        --preload) preload+=("${2:?--preload KO}"); [ -f "$2" ] || die "module '$2' not found"; shift 2 ;;
        --dts-extra) dts_extra="${2:?--dts-extra FILE}"; shift 2 ;;
        --board-dts) board_dts="${2:?--board-dts FILE}"; [ -f "$2" ] || die "--board-dts: no file $2"; shift 2 ;;
        --qemu-device) qemu_extra+=(-device "${2:?--qemu-device SPEC}"); shift 2 ;;
        --icount) qemu_extra+=(-icount shift=0,sleep=off); shift ;;
        --iommu-passthrough) iommu=1; shift ;;
        --iommu-translate) [[ "${2:-}" =~ ^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$ ]] ||
                die "--iommu-translate takes a PCI address such as 0000:00:10.0, not '${2:-}'"
            iommu_dma+=("$2"); shift 2 ;;
        --file) files+=("${2:?--file FILE}"); [ -f "$2" ] || die "--file '$2' not found"; shift 2 ;;
        --kmod) kmod_specs+=("${2:?--kmod NAME}"); shift 2 ;;
        --importers) importer_plan="${2:?--importers PLAN}"; [ -f "$importer_plan" ] || die "--importers: no file $importer_plan"; shift 2 ;;
        --udev-rules) udev_rules="${2:?--udev-rules FILE}"; [ -f "$udev_rules" ] || die "--udev-rules: no file $udev_rules"; shift 2 ;;
        --udev-expect) udev_expect="${2:?--udev-expect FILE}"; [ -f "$udev_expect" ] || die "--udev-expect: no file $udev_expect"; shift 2 ;;
        --selftest-hide) selftest_hide+="${2:?--selftest-hide HEAP} "; shift 2 ;;
        --selftest) selftest_bin="${2:?--selftest BIN}"; [ -f "$selftest_bin" ] || die "--selftest: no file $selftest_bin"; shift 2 ;;
        --run)
            [ "${#mods[@]}" -gt 0 ] || die "--run must follow the --module it belongs to"
            f="${2:?--run PROG}"
            [ -f "$f" ] || die "--run program '$f' not found"
            runs[${#mods[@]}-1]+="$f"$'\n'
            shift 2 ;;
        --skip-abi)
            [ "${#mods[@]}" -gt 0 ] || die "--skip-abi must follow the --module it belongs to"
            noabi[${#mods[@]}-1]=1; shift ;;
        --no-java)
            [ "${#mods[@]}" -gt 0 ] || die "--no-java must follow the --module it belongs to"
            nojava[${#mods[@]}-1]=1; shift ;;
        --jdk) jdk="${2:?--jdk JAVA_HOME}"; shift 2 ;;
        --record) record_sh="${2:?--record SCRIPT}"; [ -f "$record_sh" ] || die "--record: no file $record_sh"; shift 2 ;;
        --classpath) java_cp="${2:?--classpath CP}"; shift 2 ;;
        --main) java_main="${2:?--main CLASS}"; shift 2 ;;
        --java-opts) java_opts="${2?--java-opts OPTS}"; shift 2 ;;
        --java-args) java_args="${2?--java-args ARGS}"; shift 2 ;;
        --java-timeout) java_timeout="${2:?--java-timeout SECS}"; shift 2 ;;
        --replay)
            [ "${#mods[@]}" -gt 0 ] || die "--replay must follow the --module it belongs to"
            f="${2:?--replay FILE}"
            [ -f "$f" ] || die "replay file '$f' not found"
            replays[${#mods[@]}-1]+="$f"$'\n'
            shift 2 ;;
        --abi-test) abi_bin="${2:?--abi-test BIN}"; shift 2 ;;
        --abi-opts) abi_opts="${2?--abi-opts OPTS}"; shift 2 ;;
        --no-abi) abi=0; shift ;;
        --reload) reload=1; shift ;;
        --kmsg) kmsg=1; shift ;;
        --kernel) kernel="${2:?--kernel IMAGE}"; shift 2 ;;
        --append) append="${2?--append WORDS}"; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//p}' "$0"; exit 0 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
done
[ -n "$out" ] || die "--out DIR is required"
[ "${#mods[@]}" -gt 0 ] || die "at least one --module KO is required"
for i in "${!permanent[@]}"; do
    [ "${permanent[$i]}" = 0 ] || [ "$i" -eq $((${#mods[@]} - 1)) ] || die "--permanent: a module that cannot unload must be the last --module"
done
[[ "$timeout_s" =~ ^[0-9]+$ ]] || die "--timeout wants whole seconds"
[[ "$java_timeout" =~ ^[0-9]+$ ]] || die "--java-timeout wants whole seconds"
[[ "$smp" =~ ^[1-9][0-9]*$ ]] || die "--smp wants a positive whole number"
[[ "$cma_mb" =~ ^[0-9]+$ ]] || die "--cma wants MiB"
[[ "$pool_mb" =~ ^[0-9]+$ ]] || die "--pool wants MiB"
case "$machine" in
    virt) ;;
    raspi3b)
        case "${mem:-1G}" in 1G|1024M|1024) mem=1024M ;; *) die "--machine raspi3b has 1 GiB of RAM; --mem $mem is not possible" ;; esac ;;
    *) die "unknown --machine '$machine' (virt or raspi3b)" ;;
esac
[ "${#iommu_dma[@]}" = 0 ] || [ "$iommu" = 1 ] || die "--iommu-translate needs --iommu-passthrough (the other devices' identity domains)"
[ "$iommu" = 0 ] || [ "$machine" = virt ] || die "--iommu-passthrough: only x86_64 and arm64 virt (raspi3b has no IOMMU)"
for ko in "${mods[@]}"; do [ -f "$ko" ] || die "module '$ko' not found"; done
java=0
if [ -n "$jdk$java_cp$java_main" ]; then
    if [ -z "$jdk" ] || [ -z "$java_cp" ] || [ -z "$java_main" ]; then
        die "--jdk, --classpath and --main go together"
    fi
    [ -x "$jdk/bin/java" ] || die "no $jdk/bin/java"
    jdk="$(cd "$jdk" && pwd)"
    case "$jdk/" in
        /tmp/*|/proc/*|/sys/*|/dev/*) die "JDK '$jdk' is hidden in the guest (its /tmp, /proc, /sys, /dev are its own)" ;;
    esac
    # Entries under /tmp (hidden in the guest by its own tmpfs) travel in the
    # initramfs (/censpec/cp) and are copied to the guest's /tmp/censpec-cp.
    abs_cp="" cp_copy=()
    IFS=: read -r -a cp_parts <<<"$java_cp"
    for e in "${cp_parts[@]}"; do
        [ -e "$e" ] || die "classpath entry '$e' not found"
        e="$(realpath "$e")"
        case "$e/" in
            /tmp/*)
                cp_copy+=("$e")
                e="/tmp/censpec-cp/${#cp_copy[@]}-$(basename "$e")" ;;
            /proc/*|/sys/*|/dev/*)
                die "classpath entry '$e' is hidden in the guest (its /proc, /sys, /dev are its own)" ;;
        esac
        abs_cp+="${abs_cp:+:}$e"
    done
    java_cp="$abs_cp"
    java=1
    mem="${mem:-1024M}"
fi
mem="${mem:-512M}"

# shellcheck source-path=SCRIPTDIR source=kernel-env.sh
. "$here/kernel-env.sh" || exit 2
kernel="${kernel:-$VMLINUX}"
if [ "$KARCH" = x86_64 ]; then
    [ "$machine" = virt ] || die "--machine is for --arch arm64"
    [ -z "$board_dts" ] || die "--board-dts is for --arch arm64 (x86-64 guests have no devicetree)"
    machine=pc
fi
[ -r "$kernel" ] || die "kernel image '$kernel' not readable; run install-deps.sh"
case "$KARCH" in
    x86_64) qemu_pkg=qemu-system-x86 busybox="${CENSPEC_BUSYBOX:-/bin/busybox}" list_busybox="$busybox" ;;
    arm64) qemu_pkg=qemu-system-arm busybox="${CENSPEC_BUSYBOX:-$CENSPEC_CACHE/busybox-arm64/busybox}" list_busybox=/bin/busybox
        [ "$java" = 0 ] || die "--jdk: the Java guest runs on x86_64 only"
        command -v dtc >/dev/null || die "dtc missing (package device-tree-compiler); run install-deps.sh" ;;
esac
command -v "$QEMU_SYSTEM" >/dev/null || die "$QEMU_SYSTEM missing (package $qemu_pkg); run install-deps.sh"
command -v cpio >/dev/null || die "cpio missing; run install-deps.sh"
[ -x "$busybox" ] || die "static busybox '$busybox' for $KARCH missing (package busybox-static${KARCH/x86_64/}); run install-deps.sh"
# The applet list comes from a busybox the host can run (same version).
"$list_busybox" --list >/dev/null 2>&1 || die "static busybox '$list_busybox' missing (package busybox-static)"
[ -z "$selftest_bin" ] || "$here/check-guest-program.sh" "$KARCH" "$selftest_bin" || exit 2
for i in "${!runs[@]}"; do
    while IFS= read -r f; do
        [ -n "$f" ] || continue
        "$here/check-guest-program.sh" "$KARCH" "$f" || exit 2
    done <<<"${runs[$i]}"
done
init_sh="$here/../guest/init.sh"
[ -f "$init_sh" ] || die "$init_sh missing"
# Guest modules for the 9p share of the host root, in load order
# (virtio-pci and 9p are modules in Debian's kernel).
guest_kmods="virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci 9pnet 9pnet_virtio netfs fscache 9p"
kmod_files=()
if [ "$java" = 1 ]; then
    for m in $guest_kmods; do
        f="$(find "$KMODULES/kernel" -name "$m.ko" -print -quit)"
        [ -n "$f" ] || die "$KMODULES has no $m.ko (needed for the 9p share)"
        kmod_files+=("$f")
    done
fi

mkdir -p "$out"
out="$(cd "$out" && pwd)"
rm -f "$out/serial.log" "$out/results.txt" "$out/dmesg.txt" "$out/timing.txt" "$out/qemu.stderr"
# heap_abi_test also replays the control files; only a --no-abi run without
# replays does without it.
if [ -z "$abi_bin" ] && { [ "$abi" = 1 ] || [ -n "$(printf '%s' "${replays[@]}")" ]; }; then
    abi_bin="$out/heap_abi_test"
    "$here/build-abi-test.sh" --arch "$KARCH" "$abi_bin"
fi
[ -z "$abi_bin" ] || [ -x "$abi_bin" ] || die "ABI test binary '$abi_bin' not executable"

work="$(mktemp -d "${TMPDIR:-/tmp}/censpec-guest.XXXXXX")"
trap 'rm -rf "$work"' EXIT
root="$work/root"
t0=$(date +%s.%N)

# ---- initramfs ----------------------------------------------------------------
mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,host,censpec/mod,censpec/replay,censpec/kmod,censpec/run}
cp "$busybox" "$root/bin/busybox"
for applet in $("$list_busybox" --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
done
install -m 0755 "$init_sh" "$root/init"
install -m 0644 "$here/../guest/accounting.sh" "$root/censpec/accounting.sh"
install -m 0644 "$here/../guest/upstream.sh" "$root/censpec/upstream.sh"
[ -z "$selftest_bin" ] || install -m 0755 "$selftest_bin" "$root/bin/dmabuf-heap-selftest"
if [ -n "$importer_plan" ]; then
    [ -x "$(dirname "$abi_bin")/importer_drive" ] || die "--importers: no importer_drive beside $abi_bin (build-abi-test.sh builds it)"
    install -m 0755 "$(dirname "$abi_bin")/importer_drive" "$root/bin/importer_drive"
    install -m 0644 "$importer_plan" "$root/censpec/importers.plan"
fi
[ -z "$abi_bin" ] || install -m 0755 "$abi_bin" "$root/bin/heap_abi_test"
[ -z "$record_sh" ] || install -m 0755 "$record_sh" "$root/censpec/censpec-record"
if [ -n "$udev_rules" ]; then
    [ -n "$udev_expect" ] || die "--udev-rules needs --udev-expect"
    [ "$KARCH" = x86_64 ] || die "--udev-rules: the guest runs the host's udev, x86_64 only"
    "$here/guest-udev.sh" "$root" "$udev_rules" "$udev_expect" || exit 2
fi
{
    printf 'CENSPEC_RECORD=%s\n' "$([ -n "$record_sh" ] && echo 1 || echo 0)"
    echo "CENSPEC_NMOD=${#mods[@]}"
    printf 'CENSPEC_ABI=%s\nCENSPEC_RELOAD=%s\n' "$abi" "$reload"
    printf 'CENSPEC_ABI_OPTS=%q\n' "$abi_opts"
    printf 'CENSPEC_JAVA=%s\n' "$java"
    # raspi3b has no PSCI: the guest resets through the SoC's watchdog (qemu exits, -no-reboot)
    [ "$machine" != raspi3b ] || printf 'CENSPEC_RESET_KMOD=%q\n' /censpec/kmod/bcm2835_wdt.ko
    if [ "$java" = 1 ]; then
        printf 'CENSPEC_KMODS=%q\n' "$guest_kmods"
        printf 'CENSPEC_JAVA_HOME=%q\nCENSPEC_JAVA_CP=%q\nCENSPEC_JAVA_MAIN=%q\n' "$jdk" "$java_cp" "$java_main"
        printf 'CENSPEC_JAVA_OPTS=%q\nCENSPEC_JAVA_ARGS=%q\nCENSPEC_JAVA_TIMEOUT=%s\n' "$java_opts" "$java_args" "$java_timeout"
    fi
} >"$root/censpec/plan"
for f in "${kmod_files[@]}"; do cp "$f" "$root/censpec/kmod/"; done
if [ "$machine" = raspi3b ]; then
    # (Debian 7.x ships it xz-compressed, as guest-kmods.sh handles; busybox's insmod reads plain .ko)
    f="$(find "$KMODULES/kernel" -name 'bcm2835_wdt.ko*' -print -quit)"
    [ -n "$f" ] || die "$KMODULES has no bcm2835_wdt.ko (the raspi3b guest resets through it)"
    case "$f" in
        *.ko) cp "$f" "$root/censpec/kmod/" ;;
        *.ko.xz) xz -dc "$f" >"$root/censpec/kmod/bcm2835_wdt.ko" ;;
        *.ko.zst) zstd -dcq "$f" >"$root/censpec/kmod/bcm2835_wdt.ko" ;;
        *) die "$f: a compression busybox's insmod cannot read" ;;
    esac
fi
# The booted kernel's own modules (--kmod), each after its dependencies.
kmod_plan=""
if [ "${#kmod_specs[@]}" -gt 0 ]; then
    names=()
    for k in "${kmod_specs[@]}"; do names+=("${k%% *}"); done
    order="$("$here/guest-kmods.sh" "$KMODULES" "$root/censpec/kmod-upstream" "${names[@]}")" || exit 2
    for m in $order; do
        entry="$m"
        for k in "${kmod_specs[@]}"; do
            [ "${k%% *}" != "$m" ] || [ "$k" = "$m" ] || entry="$m|$(tr ' ' '|' <<<"${k#* }")"
        done
        kmod_plan+="$entry "
    done
fi
printf 'CENSPEC_UDEV=%s\n' "$([ -n "$udev_rules" ] && echo 1 || echo 0)" >>"$root/censpec/plan"
printf 'CENSPEC_KMODS_UPSTREAM=%q\nCENSPEC_SELFTEST=%s\nCENSPEC_IMPORTERS=%s\n' "${kmod_plan% }" \
    "$([ -n "$selftest_bin" ] && echo 1 || echo 0)" "$([ -n "$importer_plan" ] && echo 1 || echo 0)" >>"$root/censpec/plan"
printf 'CENSPEC_SELFTEST_HIDE=%q\n' "${selftest_hide% }" >>"$root/censpec/plan"
plist=""
for f in "${preload[@]}"; do
    mkdir -p "$root/censpec/preload"
    cp "$f" "$root/censpec/preload/"
    plist+="/censpec/preload/$(basename "$f") "
done
printf 'CENSPEC_PRELOAD=%q\n' "${plist% }" >>"$root/censpec/plan"
printf 'CENSPEC_IOMMU_DMA=%q\n' "${iommu_dma[*]}" >>"$root/censpec/plan"
for f in "${files[@]}"; do
    mkdir -p "$root/censpec/files"
    cp "$f" "$root/censpec/files/"
done
for k in "${!cp_copy[@]}"; do
    mkdir -p "$root/censpec/cp"
    cp -R "${cp_copy[$k]}" "$root/censpec/cp/$((k + 1))-$(basename "${cp_copy[$k]}")"
done
for i in "${!mods[@]}"; do
    n=$((i + 1))
    ko_name="$(basename "${mods[$i]}")"
    cp "${mods[$i]}" "$root/censpec/mod/$ko_name"
    list=""
    k=0
    while IFS= read -r f; do
        [ -n "$f" ] || continue
        k=$((k + 1))
        dst="/censpec/replay/m${n}-${k}-$(basename "$f")"
        cp "$f" "$root$dst"
        list+="$dst "
    done <<<"${replays[$i]}"
    rlist=""
    while IFS= read -r f; do
        [ -n "$f" ] || continue
        k=$((k + 1))
        dst="/censpec/run/m${n}-${k}-$(basename "$f")"
        install -m 0755 "$f" "$root$dst"
        rlist+="$dst "
    done <<<"${runs[$i]}"
    printf 'CENSPEC_RUNS_%d=%q\nCENSPEC_UPSTREAM_%d=%s\nCENSPEC_PERMANENT_%d=%s\nCENSPEC_REFUSED_%d=%q\n' "$n" "${rlist% }" \
        "$n" "${upstream[$i]}" "$n" "${permanent[$i]}" "$n" "${refused[$i]}" >>"$root/censpec/plan"
    printf 'CENSPEC_MOD_%d=%q\nCENSPEC_REPLAYS_%d=%q\nCENSPEC_NOABI_%d=%s\nCENSPEC_NOJAVA_%d=%s\n' "$n" "/censpec/mod/$ko_name" \
        "$n" "${list% }" "$n" "${noabi[$i]}" "$n" "${nojava[$i]}" >>"$root/censpec/plan"
done

# newc entry written by hand so that no mknod (root) is needed for /dev/console.
newc_entry() { # NAME MODE RDEVMAJOR RDEVMINOR
    local name="$1" namesize=$((${#1} + 1)) pad
    printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
        0 "$2" 0 0 1 0 0 0 0 "$3" "$4" "$namesize" 0
    printf '%s\0' "$name"
    pad=$(( (4 - (110 + namesize) % 4) % 4 ))
    head -c "$pad" /dev/zero
}
initrd="$work/initrd.gz"
(
    cd "$root"
    find . -print0 | cpio --null -o -H newc --owner=0:0 --quiet
    newc_entry dev/console $((0020600)) 5 1
    newc_entry 'TRAILER!!!' 0 0 0
) | gzip -1 >"$initrd"
t1=$(date +%s.%N)

# ---- boot ---------------------------------------------------------------------
share=()
[ "$java" = 0 ] || share=(-virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap")
qemu_rc=0
case "$KARCH" in
    x86_64)
        # no_timer_check: under TCG on a loaded host the IO-APIC timer check can fail and panic.
        cmdline="console=ttyS0 quiet panic=-1 no_timer_check censpec_kmsg=$kmsg${append:+ $append}"
        qemu=(qemu-system-x86_64 -accel tcg -m "$mem" -smp "$smp" -nographic -no-reboot -nic none -vga none)
        if [ "$iommu" = 1 ]; then
            # q35's Intel IOMMU, every device in an identity (passthrough) domain
            qemu+=(-M q35 -device intel-iommu)
            cmdline+=" intel_iommu=on iommu=pt"
        fi ;;
    arm64)
        cmdline="console=ttyAMA0 quiet panic=-1 censpec_kmsg=$kmsg${append:+ $append}"
        if [ "$machine" = raspi3b ]; then
            # Debian's devicetree of the board, extended with test importers on its /soc bus.
            # (Debian 6.x: /usr/lib/linux-image-<release>/; 7.x: /usr/lib/modules/<release>/dtb/)
            board_dtb="$KMODULES/dtb/broadcom/bcm2837-rpi-3-b.dtb"
            [ -f "$board_dtb" ] || board_dtb="${KMODULES%/lib/modules/*}/usr/lib/linux-image-$KVER/broadcom/bcm2837-rpi-3-b.dtb"
            [ -f "$board_dtb" ] || die "no $board_dtb in the fetched kernel (fetch-kernel.sh arm64 unpacks linux-image-$KVER)"
            qemu=(qemu-system-aarch64 -accel tcg -M raspi3b -nographic -no-reboot)
            cmdline+=" maxcpus=$smp"
            cp "$board_dtb" "$work/board.dtb"
            extra="${dts_extra:-$here/../guest/raspi3b-extra.dtsi}"
        else
            # qemu's own devicetree for this machine, extended with the importer
            # bus (dma-ranges window, dma-noncoherent devices) and a CMA pool.
            iommu_opt=""
            if [ "$iommu" = 1 ]; then
                # an SMMUv3 in front of the PCIe devices, every one in an identity domain
                iommu_opt=",iommu=smmuv3"
                cmdline+=" iommu.passthrough=1"
            fi
            qemu=(qemu-system-aarch64 -accel tcg -M "virt,gic-version=2${iommu_opt}" -cpu cortex-a57 -m "$mem" -smp "$smp" -nographic -no-reboot -nic none)
            "${qemu[@]}" -machine dumpdtb="$work/board.dtb" >/dev/null 2>&1 || die "qemu could not dump its devicetree"
            extra="${dts_extra:-$here/../guest/arm64-extra.dtsi}"
        fi
        [ -f "$extra" ] || die "devicetree fragment '$extra' not found"
        { dtc -q -I dtb -O dts "$work/board.dtb"; sed -e "s/CENSPEC_CMA_SIZE/$(printf '0x%x' $((cma_mb * 1024 * 1024)))/" \
            -e "s/CENSPEC_POOL_SIZE/$(printf '0x%x' $((pool_mb * 1024 * 1024)))/" "$extra"; } >"$work/guest.dts"
        # ---- the user's board (censpec prove --dtb): its fragment after the extension ----
        [ -z "$board_dts" ] || cat "$board_dts" >>"$work/guest.dts"
        dtc -q -I dts -O dtb -o "$out/guest.dtb" "$work/guest.dts" 2>"$out/dtc.log" || die "dtc failed on the extended devicetree (see $out/dtc.log)"
        cp "$work/guest.dts" "$out/guest.dts"
        qemu+=(-dtb "$out/guest.dtb") ;;
esac
timeout -k 5 "$timeout_s" "${qemu[@]}" \
    -kernel "$kernel" -initrd "$initrd" -append "$cmdline" "${share[@]}" "${qemu_extra[@]}" \
    </dev/null >"$out/serial.log" 2>"$out/qemu.stderr" || qemu_rc=$?
t2=$(date +%s.%N)

tr -d '\r' <"$out/serial.log" | grep -ao '@@CENSPEC .*' | grep -v '^@@CENSPEC DMESG \(BEGIN\|END\)' >"$out/results.txt" || true
tr -d '\r' <"$out/serial.log" | sed -n '/^@@CENSPEC DMESG BEGIN/,/^@@CENSPEC DMESG END/{/^@@CENSPEC /d;p}' >"$out/dmesg.txt" || true
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
guest_up="$(sed -n 's/^@@CENSPEC RESULT status=.* uptime=\([0-9.]*\).*/\1/p' "$out/results.txt" | tail -n 1)"
printf 'initramfs_s=%s qemu_s=%s guest_uptime_at_result_s=%s mem=%s smp=%s arch=%s machine=%s kver=%s kernel=%s\n' \
    "$(secs "$t0" "$t1")" "$(secs "$t1" "$t2")" "${guest_up:--}" "$mem" "$smp" "$KARCH" "$machine" "$KVER" "$kernel" | tee "$out/timing.txt" >&2

grep '^@@CENSPEC \(RESULT\|REFUSED\|UDEV .* \(fail\|SUMMARY\)\|ABI .* SUMMARY\|REPLAY .* END\|DMESG-BAD\|MODULE .*ERROR\|RUN .*EXIT\|KMEMLEAK\|JAVA .*SUMMARY\|JAVA .*FAIL\|JAVA .*EXIT\|JAVA SETUP\|KMOD \|SELFTEST .*EXIT\|IMPORTERS .*EXIT\)' "$out/results.txt" >&2 || true

last_marker() { tail -n 1 "$out/results.txt" 2>/dev/null || true; }
if ! grep -q '^@@CENSPEC DONE$' "$out/results.txt"; then
    panic="$(tr -d '\r' <"$out/serial.log" | grep -a -m 1 'Kernel panic' || true)"
    if [ "$qemu_rc" -eq 124 ] || [ "$qemu_rc" -eq 137 ]; then
        echo "boot-guest: FAILED: guest hung: no @@CENSPEC DONE within ${timeout_s} s (last marker: $(last_marker); log $out/serial.log)" >&2
    elif [ -n "$panic" ]; then
        echo "boot-guest: FAILED: guest kernel panicked: $panic (log $out/serial.log)" >&2
    else
        echo "boot-guest: FAILED: guest stopped without @@CENSPEC DONE (qemu rc=$qemu_rc; last marker: $(last_marker); log $out/serial.log)" >&2
    fi
    exit 3
fi
result="$(grep '^@@CENSPEC RESULT status=' "$out/results.txt" | tail -n 1)"
case "$result" in
    "@@CENSPEC RESULT status=pass "*)
        echo "boot-guest: PASS: ${result#@@CENSPEC RESULT }" >&2
        exit 0 ;;
    *)
        echo "boot-guest: FAILED: ${result#@@CENSPEC RESULT }" >&2
        exit 1 ;;
esac
