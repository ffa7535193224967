package org.censpec.prove;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.censpec.model.Spec;
import org.censpec.tools.dt.BoardTree;

/**
 * The user's board in the arm64 guest, as far as qemu allows: a devicetree fragment appended
 * after the machine's own extension that replaces its pools with the board's (GuestPools) and
 * its generic importers with a stand-in for each node the spec's match strings name
 * (StandIns); the kernel command line's {@code cma=} when the board's devicetree sets it; the
 * target memory the prediction uses; and every way the guest differs from the board.
 */
public record BoardGuest(
        String dts,
        TargetMemory memory,
        List<String> append,
        List<String> notReproduced,
        List<StandIns.StandIn> standIns,
        List<String> unmatched) {

    /**
     * The guest of {@code board} on {@code machine} with {@code mem} bytes of RAM; {@code kernelCma} is
     * the default CMA area the kernel makes when no devicetree pool is the default, {@code builtIn}
     * the compatible strings a driver built into the guest's kernel may claim.
     */
    public static BoardGuest of(
            Board board,
            Spec spec,
            GuestMachine machine,
            long mem,
            TargetMemory.Contiguous kernelCma,
            java.util.Set<String> builtIn) {
        long ramEnd = machine.ramBase() + mem;
        Optional<Long> cmaArg = board.cmaArgument();
        GuestPools pools = GuestPools.of(board, spec, machine.ramBase(), ramEnd, cmaArg.isEmpty());
        StandIns standIns = StandIns.of(board, spec, machine, builtIn);
        List<String> notes = new ArrayList<>(ramNotes(board, machine, ramEnd));
        notes.addAll(pools.notes());
        notes.addAll(standIns.notes());
        if (standIns.standIns().isEmpty()) {
            notes.add("no stand-in importer node: no match string names a board node the guest can stand in for,"
                    + " so the devicetree test importers (importer_check) have nothing to import into and do not run");
        }
        List<String> append = new ArrayList<>();
        TargetMemory.Contiguous cma = kernelCma;
        Optional<GuestPools.Placed> dflt = pools.placed().stream()
                .filter(p -> p.pool().cmaDefault() && p.pool().reusable())
                .findFirst();
        if (cmaArg.isPresent()) {
            // the kernel's cma= bypasses a devicetree default pool (rmem_cma_setup), on the board as in the guest
            append.add("cma=" + cmaArg.get());
            cma = TargetMemory.Contiguous.cma(cmaArg.get(), "cma= of the board's bootargs");
        } else if (dflt.isPresent()) {
            cma = TargetMemory.Contiguous.cma(
                    dflt.get().size(), "the board's " + dflt.get().pool().path());
        }
        List<TargetMemory.Region> regions = new ArrayList<>();
        for (GuestPools.Placed p : pools.placed()) {
            boolean named = spec.allocators().stream()
                    .anyMatch(a -> a.region()
                            .map(r -> r.value().equals(p.pool().name()))
                            .orElse(false));
            if (p.pool().cmaDefault() && p.pool().reusable() && !named) {
                continue; // the default area, which no region of the spec names
            }
            regions.add(new TargetMemory.Region(
                    p.pool().name(),
                    p.size(),
                    p.pool().reusable(),
                    "the board's " + p.pool().path() + (p.pool().noMap() ? ", no-map" : "")));
        }
        TargetMemory memory =
                new TargetMemory(cma, TargetMemory.regions(regions), new TargetMemory.Ram(machine.ramBase(), ramEnd));
        String dts = "// The board " + board.describe() + " for censpec prove (generated)\n/ {\n\treserved-memory {\n"
                + machine.extensionPools() + poolNodes(pools.placed(), machine) + "\t};\n"
                + machine.extensionImporters()
                + standIns.dts(machine) + "};\n";
        return new BoardGuest(dts, memory, append, notes, standIns.standIns(), standIns.unmatched());
    }

    /** Whether the guest has a stand-in importer node for importer_check to import into. */
    public boolean hasImporters() {
        return !standIns.isEmpty();
    }

    private static List<String> ramNotes(Board board, GuestMachine machine, long ramEnd) {
        List<BoardTree.Range> ram = board.tree().memory();
        String guest = "[" + Sizes.hex(machine.ramBase()) + ", " + Sizes.hex(ramEnd) + ")";
        if (ram.isEmpty()) {
            return List.of("RAM: the board's devicetree gives no RAM size (its boot loader fills it in); the guest has "
                    + guest + " on qemu's " + machine.name());
        }
        BoardTree.Range first = ram.get(0);
        BoardTree.Range last = ram.get(ram.size() - 1);
        if (first.start() == machine.ramBase() && last.end() == ramEnd && ram.size() == 1) {
            return List.of();
        }
        return List.of("RAM: the board has [" + Sizes.hex(first.start()) + ", " + Sizes.hex(last.end()) + ")"
                + (ram.size() > 1 ? " in " + ram.size() + " banks" : "") + "; qemu's " + machine.name()
                + " places the guest's at " + guest + ": allocator bounds are judged against the guest's RAM");
    }

    private static String poolNodes(List<GuestPools.Placed> placed, GuestMachine m) {
        StringBuilder b = new StringBuilder();
        int c = m.reservedCells();
        for (GuestPools.Placed p : placed) {
            BoardTree.Pool pool = p.pool();
            b.append("\n\t\t").append(pool.fullName()).append(" {\n");
            b.append("\t\t\tcompatible = ")
                    .append(String.join(
                            ", ",
                            pool.compatible().stream().map(s -> "\"" + s + "\"").toList()))
                    .append(";\n");
            b.append(pool.reusable() ? "\t\t\treusable;\n" : "").append(pool.noMap() ? "\t\t\tno-map;\n" : "");
            b.append(pool.cmaDefault() ? "\t\t\tlinux,cma-default;\n" : "");
            b.append("\t\t\tsize = <").append(Dts.cells(p.size(), c)).append(">;\n");
            pool.alignment()
                    .ifPresent(a -> b.append("\t\t\talignment = <")
                            .append(Dts.cells(a, c))
                            .append(">;\n"));
            if (!p.allocRanges().isEmpty()) {
                List<String> r = p.allocRanges().stream()
                        .map(x -> Dts.cells(x.start(), c) + " " + Dts.cells(x.size(), c))
                        .toList();
                b.append("\t\t\talloc-ranges = <").append(String.join(" ", r)).append(">;\n");
            }
            b.append("\t\t};\n");
        }
        return b.toString();
    }
}
