package org.censpec.verify;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.censpec.model.Element;
import org.censpec.model.Finding;
import org.censpec.model.Spec;
import org.censpec.model.check.SpecValidator;
import org.censpec.model.rules.VerifyRules;
import org.censpec.verify.alloy.AlloyChecker;
import org.censpec.verify.direct.DirectChecker;

/**
 * Alloy against the direct checker on a range of seeds of {@link RandomSpecs#generateMixed}:
 * whole findings (id, severity, subject, location, message, trace, fixes, suppression) after
 * the spec's suppressions, plus what the run reached (findings per id, modes, limits). The
 * suite runs a short range ({@code AgreementRunTest}); the long run is
 * {@code verify/agreement-run.sh} (docs/alloy-encoding.md, "Agreement at scale").
 */
public final class AgreementRun {
    private static final Duration TIMEOUT = Duration.ofSeconds(300);

    /** Both engines' findings of one spec; {@code limited} when either ran out of a resource. */
    public record Comparison(Set<String> alloy, Set<String> direct, List<Finding> findings, boolean limited) {
        public boolean agree() {
            return limited || alloy.equals(direct);
        }
    }

    /** What a run reached. Maps are sorted, so the report is the same bytes for the same seeds. */
    public record Result(
            long firstSeed,
            long specs,
            SortedMap<String, Long> modes,
            SortedMap<String, Long> findings,
            SortedMap<String, Long> specsWith,
            long suppressed,
            long limited,
            List<Long> disagreements,
            long millis,
            long slowestMillis,
            long slowestSeed) {}

    /** One spec's wall time. */
    private record Timed(long seed, long millis) {}

    private AgreementRun() {}

    /** Runs both engines on {@code spec} and compares their whole findings after suppressions. */
    public static Comparison compare(Spec spec, AlloyChecker alloy, DirectChecker direct) {
        return compare(spec, alloy, direct, true);
    }

    /**
     * The same; {@code candidates}: as {@code censpec check} runs it, the direct checker's findings offered to
     * the Alloy engine as candidates, else the Alloy engine alone (its own search for every finding).
     */
    public static Comparison compare(Spec spec, AlloyChecker alloy, DirectChecker direct, boolean candidates) {
        List<Finding> d = direct.check(spec);
        List<Finding> a = candidates ? alloy.check(spec, TIMEOUT, d) : alloy.check(spec, TIMEOUT);
        boolean limited =
                a.stream().anyMatch(VerifyRules::isResourceLimit) || d.stream().anyMatch(VerifyRules::isResourceLimit);
        List<Finding> applied = Suppressions.apply(spec, d, List.of(), !limited);
        return new Comparison(keys(Suppressions.apply(spec, a, List.of(), !limited)), keys(applied), applied, limited);
    }

    /** Whole findings, one string each. */
    static Set<String> keys(List<Finding> findings) {
        Set<String> out = new TreeSet<>();
        for (Finding f : findings) {
            out.add(f.id() + " " + f.severity() + " @" + f.loc() + " on "
                    + f.subject().declared().map(Element::name).orElse("-") + " " + f.message()
                    + f.suppression().map(r -> " [suppressed: " + r + "]").orElse("")
                    + "\n  trace " + f.trace() + "\n  fixes " + f.fixes());
        }
        return out;
    }

    /** Checks seeds {@code first .. first + count - 1} on {@code threads} workers. */
    public static Result run(long first, long count, int threads, PrintStream progress) {
        Map<String, LongAdder> modes = new ConcurrentHashMap<>();
        Map<String, LongAdder> findings = new ConcurrentHashMap<>();
        Map<String, LongAdder> specsWith = new ConcurrentHashMap<>();
        LongAdder suppressed = new LongAdder();
        LongAdder limited = new LongAdder();
        LongAdder done = new LongAdder();
        Set<Long> disagreements = new ConcurrentSkipListSet<>();
        AtomicReference<Timed> slowest = new AtomicReference<>(new Timed(first, 0));
        AtomicLong next = new AtomicLong(first);
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                AlloyChecker alloy = new AlloyChecker();
                DirectChecker direct = new DirectChecker();
                for (long seed = next.getAndIncrement(); seed < first + count; seed = next.getAndIncrement()) {
                    long t0 = System.nanoTime();
                    Spec spec = RandomSpecs.generateMixed(seed);
                    if (!SpecValidator.validate(spec).isEmpty()) {
                        throw new IllegalStateException("seed " + seed + ": the generator made an invalid spec: "
                                + SpecValidator.validate(spec));
                    }
                    Comparison c = compare(spec, alloy, direct);
                    modes.computeIfAbsent(RandomSpecs.mode(seed).name(), k -> new LongAdder())
                            .increment();
                    if (!c.agree()) {
                        disagreements.add(seed);
                        progress.println("agreement-run: seed " + seed + " DISAGREES\n  only Alloy: "
                                + minus(c.alloy(), c.direct()) + "\n  only direct: " + minus(c.direct(), c.alloy()));
                    }
                    if (c.limited()) {
                        limited.increment();
                    }
                    Set<String> ids = new TreeSet<>();
                    for (Finding f : c.findings()) {
                        findings.computeIfAbsent(f.id(), k -> new LongAdder()).increment();
                        ids.add(f.id());
                        if (f.suppression().isPresent()) {
                            suppressed.increment();
                        }
                    }
                    ids.forEach(id ->
                            specsWith.computeIfAbsent(id, k -> new LongAdder()).increment());
                    Timed timed = new Timed(seed, (System.nanoTime() - t0) / 1_000_000);
                    slowest.accumulateAndGet(timed, (x, y) -> y.millis() > x.millis() ? y : x);
                    done.increment();
                    long n = done.sum();
                    if (n % 1000 == 0) {
                        progress.printf(
                                "agreement-run: %d of %d specs, %d s, %d disagreements%n",
                                n, count, (System.nanoTime() - start) / 1_000_000_000L, disagreements.size());
                    }
                }
            });
        }
        pool.shutdown();
        try {
            if (!pool.awaitTermination(365, TimeUnit.DAYS)) {
                throw new IllegalStateException("agreement run did not end");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("agreement run interrupted", e);
        }
        if (done.sum() != count) {
            throw new IllegalStateException(
                    "agreement run checked " + done.sum() + " of " + count + " specs (a worker failed; see above)");
        }
        return new Result(
                first,
                count,
                sorted(modes),
                sorted(findings),
                sorted(specsWith),
                suppressed.sum(),
                limited.sum(),
                List.copyOf(disagreements),
                (System.nanoTime() - start) / 1_000_000,
                slowest.get().millis(),
                slowest.get().seed());
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.removeAll(b);
        return out;
    }

    private static SortedMap<String, Long> sorted(Map<String, LongAdder> m) {
        SortedMap<String, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** The run as a Markdown table. */
    public static String report(Result r) {
        StringBuilder sb = new StringBuilder();
        sb.append("seeds ")
                .append(r.firstSeed())
                .append(" to ")
                .append(r.firstSeed() + r.specs() - 1)
                .append(": ")
                .append(r.specs())
                .append(" specs, ")
                .append(r.disagreements().size())
                .append(" disagreements")
                .append(r.disagreements().isEmpty() ? "" : " " + r.disagreements())
                .append(", ")
                .append(r.limited())
                .append(" with a resource limit, ")
                .append(r.millis() / 1000)
                .append(" s (slowest spec ")
                .append(r.slowestMillis())
                .append(" ms, seed ")
                .append(r.slowestSeed())
                .append(")\n");
        sb.append("modes: ")
                .append(r.modes())
                .append("; suppressed findings: ")
                .append(r.suppressed())
                .append("\n\n");
        sb.append("| finding id | findings | specs with it |\n| --- | --- | --- |\n");
        r.findings()
                .forEach((id, n) -> sb.append("| `")
                        .append(id)
                        .append("` | ")
                        .append(n)
                        .append(" | ")
                        .append(r.specsWith().get(id))
                        .append(" |\n"));
        return sb.toString();
    }

    /** {@code FIRST COUNT THREADS [REPORT]}: exit 0 when both engines agreed on every spec. */
    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: AgreementRun FIRST_SEED COUNT THREADS [REPORT_FILE]");
            System.exit(2);
        }
        Result r = run(Long.parseLong(args[0]), Long.parseLong(args[1]), Integer.parseInt(args[2]), System.out);
        String report = report(r);
        System.out.print(report);
        if (args.length > 3) {
            Files.writeString(Path.of(args[3]), report, StandardCharsets.UTF_8);
        }
        System.exit(r.disagreements().isEmpty() ? 0 : 1);
    }
}
