#!/usr/bin/env bash
# Usage: prove/scripts/mutation-suite.sh [--spec SPEC] [--generated DIR]
#            [--work DIR] [--only NAME]... [--short] [--jobs N] [--list]
#            [-- PROVE_OPTIONS...]
#
# Mutation testing of the proof: deliberate faults applied to a copy of the
# generated module (default the committed rpi4_camera output), each of which
# `censpec prove --generated COPY SPEC` must report as failed (exit 1).
#   1. the unmutated module must pass (else nothing is learnt; exit 2);
#   2. each mutant is a named, pattern-based edit (perl, over the module's .c
#      files except the test build's): a pattern that no longer matches the
#      generated C FAILS THE SUITE LOUDLY (the module changed: update the
#      mutant, never drop it); a mutant that no longer builds W=1-clean fails
#      it too (it would be "killed" by the compiler, proving nothing);
#   3. prints one line per mutant (KILLED / SURVIVED, with prove's verdict),
#      then "mutants: K of N killed"; exit 0 only if every mutant was killed.
# A mutant may name its own spec (protected-mappable proves runtime_paths.cen,
# the spec with a protected allocator; the region mutants region_pool.cen,
# whose allocator names a reserved-memory region) and extra prove options
# (below-ignored boots a 5 GiB guest, where pages above 4 GiB exist; the
# region mutants boot arm64, whose devicetree has the region).
# PROVE_OPTIONS go to every prove run (e.g. --kernel 6.12). Stage times printed.
# --jobs N proves N baselines, then N mutants, at once (default: the number of
# CPUs; a TCG guest uses one), the results still printed in the suite's order.
# --short proves one mutant of each class (the one marked * in --list; ./run-tests
# runs this form) and still applies every other mutant's pattern, so a mutant the
# module outgrew fails the short form too; the full suite proves all of them.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
spec="$root/examples/rpi4_camera.cen" gen="$root/generated-driver/rpi4_camera"
work="${TMPDIR:-/tmp}/censpec-mutants" only=() list=0 short=0 prove_opts=() jobs="$(nproc)"
while [ $# -gt 0 ]; do
    case "$1" in
        --spec) spec="${2:?--spec SPEC}"; shift 2 ;;
        --generated) gen="${2:?--generated DIR}"; shift 2 ;;
        --work) work="${2:?--work DIR}"; shift 2 ;;
        --only) only+=("${2:?--only NAME}"); shift 2 ;;
        --list) list=1; shift ;;
        --short) short=1; shift ;;
        --jobs) jobs="${2:?--jobs N}"; shift 2
                [[ "$jobs" =~ ^[1-9][0-9]*$ ]] || { echo "mutation-suite: --jobs takes a positive number, not '$jobs'" >&2; exit 2; } ;;
        --) shift; prove_opts=("$@"); break ;;
        -h|--help) sed -n '2,27s/^# \{0,1\}//p' "$0"; exit 0 ;;
        *) echo "mutation-suite: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done

# mutant NAME CLASS SPEC EXTRA_PROVE_OPTIONS WHAT_MUST_KILL_IT SUBSTITUTION: CLASS is the
# kind of fault (docs/proof.md, "Mutants by class"), marked with a trailing * on the
# one mutant of the class that --short proves; SPEC is "" for
# --spec (default rpi4_camera) or a spec path relative to the repository, whose module
# is generated into the work folder; the substitution is perl, ' @@ '-separated,
# applied with -0777 (whole file). Each (spec, options) pair gets its own unmutated
# baseline, which must pass: a mutant "killed" by options that fail anyway proves nothing.
RUNTIME_PATHS=generated-driver/src/test/resources/specs/runtime_paths.cen
REGION_POOL=generated-driver/src/test/resources/specs/region_pool.cen
M_NAME=() M_CLASS=() M_SHORT=() M_SPEC=() M_EXTRA=() M_WHY=() M_SUBST=()
mutant() {
    M_NAME+=("$1") M_CLASS+=("${2%\*}") M_SPEC+=("$3") M_EXTRA+=("$4") M_WHY+=("$5") M_SUBST+=("$6")
    if [ "${2: -1}" = '*' ]; then M_SHORT+=(1); else M_SHORT+=(0); fi
}
mutant unregistered-all-ones "reach" "" "" \
    "an importer known only by its DMA mask (@raw32) must get only the allocators it reaches" \
    's/if \(cen_dev_reaches\(dev, cen_spec.ram_base, cen_alloc_last\(i\),\n\t\t\t\t    limit\)\)/if (limit)/g'
mutant cpu-access-sync-deleted "cache" "" "" \
    "begin/end_cpu_access must sync each mapped attachment (ftrace order)" \
    's/dma_sync_sgtable_for_(cpu|device)\([^;]*\);/(void)dir;/g'
mutant lowest-priority-wins "reach*" "" "" \
    "the first allocator left in the mask backs the buffer" \
    's/idx = __ffs\(mask\);/idx = __fls(mask);/g'
mutant sync-wrong-direction "cache" "" "" \
    "begin_cpu_access syncs for the CPU, end_cpu_access for the device" \
    's/dma_sync_sgtable_for_cpu\(/CEN_MUTANT_SWAP(/g @@ s/dma_sync_sgtable_for_device\(/dma_sync_sgtable_for_cpu(/g @@ s/CEN_MUTANT_SWAP\(/dma_sync_sgtable_for_device(/g'
mutant no-fallback-through-mask "reach" "" "" \
    "an allocator that cannot serve a size (a 4K NV12 frame past a 4 MiB buddy block) hands over to the next one in the mask" \
    's/if \(ret == -EINTR\)\n\t\t\tbreak;/if (ret)\n\t\t\tbreak;/'
mutant protected-mappable "protected" "$RUNTIME_PATHS" "" \
    "CPU access (sync, vmap) to a buffer a protected device's map backed with protected memory is refused with EPERM" \
    's/if \(!cen_spec\.allocators\[alloc\]\.protected_mem\)\n\t\treturn 0;/if (alloc >= 0)\n\t\treturn 0;/'
mutant below-ignored "reach" "" "--memory 5G" \
    "every page of a buffer lies below its allocator's bound (the test build's own placement check, 5 GiB guest)" \
    's/(\bcen_range_ok\(phys_addr_t start, u64 len, u64 last\)\n\{\n)\treturn [^;]*;/${1}\treturn len \&\& start + len > start;/ @@ s/(gfp_t zone = )cen_state\[idx\]\.zone;/${1}0;/'
mutant region-ignored "region" "$REGION_POOL" "--arch arm64" \
    "an allocator that names a reserved-memory region allocates inside it (the arm64 guest's censpec-pool)" \
    's/ret = rmem->ops->device_init\(rmem, &st->pdev->dev\);/ret = 0;/'
mutant region-overflow-unchecked "region*" "$REGION_POOL" "--arch arm64" \
    "a region allocator's block lies inside its region even when the region is full (heap_stress's fill: 32 one-page buffers of 1 MiB alignment fill censpec-pool, then the DMA API falls back to the buddy allocator)" \
    's/(static bool cen_block_in_region\([^)]*\)\n\{\n).*?\n\}/${1}\treturn true;\n}/s'
# Issue 24: cache maintenance, protected memory and CPU mappings, accounting (data boot and
# replays on the default x86-64 6.1 target unless a region needs arm64).
mutant unmap-skips-cpu-sync "cache*" "" "" \
    "an unmap syncs for the CPU whatever else is mapped (data boot: the writer's last DMA write before its unmap, read by the CPU after it)" \
    's/dma_unmap_sgtable\(a->dev, &a->table, a->dir, 0\);/dma_unmap_sgtable(a->dev, \&a->table, a->dir,\n\t\t\t  buf->nr_mapped > 1 ? DMA_ATTR_SKIP_CPU_SYNC : 0);/'
mutant first-map-skips-cpu-sync "cache" "" "--kernel 6.12" \
    "the first map of a buffer syncs for the device; only a map while another attachment is mapped skips it (the dma:dma_map_sg events' attrs, Linux 6.12 on: swiotlb copies at every map, so no data boot sees it)" \
    's/dma_map_sgtable\(a->dev, &a->table, dir,\n\t\t\t      buf->nr_mapped \? DMA_ATTR_SKIP_CPU_SYNC : 0\);/dma_map_sgtable(a->dev, \&a->table, dir,\n\t\t\t      DMA_ATTR_SKIP_CPU_SYNC);/'
mutant cpu-sync-access-direction "cache" "" "" \
    "begin/end_cpu_access sync each mapping in its own direction, not the access's (data boot: a write-only sync while a bidirectional writer is mapped must not lose its data)" \
    's/dma_sync_sgtable_for_(cpu|device)\(a->dev, &a->table, a->dir\);/dma_sync_sgtable_for_$1(a->dev, \&a->table, dir);/g'
mutant protected-after-fallback "protected*" "$RUNTIME_PATHS" "" \
    "CPU backing that falls back past a contiguous allocator stops at a protected one (ABI test on heap guarded: mmap beyond 4 MiB refused with EPERM; data boot: CPU access refused)" \
    's/if \(!dev && cen_spec\.allocators\[idx\]\.protected_mem\) \{/if (!dev \&\& !cen_spec.allocators[idx].protected_mem \&\& 0) {/'
mutant vmap-offered-with-protected "protected" "$RUNTIME_PATHS" "" \
    "a buffer that protected memory may back is exported without vmap (kvmap and the data boot's in-kernel vmap: EINVAL without a WARN)" \
    's/if \(a->protected_mem\)\n\t\t\treturn false;/if (a->protected_mem)\n\t\t\tcontinue;/'
mutant vmap-ops-for-protected "protected" "$RUNTIME_PATHS" "" \
    "backing by a protected device's map does not offer vmap (kvmap after tee's map: EINVAL without a WARN)" \
    's/if \(!cen_spec\.allocators\[idx\]\.protected_mem\)\n\t\tWRITE_ONCE/if (buf)\n\t\tWRITE_ONCE/'
mutant double-backing-race "lifetime*" "" "" \
    "racing first accesses back a buffer once (data boot's race: 4 first accesses to a 32 MiB buffer at once, charged once, nothing leaked)" \
    's/\tmutex_(un)?lock\(&buf->back_lock\);/\t(void)buf->back_lock;/g'
mutant refused-block-leaked "region" "$REGION_POOL" "--arch arm64" \
    "a block refused for lying outside its region is freed (data boot's fill of censpec-pool: every refused block freed; per-boot memory accounting)" \
    's/(!cen_block_in_region\(&cen_state\[idx\], page_to_phys\(page\), size\)\) \{\n)\t\tdma_free_pages\(dev, size, page, dma, DMA_TO_DEVICE\);\n/${1}/'
mutant absent-region-errno "region" "$REGION_POOL" "--kernel 6.12" \
    "a buffer no allocator of its mask can back is -ENOMEM, whatever the last one said (x86-64 has no censpec-pool: that allocator answers -ENODEV)" \
    's/\tif \(ret && tried && ret != -EINTR && ret != -EPERM\)\n\t\tret = -ENOMEM;\n//'
mutant accounting-dropped "lifetime" "" "" \
    "pages are charged to the buffer creator's memory cgroup (data boot's charge: memory.current of the creator's cgroup)" \
    's/ \| __GFP_ACCOUNT\)/)/g @@ s/ \| \\\n\t\t\t\t __GFP_ACCOUNT\)/)/g'
mutant identity-iommu-translates "reach" "" "" \
    "a device in an IOMMU's identity domain is bounded by its DMA mask (data boot: a 28-bit edu behind intel-iommu in passthrough gets no allocator)" \
    's/if \(cen_iommu_translates\(dev\)\)\n\t\treturn cen_cpu_mask\(\);/if (device_iommu_mapped(dev))\n\t\treturn cen_cpu_mask();/'
mutant translating-iommu-as-none "reach" "" "" \
    "a device behind an IOMMU that translates (a DMA or DMA-FQ domain) reaches every CPU-accessible allocator through it (data boot: the third edu engine, 24-bit mask, in a DMA domain attaches and moves data on every heap; the runtime's log says IOMMU)" \
    's/return domain && domain->type != IOMMU_DOMAIN_IDENTITY;/return domain \&\& domain->type == IOMMU_DOMAIN_UNMANAGED;/'
mutant translating-iommu-maps-protected "protected" "$RUNTIME_PATHS" "" \
    "an IOMMU maps any page, but a device the spec does not name never gets a protected allocator (data boot: the translating edu engine's attach on heap vaulted, protected memory only, is refused with EINVAL)" \
    's/if \(cen_iommu_translates\(dev\)\)\n\t\treturn cen_cpu_mask\(\);/if (cen_iommu_translates(dev))\n\t\treturn GENMASK(cen_spec.nr_allocators - 1, 0);/'
mutant iova-width-ignored "reach" "$RUNTIME_PATHS" "" \
    "a spec device declared iommu keeps its promise only with a DMA mask covering its dma_bits, the IOVA width (data boot: the translating edu engine registered as codec through runtime_paths_register_device() with a 31-bit mask is refused with EINVAL, and so is its attach once registered and narrowed)" \
    's/if \(d->iommu\)\n\t\treturn limit >= want;/if (d->iommu)\n\t\treturn true;/'
mutant segment-size-ignored "reach" "" "" \
    "no sg segment is longer than the importer's dma_get_max_seg_size (@seg64k: 64 KiB segments)" \
    's/max_seg = max_t\(unsigned int, dma_get_max_seg_size\(a->dev\),/max_seg = max_t(unsigned int, UINT_MAX,/'
mutant heap-ioctl-exact-size "upstream*" "" "" \
    "the heap ioctl takes an older (smaller) and a newer (larger) struct as upstream's dma-heap core does (the ABI test's contract checks, the kernel's own heap selftest)" \
    's/if \(nr >= ARRAY_SIZE\(cen_heap_cmds\)\)\n\t\treturn -EINVAL;/if (ucmd != DMA_HEAP_IOCTL_ALLOC)\n\t\treturn -ENOTTY;/'
if [ "$list" = 1 ]; then
    for i in "${!M_NAME[@]}"; do
        mark=' '
        [ "${M_SHORT[$i]}" = 0 ] || mark='*'
        printf '%-26s %-10s %s%s\n' "${M_NAME[$i]}" "${M_CLASS[$i]}$mark" "${M_WHY[$i]}" \
            "${M_SPEC[$i]:+ [${M_SPEC[$i]}]}${M_EXTRA[$i]:+ [${M_EXTRA[$i]}]}"
    done
    exit 0
fi
[ -f "$spec" ] || { echo "mutation-suite: spec '$spec' not found" >&2; exit 2; }
[ -f "$gen/.censpec-manifest" ] || { echo "mutation-suite: '$gen' is not censpec output" >&2; exit 2; }
rm -rf "$work"
mkdir -p "$work"
t_start=$(date +%s)

prove() { # OUTDIR LOG SPEC GENERATED [extra...]
    local out="$1" log="$2" s="$3" g="$4"
    shift 4
    "$root/censpec" prove --generated "$g" --work "$out" "${prove_opts[@]}" "$@" "$s" >"$log" 2>&1
}

# A whole module from DIR: DIR itself, or, when it holds only the tables (censpec
# generate --tables-only, as generated-driver/ does), a copy completed with the kernel
# runtime (kernel-runtime/, committed once) in the work folder.
whole_module() { # DIR
    local dir="$1" full
    if ! grep -q '^# tables only' "$dir/.censpec-manifest"; then
        WHOLE="$dir"
        return 0
    fi
    full="$work/whole-$(basename "$dir")"
    if [ ! -d "$full" ]; then
        cp -R "$dir" "$full"
        sed -i '/^# tables only/d' "$full/.censpec-manifest"
        while IFS= read -r f; do
            case "$f" in ''|'#'*) continue ;; esac
            cp "$root/kernel-runtime/$f" "$full/kernel/$f"
            echo "kernel/$f" >> "$full/.censpec-manifest"
        done < "$root/kernel-runtime/runtime.files"
    fi
    WHOLE="$full"
}

# The spec file and unmutated module of mutant I (SPEC_FILE, GENERATED).
mutant_source() {
    local rel="${M_SPEC[$1]}"
    if [ -z "$rel" ]; then
        whole_module "$gen"
        SPEC_FILE="$spec" GENERATED="$WHOLE"
        return 0
    fi
    SPEC_FILE="$root/$rel"
    GENERATED="$work/generated-$(basename "$rel" .cen)"
    if [ ! -f "$GENERATED/.censpec-manifest" ]; then
        "$root/censpec" generate -o "$GENERATED" "$SPEC_FILE" >"$GENERATED.log" 2>&1 ||
            { echo "mutation-suite: FAILED: censpec generate $rel (log $GENERATED.log)" >&2; exit 2; }
    fi
}

# Whether mutant I is proved in this run (--only, --short).
selected_mutant() { # INDEX
    if [ "${#only[@]}" -gt 0 ]; then
        [[ " ${only[*]} " == *" ${M_NAME[$1]} "* ]]
    else
        [ "$short" = 0 ] || [ "${M_SHORT[$1]}" = 1 ]
    fi
}

# Up to $jobs commands at once: start_job COMMAND... waits for a free slot first.
running=0
start_job() {
    if [ "$running" -ge "$jobs" ]; then
        wait -n || true
        running=$((running - 1))
    fi
    "$@" &
    running=$((running + 1))
}

# ---- baselines: each (spec, options) a mutant uses must pass unmutated -------------
# One baseline: proves the unmutated module into $work/baseline-N, its exit in .../rc.
run_baseline() { # N SPEC_FILE GENERATED EXTRA
    local n="$1" rc=0
    # shellcheck disable=SC2086  # the options are a word list
    prove "$work/baseline-$n" "$work/baseline-$n.log" "$2" "$3" $4 || rc=$?
    echo "$rc" > "$work/baseline-$n.rc"
}
declare -A baseline_done=()
baselines=()
for i in "${!M_NAME[@]}"; do
    selected_mutant "$i" || continue
    key="${M_SPEC[$i]}|${M_EXTRA[$i]}"
    [ -z "${baseline_done[$key]:-}" ] || continue
    baseline_done[$key]=1
    mutant_source "$i"
    baselines+=("$i")
    start_job run_baseline "${#baselines[@]}" "$SPEC_FILE" "$GENERATED" "${M_EXTRA[$i]}"
done
wait || true
running=0
for n in "${!baselines[@]}"; do
    i="${baselines[$n]}" n=$((n + 1))
    mutant_source "$i"
    what="$(basename "$SPEC_FILE")${M_EXTRA[$i]:+ ${M_EXTRA[$i]}}"
    rc="$(cat "$work/baseline-$n.rc" 2>/dev/null || echo 'none')"
    if [ "$rc" != 0 ]; then
        cat "$work/baseline-$n.log" >&2
        echo "mutation-suite: FAILED: the unmutated module of $what does not pass prove (exit $rc); log $work/baseline-$n.log" >&2
        exit 2
    fi
    echo "mutation-suite: baseline $what passes ($(tail -n 1 "$work/baseline-$n.log"))"
done

# One mutant: apply its edits to a copy, prove it, write its verdict line and
# outcome (killed / survived / broken) into $work/NAME/result.
run_mutant() { # INDEX [apply-only]
    local i="$1" name="${M_NAME[$1]}" subst="${M_SUBST[$1]}" extra="${M_EXTRA[$1]}" why="${M_WHY[$1]}"
    local t copy hits n rc verdict secs log
    t=$(date +%s)
    copy="$work/$name/generated" RESULT="$work/$name/result" log="$work/$name/prove.log"
    mkdir -p "$work/$name"
    cp -R "$GENERATED" "$copy"
    hits=0
    while IFS= read -r -d '' f; do
        n="$(SUBST="$subst" perl -0777 -i -ne 'for my $s (split / @@ /, $ENV{SUBST}) { my $k = eval "\$_ =~ $s"; die $@ if $@; $::hits += $k || 0; } print; END { print STDERR (($::hits || 0) . "\n"); }' "$f" 2>&1 >/dev/null | tail -n 1)" ||
            { result broken "mutation-suite: FAILED: mutant $name: perl error on $f: $n"; return 0; }
        hits=$((hits + n))
    done < <(find "$copy/kernel" -name '*.c' ! -name '*_test.c' ! -name 'cen_test.c' -print0)
    if [ "$hits" -eq 0 ]; then
        result broken "mutation-suite: FAILED: mutant $name no longer applies: its pattern matches nothing in $GENERATED/kernel (update the mutant to the new module)"
        return 0
    fi
    if [ "${2:-}" = apply-only ]; then
        result applies "mutant $name ($hits edit(s)): applies, not proved in the short form"
        return 0
    fi
    rc=0
    # shellcheck disable=SC2086  # extra is a word list
    prove "$work/$name/prove" "$log" "$SPEC_FILE" "$copy" $extra || rc=$?
    verdict="$(tail -n 1 "$log")"
    secs=$(( $(date +%s) - t ))
    if grep -q '^prove: FAIL building' "$log"; then
        result broken "mutation-suite: FAILED: mutant $name does not build W=1-clean (log $log); make it compile"
    elif [ "$rc" -eq 1 ]; then
        result killed "mutant $name ($hits edit(s)): KILLED in $secs s: $verdict"
    elif [ "$rc" -eq 0 ]; then
        result survived "mutant $name ($hits edit(s)): SURVIVED in $secs s: $verdict (should fail: $why; log $log)"
    else
        result broken "mutation-suite: FAILED: prove of mutant $name exited $rc: $verdict (log $log)"
    fi
}

# The outcome (killed, survived, applies, broken) and line of the mutant run_mutant runs.
result() { # OUTCOME LINE
    printf '%s\n%s\n' "$1" "$2" > "$RESULT"
}

selected=() unproved=()
for i in "${!M_NAME[@]}"; do
    if selected_mutant "$i"; then
        selected+=("$i")
    elif [ "${#only[@]}" -eq 0 ]; then
        unproved+=("$i")
    fi
done
# Up to $jobs at once; each mutant's (spec, options) source is generated above, by
# its baseline, so the jobs only read it. The short form applies the others only.
for i in "${unproved[@]}"; do
    mutant_source "$i"
    run_mutant "$i" apply-only
done
for i in "${selected[@]}"; do
    mutant_source "$i"
    start_job run_mutant "$i"
done
wait || true
killed=0 total=0 broken=0 applied=0 stale=0
for i in "${unproved[@]}"; do
    res="$work/${M_NAME[$i]}/result"
    if [ "$(head -n 1 "$res")" = applies ]; then
        applied=$((applied + 1))
    else
        stale=$((stale + 1))
        tail -n +2 "$res"
    fi
done
for i in "${selected[@]}"; do
    res="$work/${M_NAME[$i]}/result"
    total=$((total + 1))
    if [ ! -f "$res" ]; then
        echo "mutation-suite: FAILED: mutant ${M_NAME[$i]} left no result (see $work/${M_NAME[$i]})"
        broken=$((broken + 1))
        continue
    fi
    tail -n +2 "$res"
    case "$(head -n 1 "$res")" in
        killed) killed=$((killed + 1)) ;;
        broken) broken=$((broken + 1)) ;;
    esac
done
echo "mutants: $killed of $total killed, $((total - killed - broken)) survived, $broken broken${unproved[0]+; of the others $applied still apply, $stale do not (--short)}; $(( $(date +%s) - t_start )) s"
[ "$broken" -eq 0 ] && [ "$stale" -eq 0 ] || exit 2
[ "$killed" -eq "$total" ] || exit 1
