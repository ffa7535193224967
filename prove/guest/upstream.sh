# shellcheck shell=sh
# Sourced by /init (init.sh) of the censpec test guest: upstream's own test
# subjects. Reads from /censpec/plan (boot-guest.sh writes it):
#   CENSPEC_KMODS_UPSTREAM  "name|params ..." kernel modules of the booted
#                           kernel (vgem, vivid, ...), each after the ones it
#                           depends on, files in /censpec/kmod-upstream/<name>.ko
#   CENSPEC_SELFTEST        /bin/dmabuf-heap-selftest present: 1
#   CENSPEC_IMPORTERS       /bin/importer_drive and /censpec/importers.plan present: 1
# Output lines (prove/guest/README.md):
#   @@CENSPEC KMOD <name> insmod rc=N params=...
#   @@CENSPEC SELFTEST-OUT <module> <line of the selftest's output>
#   @@CENSPEC SELFTEST <module> EXIT rc=N uptime=S
#   @@CENSPEC IMPORTER ...  (importer_drive's own lines)
#   @@CENSPEC IMPORTERS <module> EXIT rc=N uptime=S

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

# upstream_selftest MODULE: the kernel's own heap selftest over every
# /dev/dma_heap/* node while MODULE is loaded; its output, line by line, for the
# host to read each check from. Returns its exit status.
upstream_selftest() {
    local rc
    [ "${CENSPEC_SELFTEST:-0}" = 1 ] || return 0
    say "STEP selftest $1"
    timeout -s KILL "${CENSPEC_SELFTEST_TIMEOUT:-300}" /bin/dmabuf-heap-selftest </dev/null >/tmp/selftest.out 2>&1
    rc=$?
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
