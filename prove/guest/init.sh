#!/bin/busybox sh
# /init of the censpec test guest (busybox ash; built into the initramfs by
# prove/scripts/boot-guest.sh; not meant to run on a host).
#
# Reads /censpec/plan (written by boot-guest.sh):
#   CENSPEC_NMOD=N, CENSPEC_MOD_<i>=/censpec/mod/<name>.ko,
#   CENSPEC_REPLAYS_<i>="file ...", CENSPEC_ABI_OPTS="...", CENSPEC_ABI=0|1,
#   CENSPEC_RELOAD=0|1, CENSPEC_NOABI_<i>, CENSPEC_NOJAVA_<i>=0|1,
#   CENSPEC_JAVA=0|1 and, with 1, CENSPEC_KMODS (9p/virtio module names in
#   load order, files in /censpec/kmod), CENSPEC_JAVA_HOME, CENSPEC_JAVA_CP,
#   CENSPEC_JAVA_MAIN, CENSPEC_JAVA_OPTS, CENSPEC_JAVA_ARGS (host paths)
# With Java: mounts the host root (9p tag hostroot, read-only) on /host with
# the guest's proc, sysfs, devtmpfs and a tmpfs /tmp over it.
# For each module: insmod, replay its ctl files, run the Java program
# chrooted into /host (killed after CENSPEC_JAVA_TIMEOUT s), ABI-test its new
# heaps, rmmod (must succeed, and its device nodes must go away). Then dumps
# dmesg, fails on BUG:/WARNING:/Oops/Call Trace, prints @@CENSPEC RESULT lines
# and @@CENSPEC DONE, and powers off. Output format: prove/guest/README.md.
# No `set -e`: PID 1 must reach the final lines whatever fails.

PATH=/bin:/sbin
export PATH
say() { echo "@@CENSPEC $*"; }
uptime_s() { cut -d' ' -f1 /proc/uptime; }
# rmmod_why MODULE: what still holds a module whose rmmod failed (its reference
# count, the modules using it, every dma-buf alive with its exporter and
# attachments, the open files of its heap nodes), then whether it goes after
# two seconds (a reference the kernel drops later); the failure counts either way.
rmmod_why() {
    local p
    say "MODULE $1 HOLD refcnt=$(cat "/sys/module/$1/refcnt" 2>/dev/null) holders=$(ls "/sys/module/$1/holders" 2>/dev/null | tr '\n' ',')"
    [ ! -r /sys/kernel/debug/dma_buf/bufinfo ] || sed "s/^/@@CENSPEC MODULE $1 HOLD bufinfo /" /sys/kernel/debug/dma_buf/bufinfo
    for p in /proc/[0-9]*; do
        ls -l "$p/fd" 2>/dev/null | grep -q 'dma_heap\|dmabuf' && say "MODULE $1 HOLD pid=${p#/proc/} $(tr '\0' ' ' <"$p/cmdline")"
    done
    sleep 2
    rmmod "$1" 2>/dev/null
    say "MODULE $1 HOLD rmmod again after 2 s rc=$? refcnt=$(cat "/sys/module/$1/refcnt" 2>/dev/null)"
}

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mount -t tmpfs tmpfs /tmp
# Kernel messages stay off the console (they would split our marker lines);
# the whole dmesg is dumped at the end. censpec_kmsg=1 on the command line
# keeps them (for debugging hangs).
[ "${censpec_kmsg:-0}" = 1 ] || echo "1 4 1 7" >/proc/sys/kernel/printk

. /censpec/plan
. /censpec/accounting.sh

echo
say "BEGIN kernel=$(uname -r) mem_kb=$(sed -n 's/^MemTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo) uptime=$(uptime_s)"

insmod_fail=0 replay_fail=0 abi_fail=0 rmmod_fail=0 leftover=0 java_fail=0 run_fail=0 selftest_fail=0 importers_fail=0 udev_fail=0 leak_fail=0

# The host root over 9p at /host, with this guest's own proc, sys, dev and a
# writable /tmp mounted over the host's (JNA unpacks its native library there).
java_ready=0
java_setup() {
    local m
    say "STEP java-setup"
    for m in $CENSPEC_KMODS; do
        if ! insmod "/censpec/kmod/$m.ko"; then
            say "JAVA SETUP ERROR insmod $m failed"
            return 1
        fi
    done
    if ! mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000,cache=loose,ro hostroot /host; then
        say "JAVA SETUP ERROR mount of the 9p host root failed"
        return 1
    fi
    if ! { mount -t proc proc /host/proc && mount -t sysfs sysfs /host/sys &&
        mount -t devtmpfs devtmpfs /host/dev && mount -t tmpfs tmpfs /host/tmp; }; then
        say "JAVA SETUP ERROR mounting proc/sys/dev/tmp over /host failed"
        return 1
    fi
    # Classpath entries that were under the host's /tmp came in the initramfs.
    if [ -d /censpec/cp ] && ! cp -R /censpec/cp /host/tmp/censpec-cp; then
        say "JAVA SETUP ERROR copying /censpec/cp to /host/tmp/censpec-cp failed"
        return 1
    fi
    if [ ! -x "/host$CENSPEC_JAVA_HOME/bin/java" ]; then
        say "JAVA SETUP ERROR no $CENSPEC_JAVA_HOME/bin/java in the shared root"
        return 1
    fi
    say "JAVA SETUP ok jdk=$CENSPEC_JAVA_HOME uptime=$(uptime_s)"
    return 0
}
if [ "${CENSPEC_JAVA:-0}" = 1 ]; then
    java_setup && java_ready=1
fi

# record_start MODULE SPEC / record_stop MODULE: censpec-record (shipped in the
# module's folder, copied to /censpec/censpec-record) captures the module's
# tracepoints while its flows are replayed; the log goes to the console
# between TRACE MODULE BEGIN/END for the host to check with censpec replay.
# Module MODULE's events are in its own trace system, censpec_MODULE.
rec_pid=
record_start() {
    local n=0
    [ "${CENSPEC_RECORD:-0}" = 1 ] && [ -f /censpec/censpec-record ] || return 0
    [ -d /sys/kernel/tracing/instances ] || mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null
    sh /censpec/censpec-record -s "$2" -o "/tmp/trace-$1.log" 2>"/tmp/record-$1.err" &
    rec_pid=$!
    while [ "$n" -lt 20 ] && [ "$(cat "/sys/kernel/tracing/instances/censpec-record-$rec_pid/events/censpec_$1/enable" 2>/dev/null)" != 1 ]; do
        sleep 1
        n=$((n + 1))
    done
    say "RECORD $1 pid=$rec_pid ready_after_s=$n"
}
record_stop() {
    [ -n "$rec_pid" ] || return 0
    kill -TERM "$rec_pid"
    wait "$rec_pid"
    rec_pid=
    if [ -f "/tmp/trace-$1.log" ]; then
        say "TRACE $1 BEGIN lines=$(wc -l <"/tmp/trace-$1.log")"
        cat "/tmp/trace-$1.log"
        say "TRACE $1 END"
    else
        say "TRACE $1 ERROR no log: $(cat "/tmp/record-$1.err" 2>/dev/null | tr '\n' ' ')"
    fi
}

# java_run MODULE CTL HEAPS: the Java program in the chroot; its output goes
# straight to the console (its own @@CENSPEC JAVA lines).
java_run() {
    local t0 rc
    t0=$(uptime_s)
    say "JAVA $1 BEGIN main=$CENSPEC_JAVA_MAIN uptime=$t0"
    # shellcheck disable=SC2086  # word lists on purpose
    HOME=/tmp TMPDIR=/tmp timeout -s KILL "${CENSPEC_JAVA_TIMEOUT:-300}" \
        chroot /host "$CENSPEC_JAVA_HOME/bin/java" $CENSPEC_JAVA_OPTS \
        -Djava.io.tmpdir=/tmp -Djna.tmpdir=/tmp -cp "$CENSPEC_JAVA_CP" "$CENSPEC_JAVA_MAIN" \
        "$1" "${2:--}" $3 $CENSPEC_JAVA_ARGS </dev/null
    rc=$?
    [ "$rc" -ne 137 ] || say "JAVA $1 ERROR killed after ${CENSPEC_JAVA_TIMEOUT:-300} s"
    say "JAVA $1 EXIT rc=$rc start=$t0 uptime=$(uptime_s)"
    return $rc
}

# refused_check KO MODULE HEAP: a module whose load must be refused because
# heap HEAP exists already: insmod fails with EBUSY (busybox's insmod exits
# with the errno; never EEXIST, which modprobe takes for "loaded already" and
# reports as success), every line the kernel log gains is
# the one line naming HEAP (once per load attempt: no stack dump, no WARN),
# and no heap node, class entry or module is left. Counts into insmod_fail.
refused_check() {
    local rc before after nlines named nodes classes loaded
    list_heaps >/tmp/heaps.before
    { echo .; ls /sys/class/dma_heap 2>/dev/null; } | sort >/tmp/class.before
    before=$(dmesg | wc -l)
    say "STEP insmod $2 (must be refused: heap $3 exists already)"
    insmod "$1" 2>/tmp/insmod.err
    rc=$?
    dmesg >/tmp/dmesg.after
    after=$(wc -l </tmp/dmesg.after)
    nlines=$((after - before))
    tail -n "$nlines" /tmp/dmesg.after >/tmp/dmesg.new
    named=$(grep -c ": heap $3 exists already " /tmp/dmesg.new)
    list_heaps >/tmp/heaps.after
    { echo .; ls /sys/class/dma_heap 2>/dev/null; } | sort >/tmp/class.after
    nodes=$(grep -cvxF -f /tmp/heaps.before /tmp/heaps.after)
    classes=$(grep -cvxF -f /tmp/class.before /tmp/class.after)
    loaded=$([ -d "/sys/module/$2" ] && echo 1 || echo 0)
    sed "s/^/@@CENSPEC REFUSED-LOG $2 /" /tmp/dmesg.new
    say "REFUSED $2 insmod rc=$rc log_lines=$nlines naming_$3=$named new_nodes=$nodes new_class_entries=$classes loaded=$loaded"
    # every new log line is the one naming the heap, once per load attempt
    # (busybox's insmod tries finit_module, then init_module: two attempts)
    if [ "$rc" -eq 16 ] && [ "$named" -ge 1 ] && [ "$nlines" -eq "$named" ] && [ "$nodes" -eq 0 ] &&
        [ "$classes" -eq 0 ] && [ "$loaded" -eq 0 ]; then
        say "RESULT module=$2 insmod=refused-as-expected replay=- abi=- rmmod=- leftover=0 java=-"
    else
        insmod_fail=$((insmod_fail + 1))
        say "RESULT module=$2 insmod=fail-refusal replay=- abi=- rmmod=- leftover=0 java=-"
    fi
}

# permanent_check MODULE HEAPS: a module whose heaps went through the kernel's
# dma-heap framework: each heap must be in the framework's class and the
# module's rmmod must be refused, its heaps staying (the framework cannot
# remove a heap). Counts into rmmod_fail, prints the module's RESULT line.
permanent_check() {
    local n nh=0 nclass=0 gone=0 rc
    for n in $2; do
        nh=$((nh + 1))
        [ ! -e "/sys/class/dma_heap/${n##*/}" ] || nclass=$((nclass + 1))
    done
    say "STEP rmmod $1 (must be refused: heaps of the dma-heap framework)"
    rmmod "$1" 2>/tmp/rmmod.err
    rc=$?
    for n in $2; do [ -e "$n" ] || gone=$((gone + 1)); done
    say "MODULE $1 permanent framework_heaps=$nclass/$nh rmmod rc=$rc heaps_gone=$gone uptime=$(uptime_s)"
    if [ "$nh" -gt 0 ] && [ "$nclass" -eq "$nh" ] && [ "$rc" -ne 0 ] && [ "$gone" -eq 0 ]; then
        m_rmmod=refused
    else
        m_rmmod=fail
        rmmod_fail=$((rmmod_fail + 1))
    fi
    say "RESULT module=$1 insmod=$m_insmod replay=$m_replay abi=$m_abi rmmod=$m_rmmod leftover=0 java=$m_java run=$m_run selftest=$m_selftest importers=$m_importers"
}

# Each list starts with "." so that grep -f never gets an empty pattern file.
list_heaps() { echo .; for f in /dev/dma_heap/*; do [ -e "$f" ] && echo "${f##*/}"; done | sort; }
list_ctls() { echo .; for f in /dev/*_ctl; do [ -e "$f" ] && echo "${f##*/}"; done | sort; }

# The order of the module's dma_sync_sg_for_{cpu,device} calls during its
# replays, by ftrace: "@@CENSPEC SYNC <module> cpu|device" lines, then
# "@@CENSPEC SYNC-TRACE <module> done", or "... unavailable" on a kernel
# without function tracing of those (exported, not inlined) functions.
#
# In the same trace, on a kernel with the DMA API's events (include/trace/
# events/dma.h, Linux 6.12 on; not 6.1), every dma_map_sg and dma_unmap_sg
# of the replays with its CPU-sync attribute: "@@CENSPEC DMAMAP <module>
# map|unmap <device> <DIR> skip|sync" (skip: DMA_ATTR_SKIP_CPU_SYNC), then
# "@@CENSPEC DMAMAP-TRACE <module> done", "... lost <in-buffer>/<written>"
# when the ring buffer overran, or "... unavailable".
T=/sys/kernel/tracing
[ -e "$T/trace" ] || mount -t tracefs nodev "$T" 2>/dev/null
sync_trace_ok=0
if [ -d "$T" ] && grep -qx 'dma_sync_sg_for_cpu' "$T/available_filter_functions" 2>/dev/null &&
    grep -qx 'dma_sync_sg_for_device' "$T/available_filter_functions" 2>/dev/null; then
    sync_trace_ok=1
fi
map_trace_ok=0
if [ -e "$T/events/dma/dma_map_sg/enable" ] && [ -e "$T/events/dma/dma_unmap_sg/enable" ]; then
    map_trace_ok=1
    # the ring buffer grows to its size here, outside every module's memory count (acct_begin)
    echo 4096 >"$T/buffer_size_kb"
fi
sync_trace_begin() {
    [ "$sync_trace_ok" = 1 ] || [ "$map_trace_ok" = 1 ] || return 0
    echo 0 >"$T/tracing_on"
    echo nop >"$T/current_tracer"
    if [ "$map_trace_ok" = 1 ]; then
        echo 1 >"$T/events/dma/dma_map_sg/enable"
        echo 1 >"$T/events/dma/dma_unmap_sg/enable"
    fi
    echo >"$T/trace"
    if [ "$sync_trace_ok" = 1 ]; then
        echo dma_sync_sg_for_cpu >"$T/set_ftrace_filter"
        echo dma_sync_sg_for_device >>"$T/set_ftrace_filter"
        echo function >"$T/current_tracer"
    fi
    echo 1 >"$T/tracing_on"
}
sync_trace_end() {
    local counts
    [ "$sync_trace_ok" != 1 ] && [ "$map_trace_ok" != 1 ] || echo 0 >"$T/tracing_on"
    if [ "$sync_trace_ok" != 1 ]; then
        say "SYNC-TRACE $1 unavailable"
    else
        sed -n 's/.*: dma_sync_sg_for_\(cpu\|device\) <-.*/\1/p' "$T/trace" | while read -r w; do
            say "SYNC $1 $w"
        done
        say "SYNC-TRACE $1 done"
    fi
    if [ "$map_trace_ok" != 1 ]; then
        say "DMAMAP-TRACE $1 unavailable"
    else
        sed -n 's/.*: dma_\(map\|unmap\)_sg: \([^ ]*\) dir=\([A-Z_]*\) .* attrs=\([^ ]*\)$/\1 \2 \3 \4/p' "$T/trace" |
            while read -r op dev dir attrs; do
                case "$attrs" in *SKIP_CPU_SYNC*) attrs=skip ;; *) attrs=sync ;; esac
                say "DMAMAP $1 $op $dev $dir $attrs"
            done
        counts=$(sed -n 's|^# entries-in-buffer/entries-written: \([0-9]*\)/\([0-9]*\).*|\1 \2|p' "$T/trace")
        if [ -n "$counts" ] && [ "${counts% *}" = "${counts#* }" ]; then
            say "DMAMAP-TRACE $1 done"
        else
            say "DMAMAP-TRACE $1 lost ${counts% *}/${counts#* }"
        fi
        echo 0 >"$T/events/dma/dma_map_sg/enable"
        echo 0 >"$T/events/dma/dma_unmap_sg/enable"
    fi
    [ "$sync_trace_ok" != 1 ] || echo nop >"$T/current_tracer"
}

# The ioctl contract the ABI test holds every heap to, checked first on the
# kernel's own heaps (a control: they are upstream's dma-heap core itself).
list_heaps >/tmp/heaps.kernel
kernel_heaps=$(grep -vxF . /tmp/heaps.kernel | sed 's|^|/dev/dma_heap/|' | tr '\n' ' ')
if [ "${CENSPEC_ABI:-1}" = 1 ] && [ -n "$kernel_heaps" ] && [ -x /bin/heap_abi_test ]; then
    say "STEP abi-control $kernel_heaps"
    # shellcheck disable=SC2086  # word list on purpose
    heap_abi_test --contract $kernel_heaps || abi_fail=$((abi_fail + 1))
fi

# Modules loaded before the tested ones and removed after them (the test
# importer of boot-guest.sh --preload).
for ko in ${CENSPEC_PRELOAD:-}; do
    say "STEP preload $ko"
    insmod "$ko"
    rc=$?
    say "PRELOAD $(basename "$ko" .ko) insmod rc=$rc"
    [ "$rc" -eq 0 ] || insmod_fail=$((insmod_fail + 1))
done

# PCI devices moved from the IOMMU's identity domain to a translating one
# (boot-guest.sh --iommu-translate). The kernel changes a group's domain only
# while no driver is bound, and on arm64 a PCI device joins its IOMMU group
# only when a driver first probes it: so after the preloaded drivers bound
# them, each is unbound, its group's type set to DMA, and bound again to the
# same driver. A device left untranslated fails the boot as a failed preload.
for bdf in ${CENSPEC_IOMMU_DMA:-}; do
    d=/sys/bus/pci/devices/$bdf
    drv=$(readlink "$d/driver" 2>/dev/null)
    [ -z "$drv" ] || echo "$bdf" >"$d/driver/unbind"
    echo DMA 2>/dev/null >"$d/iommu_group/type"
    rc=$?
    [ -z "$drv" ] || echo "$bdf" 2>/dev/null >"/sys/bus/pci/drivers/${drv##*/}/bind"
    type=$(cat "$d/iommu_group/type" 2>/dev/null || echo none)
    say "IOMMU $bdf type=$type write_rc=$rc driver=${drv##*/} bound=$([ -e "$d/driver" ] && echo 1 || echo 0)"
    case "$type" in DMA|DMA-FQ) ;; *) insmod_fail=$((insmod_fail + 1)) ;; esac
    [ -z "$drv" ] || [ -e "$d/driver" ] || insmod_fail=$((insmod_fail + 1))
done

# Upstream's test subjects (upstream.sh): kernel modules such as vgem and vivid
# loaded before the first --upstream module, the kernel's own heap selftest and
# the importer plan while each --upstream module is loaded.
. /censpec/upstream.sh
kmods_loaded=0

i=1
while [ "$i" -le "${CENSPEC_NMOD:-0}" ]; do
    ko="" replays="" noabi=0 nojava=0
    eval "ko=\$CENSPEC_MOD_$i"
    eval "replays=\$CENSPEC_REPLAYS_$i"
    eval "noabi=\${CENSPEC_NOABI_$i:-0}"
    eval "nojava=\${CENSPEC_NOJAVA_$i:-0}"
    eval "upstream=\${CENSPEC_UPSTREAM_$i:-0}"
    eval "permanent=\${CENSPEC_PERMANENT_$i:-0}"
    eval "refused=\${CENSPEC_REFUSED_$i:-}"
    if [ -n "$refused" ]; then
        refused_check "$ko" "$(basename "$ko" .ko | tr - _)" "$refused"
        i=$((i + 1))
        continue
    fi
    if [ "$upstream" = 1 ] && [ "$kmods_loaded" = 0 ]; then
        insmod_fail=$((insmod_fail + $(upstream_kmods_load)))
        kmods_loaded=1
    fi
    name=$(basename "$ko" .ko | tr - _)
    # The test build of spec S is the module S_test; its nodes carry S.
    spec=${name%_test}
    m_insmod=- m_replay=ok m_abi=skipped m_rmmod=- m_left=0 m_java=-

    list_heaps >/tmp/heaps.before
    list_ctls >/tmp/ctls.before
    acct_begin
    say "STEP insmod $name"
    insmod "$ko"
    rc=$?
    m_insmod=$rc
    say "MODULE $name insmod rc=$rc uptime=$(uptime_s)"
    if [ "$rc" -ne 0 ]; then
        insmod_fail=$((insmod_fail + 1))
        say "RESULT module=$name insmod=$rc replay=- abi=- rmmod=- leftover=0 java=-"
        i=$((i + 1))
        continue
    fi
    list_heaps >/tmp/heaps.after
    list_ctls >/tmp/ctls.after
    heaps=$(grep -vxF -f /tmp/heaps.before /tmp/heaps.after | sed 's|^|/dev/dma_heap/|' | tr '\n' ' ')
    if [ -c "/dev/${spec}_ctl" ]; then
        ctl=/dev/${spec}_ctl
    else
        ctl=$(grep -vxF -f /tmp/ctls.before /tmp/ctls.after | head -n 1)
        [ -z "$ctl" ] || ctl=/dev/$ctl
    fi
    say "MODULE $name heaps=$(echo "$heaps" | sed 's/ *$//' | tr ' ' ',') ctl=${ctl:--}"
    # The heaps' class when the kernel has no dma-heap framework (udev SUBSYSTEM=="dma_heap").
    say "MODULE $name sysfs_dma_heap=$(ls /sys/class/dma_heap 2>/dev/null | tr '\n' ',' | sed 's/,$//')"

    if [ "$upstream" = 1 ]; then
        upstream_udev "$name"
        udev_fail=$((udev_fail + $?))
    fi

    record_start "$name" "$spec"
    [ -z "$replays" ] || sync_trace_begin
    for r in $replays; do
        if [ -z "$ctl" ]; then
            say "REPLAY $r ERROR no ctl device (is this the test build, make test?)"
            rc=1
        else
            say "STEP replay $name $r"
            heap_abi_test --replay "$ctl" "$r"
            rc=$?
        fi
        if [ "$rc" -ne 0 ]; then
            m_replay=fail
            replay_fail=$((replay_fail + 1))
        fi
    done
    [ -n "$replays" ] || m_replay=-
    [ -z "$replays" ] || sync_trace_end "$name"
    record_stop "$name"

    m_importers=-
    if [ "${CENSPEC_IMPORTERS:-0}" = 1 ] && [ "$upstream" = 1 ]; then
        if upstream_importers "$name"; then m_importers=ok; else m_importers=fail; importers_fail=$((importers_fail + 1)); fi
    fi

    # --run programs of boot-guest.sh: static executables run with the
    # module loaded (argv: module, ctl node or -, heap nodes); exit 0 passes.
    m_run=-
    eval "runs=\${CENSPEC_RUNS_$i:-}"
    for p in $runs; do
        say "STEP run $name $p"
        # shellcheck disable=SC2086  # word lists on purpose
        timeout -s KILL "${CENSPEC_RUN_TIMEOUT:-300}" "$p" "$name" "${ctl:--}" $heaps </dev/null
        rc=$?
        say "RUN $name $(basename "$p") EXIT rc=$rc uptime=$(uptime_s)"
        if [ "$rc" -eq 0 ]; then
            [ "$m_run" = fail ] || m_run=ok
        else
            m_run=fail
            run_fail=$((run_fail + 1))
        fi
    done

    if [ "${CENSPEC_JAVA:-0}" = 1 ] && [ "$nojava" != 1 ]; then
        say "STEP java $name"
        if [ "$java_ready" = 1 ] && java_run "$spec" "$ctl" "$heaps"; then
            m_java=ok
        else
            m_java=fail
            java_fail=$((java_fail + 1))
        fi
    fi

    if [ "${CENSPEC_ABI:-1}" = 1 ] && [ "$noabi" = 1 ] && [ "$upstream" = 1 ] && [ -n "$heaps" ]; then
        # what users load: its heaps keep the ioctl's contract too (through the
        # kernel's framework where the module registered with it); the --expect
        # words say which heaps are protected memory (mmap refused with EPERM)
        say "STEP abi-contract $name"
        # shellcheck disable=SC2086  # word lists on purpose
        if heap_abi_test --contract $CENSPEC_ABI_OPTS $heaps; then m_abi=ok; else m_abi=fail; abi_fail=$((abi_fail + 1)); fi
    fi
    if [ "${CENSPEC_ABI:-1}" = 1 ] && [ "$noabi" != 1 ]; then
        if [ -z "$heaps" ]; then
            say "ABI - ERROR module $name created no /dev/dma_heap node"
            m_abi=fail
            abi_fail=$((abi_fail + 1))
        else
            say "STEP abi $name"
            # shellcheck disable=SC2086  # word lists on purpose
            if heap_abi_test $CENSPEC_ABI_OPTS $heaps; then
                m_abi=ok
            else
                m_abi=fail
                abi_fail=$((abi_fail + 1))
            fi
        fi
    fi

    m_selftest=-
    if [ "${CENSPEC_SELFTEST:-0}" = 1 ] && [ "$upstream" = 1 ]; then
        if upstream_selftest "$name"; then m_selftest=ok; else m_selftest=fail; selftest_fail=$((selftest_fail + 1)); fi
    fi

    if [ -d "/sys/kernel/debug/$name" ]; then
        for f in $(find "/sys/kernel/debug/$name" -type f | sort); do
            say "DEBUGFS $f BEGIN"
            head -c 65536 "$f" 2>&1
            say "DEBUGFS $f END"
        done
    fi

    if [ "$permanent" = 1 ]; then
        permanent_check "$name" "$heaps"
        i=$((i + 1))
        continue
    fi
    say "STEP rmmod $name"
    rmmod "$name"
    rc=$?
    m_rmmod=$rc
    say "MODULE $name rmmod rc=$rc uptime=$(uptime_s)"
    [ "$rc" -eq 0 ] || rmmod_why "$name"
    [ "$rc" -ne 0 ] || acct_end "$name" || leak_fail=$((leak_fail + 1))
    if [ "$rc" -ne 0 ]; then
        rmmod_fail=$((rmmod_fail + 1))
    else
        for n in $heaps $ctl; do
            if [ -e "$n" ]; then
                say "MODULE $name ERROR $n still exists after rmmod"
                m_left=$((m_left + 1))
            fi
        done
        leftover=$((leftover + m_left))
        if [ "${CENSPEC_RELOAD:-0}" = 1 ]; then
            insmod "$ko" && rmmod "$name"
            rc=$?
            say "MODULE $name reload rc=$rc"
            [ "$rc" -eq 0 ] || { rmmod_fail=$((rmmod_fail + 1)); m_rmmod=reload-$rc; }
        fi
    fi
    say "RESULT module=$name insmod=$m_insmod replay=$m_replay abi=$m_abi rmmod=$m_rmmod leftover=$m_left java=$m_java run=$m_run selftest=$m_selftest importers=$m_importers"
    i=$((i + 1))
done

# A kernel with CONFIG_DEBUG_KMEMLEAK: scan once the modules are gone (twice:
# a first scan only marks candidates).
if [ -w /sys/kernel/debug/kmemleak ]; then
    say "STEP kmemleak"
    echo scan >/sys/kernel/debug/kmemleak
    sleep 1
    echo scan >/sys/kernel/debug/kmemleak
    cat /sys/kernel/debug/kmemleak >/tmp/kmemleak
    say "KMEMLEAK reports=$(grep -c '^unreferenced object' /tmp/kmemleak)"
    grep -A 12 '^unreferenced object' /tmp/kmemleak | head -n 60 | sed 's/^/kmemleak: /' >/dev/kmsg 2>/dev/null
fi

for ko in ${CENSPEC_PRELOAD:-}; do
    rmmod "$(basename "$ko" .ko)"
    rc=$?
    say "PRELOAD $(basename "$ko" .ko) rmmod rc=$rc"
    [ "$rc" -eq 0 ] || rmmod_fail=$((rmmod_fail + 1))
done

say "STEP dmesg"
dmesg >/tmp/dmesg
say "DMESG BEGIN"
cat /tmp/dmesg
say "DMESG END"
# BUG:/WARNING: cover KASAN, lockdep, DMA-API debug (its first report per
# driver is a WARNING) and dma-buf debug; kmemleak's lines were added above.
bad_re='BUG:|WARNING:|Oops|Call Trace|possible circular locking|inconsistent lock state|kmemleak: unreferenced object|DMA-API: .*(driver|device)'
dmesg_bad=$(grep -cE "$bad_re" /tmp/dmesg)
grep -E "$bad_re" /tmp/dmesg | head -n 20 | while IFS= read -r l; do
    say "DMESG-BAD $l"
done

status=pass
[ $((insmod_fail + replay_fail + abi_fail + rmmod_fail + leftover + dmesg_bad + java_fail + run_fail + selftest_fail + importers_fail + udev_fail + leak_fail)) -eq 0 ] || status=fail
[ "${CENSPEC_JAVA:-0}" = 0 ] || [ "$java_ready" = 1 ] || status=fail
[ "${CENSPEC_NMOD:-0}" -gt 0 ] || status=fail
say "RESULT status=$status modules=${CENSPEC_NMOD:-0} insmod_fail=$insmod_fail replay_fail=$replay_fail abi_fail=$abi_fail rmmod_fail=$rmmod_fail leftover_nodes=$leftover dmesg_bad=$dmesg_bad java_fail=$java_fail run_fail=$run_fail selftest_fail=$selftest_fail importers_fail=$importers_fail leak_fail=$leak_fail udev_fail=$udev_fail uptime=$(uptime_s)"
say "DONE"
sync
# a board without PSCI (raspi3b) resets through its watchdog driver
[ -z "${CENSPEC_RESET_KMOD:-}" ] || { insmod "$CENSPEC_RESET_KMOD" && reboot -f; }
poweroff -f
