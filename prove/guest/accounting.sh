# Sourced by init.sh (busybox ash): memory accounting around each module's workload.
#
# At load this shell moves itself (and so every later workload process) into the cgroup v2
# group censpec-work, when the kernel has the memory controller. acct_begin, before insmod,
# and acct_end MODULE, after rmmod, take what the workload may leak, with shell builtins
# only (no process of their own to count), after dropping clean caches:
#   memcg_kb  the group's memory.current: every page a workload process was charged for
#             (__GFP_ACCOUNT) and that nobody freed;
#   free_kb   free pages, counting the pages the per-CPU lists hold (freed pages wait there);
#   cma_kb    free CMA pages (the CMA areas and reserved-memory regions), for the record:
#             CMA pages freed to the per-CPU lists count as free pages, not as free CMA
#             pages (25 MiB of them after one arm64 fill of censpec-pool), so a region's
#             usage is judged by the data plan's fill instead.
# acct_end prints
#   @@CENSPEC LEAK <module> memcg_kb=<grown> free_kb=<shrunk> cma_kb=<shrunk> memcg=0|1 ok|FAIL <why>
# (over a limit, first LEAK-FIRST and LEAK-STAT lines, and the verdict after a second look 3 s
# later) and returns 1 when memcg_kb or free_kb exceeds its limit (below): a buffer leaked, a
# refused block not freed, a double backing's first pages. Without a memory controller (the
# debug kernel) memcg_kb is 0 and kmemleak watches the kernel's own allocations.
ACCT_CG=/sys/fs/cgroup
ACCT_MEMCG_KB=1024 ACCT_FREE_KB=8192
acct_memcg=0
acct_setup() {
    [ -e "$ACCT_CG/cgroup.controllers" ] || { mkdir -p "$ACCT_CG" 2>/dev/null && mount -t cgroup2 none "$ACCT_CG" 2>/dev/null; }
    grep -qw memory "$ACCT_CG/cgroup.controllers" 2>/dev/null || return 0
    echo +memory >"$ACCT_CG/cgroup.subtree_control" 2>/dev/null || return 0
    mkdir -p "$ACCT_CG/censpec-work" && echo $$ >"$ACCT_CG/censpec-work/cgroup.procs" && acct_memcg=1
}
# Sets acct_m acct_f acct_c (KiB).
acct_snapshot() {
    local k v pages=0 cma=0
    sync
    echo 3 >/proc/sys/vm/drop_caches
    acct_m=0
    [ "$acct_memcg" = 0 ] || { read -r acct_m <"$ACCT_CG/censpec-work/memory.current"; acct_m=$((acct_m / 1024)); }
    while read -r k v; do
        case "$k" in
            nr_free_pages) pages=$((pages + v)) ;;
            nr_free_cma) cma=$v ;;
        esac
    done </proc/vmstat
    while read -r k v; do
        [ "$k" != count: ] || pages=$((pages + v))
    done </proc/zoneinfo
    acct_f=$((pages * 4)) acct_c=$((cma * 4))
}
acct_begin() {
    acct_snapshot
    acct_m0=$acct_m acct_f0=$acct_f acct_c0=$acct_c
}
# The group's memory.stat, its non-zero kinds on one line (what a grown memcg_kb is made of).
acct_stat() {
    local k v out=""
    [ "$acct_memcg" = 1 ] || return 0
    while read -r k v; do
        case "$k" in
            anon|file|kernel|kernel_stack|pagetables|percpu|sock|shmem|slab_reclaimable|slab_unreclaimable|vmalloc)
                [ "$v" = 0 ] || out="$out $k=$((v / 1024))" ;;
        esac
    done <"$ACCT_CG/censpec-work/memory.stat"
    echo "@@CENSPEC LEAK-STAT $1$out (KiB)"
}
# Sets acct_why (empty when within the limits) and acct_line from the last snapshot.
acct_judge() {
    local m f c
    m=$((acct_m - acct_m0)) f=$((acct_f0 - acct_f)) c=$((acct_c0 - acct_c))
    acct_why=""
    [ "$m" -le "$ACCT_MEMCG_KB" ] || acct_why="$acct_why memcg_kb>$ACCT_MEMCG_KB"
    [ "$f" -le "$ACCT_FREE_KB" ] || acct_why="$acct_why free_kb>$ACCT_FREE_KB"
    acct_line="memcg_kb=$m free_kb=$f cma_kb=$c memcg=$acct_memcg"
}
# Over a limit, the memory is looked at again after 3 s: pages the kernel frees late (RCU-freed
# objects, per-CPU charge stocks and lists) are not a leak; what stays is, and memory.stat says
# what it is made of.
acct_end() {
    acct_snapshot
    acct_judge
    if [ -n "$acct_why" ]; then
        acct_stat "$1"
        echo "@@CENSPEC LEAK-FIRST $1 $acct_line over:$acct_why; looking again in 3 s"
        sleep 3
        acct_snapshot
        acct_judge
    fi
    if [ -n "$acct_why" ]; then
        acct_stat "$1"
        echo "@@CENSPEC LEAK $1 $acct_line FAIL$acct_why"
        return 1
    fi
    echo "@@CENSPEC LEAK $1 $acct_line ok"
}
acct_setup
