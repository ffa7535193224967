# shellcheck shell=sh
# Sourced by /init (init.sh) of the censpec test guest: upstream's own test
# subjects. Reads from /censpec/plan (boot-guest.sh writes it):
#   CENSPEC_KMODS_UPSTREAM  "name|params ..." kernel modules of the booted
#                           kernel (vgem, vivid, ...), each after the ones it
#                           depends on, files in /censpec/kmod-upstream/<name>.ko
#   CENSPEC_SELFTEST        /bin/dmabuf-heap-selftest present: 1
#   CENSPEC_IMPORTERS       /bin/importer_drive and /censpec/importers.plan present: 1
#   CENSPEC_UDEV            the host's udev and the module's rules present: 1
#                           (guest-udev.sh; /censpec/udev.expect)
# Output lines (prove/guest/README.md):
#   @@CENSPEC KMOD <name> insmod rc=N params=...
#   @@CENSPEC SELFTEST-OUT <module> <line of the selftest's output>
#   @@CENSPEC SELFTEST <module> HIDDEN <heap> protected
#   @@CENSPEC SELFTEST <module> EXIT rc=N uptime=S
#   @@CENSPEC IMPORTER ...  (importer_drive's own lines)
#   @@CENSPEC IMPORTERS <module> EXIT rc=N uptime=S
#   @@CENSPEC UDEV <module> node|link ... ok|fail ...
#   @@CENSPEC UDEV <module> SUMMARY passed=N failed=M

# upstream_kmods_load: insmod each module in order; prints how many failed.
upstream_kmods_load() {
    local entry name params rc failed=0
    for entry in ${CENSPEC_KMODS_UPSTREAM:-}; do
        name=${entry%%|*}
        params=$(echo "${entry#*|}" | tr '|' ' ')
        [ "$entry" != "$name" ] || params=""
        # shellcheck disable=SC2086  # module parameters are words
        insmod "/censpec/kmod-upstream/$name.ko" $params >/tmp/kmod.err 2>&1
        rc=$?
        say "KMOD $name insmod rc=$rc params=${params:--}$([ "$rc" -eq 0 ] || echo " error=$(tr '\n' ' ' </tmp/kmod.err)")" >&2
        [ "$rc" -eq 0 ] || failed=$((failed + 1))
    done
    echo "$failed"
}

# upstream_protected_heaps: the heaps the model predicts protected memory
# (heap_abi_test's --expect NAME=protected in CENSPEC_ABI_OPTS), one a line.
upstream_protected_heaps() {
    local w
    for w in ${CENSPEC_ABI_OPTS:-}; do
        case "$w" in
            *=protected) echo "${w%=protected}" ;;
        esac
    done
}

# upstream_selftest MODULE: the kernel's own heap selftest over every
# /dev/dma_heap/* node while MODULE is loaded, except the protected ones (its
# checks map every buffer, which protected memory refuses by design; the ABI
# test checks that refusal) and those of CENSPEC_SELFTEST_HIDE (too small for
# its 32 live buffers by design): they wait in /dev/censpec-hidden (same devtmpfs,
# renamed back after). Its output, line by line, for the host to read each
# check from. Returns its exit status.
upstream_selftest() {
    local rc h
    [ "${CENSPEC_SELFTEST:-0}" = 1 ] || return 0
    say "STEP selftest $1"
    mkdir -p /dev/censpec-hidden
    for h in $(upstream_protected_heaps); do
        [ ! -c "/dev/dma_heap/$h" ] || { mv "/dev/dma_heap/$h" /dev/censpec-hidden/ && say "SELFTEST $1 HIDDEN $h protected"; }
    done
    for h in ${CENSPEC_SELFTEST_HIDE:-}; do
        [ ! -c "/dev/dma_heap/$h" ] || { mv "/dev/dma_heap/$h" /dev/censpec-hidden/ && say "SELFTEST $1 HIDDEN $h limits"; }
    done
    timeout -s KILL "${CENSPEC_SELFTEST_TIMEOUT:-300}" /bin/dmabuf-heap-selftest </dev/null >/tmp/selftest.out 2>&1
    rc=$?
    for h in /dev/censpec-hidden/*; do
        [ ! -e "$h" ] || mv "$h" /dev/dma_heap/
    done
    sed "s/^/@@CENSPEC SELFTEST-OUT $1 /" /tmp/selftest.out
    say "SELFTEST $1 EXIT rc=$rc uptime=$(uptime_s)"
    return "$rc"
}

# upstream_importers MODULE: the kernel's own importers (vivid, vgem) driven
# by the importer plan while MODULE is loaded; importer_drive prints each
# command's result, the host compares them with the model. Returns its exit
# status (0 when it read the whole plan).
upstream_importers() {
    local rc
    [ "${CENSPEC_IMPORTERS:-0}" = 1 ] || return 0
    say "STEP importers $1"
    say "IMPORTERS $1 BEGIN"
    timeout -s KILL "${CENSPEC_IMPORTERS_TIMEOUT:-600}" /bin/importer_drive /censpec/importers.plan </dev/null
    rc=$?
    say "IMPORTERS $1 EXIT rc=$rc uptime=$(uptime_s)"
    return "$rc"
}

# upstream_udev MODULE: the module's udev rules applied by systemd-udevd (the
# host's, staged by guest-udev.sh) to the heaps just created: each node gets
# the group and mode of /censpec/udev.expect, each former name links to its
# heap. udevd runs only for this check (started after the new heaps were
# listed, so its links are not taken for heaps) and the links are removed
# after it (the selftest walks /dev/dma_heap). Returns the number of failures.
upstream_udev() {
    local kind a b c got want ok=0 bad=0
    [ "${CENSPEC_UDEV:-0}" = 1 ] || return 0
    say "STEP udev $1"
    mkdir -p /run
    mount -t tmpfs tmpfs /run 2>/dev/null
    /lib/systemd/systemd-udevd --daemon >/tmp/udevd.log 2>&1
    /usr/bin/udevadm trigger --action=add --subsystem-match=dma_heap --subsystem-match=misc
    /usr/bin/udevadm settle --timeout=60
    while read -r kind a b c; do
        case "$kind" in
            node)
                got=$(stat -c 'group=%G mode=%a' "/dev/dma_heap/$a" 2>&1)
                want="group=$b mode=$(printf '%o' "$c")" ;;
            link)
                got=$([ -L "/dev/dma_heap/$a" ] && readlink -f "/dev/dma_heap/$a" || echo "no link")
                want=$(readlink -f "/dev/dma_heap/$b") ;;
            *) continue ;;
        esac
        if [ "$got" = "$want" ]; then
            ok=$((ok + 1))
            say "UDEV $1 $kind $a ok $got"
        else
            bad=$((bad + 1))
            say "UDEV $1 $kind $a fail got '$got' want '$want'"
        fi
    done </censpec/udev.expect
    /usr/bin/udevadm control --exit
    while read -r kind a b c; do
        [ "$kind" != link ] || [ ! -L "/dev/dma_heap/$a" ] || rm -f "/dev/dma_heap/$a"
    done </censpec/udev.expect
    [ "$ok" -gt 0 ] || { bad=$((bad + 1)); say "UDEV $1 fail: nothing was checked; udevd: $(tr '\n' ' ' </tmp/udevd.log)"; }
    say "UDEV $1 SUMMARY passed=$ok failed=$bad"
    return "$bad"
}
