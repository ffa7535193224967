package org.censpec.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Something outside the JVM a test needs: the real-kernel machine, a tool, root. Each one can say
 * whether it is missing on this machine and why, in one line, and what installs it. Every one of
 * them is installed by {@code prove/scripts/install-deps.sh} (run by {@code ./run-tests}), except
 * root, which {@code ./run-tests} in CI has.
 */
public enum Prerequisite {
    /** Debian's kernels in the cache, qemu, the cross compiler, busybox, sparse, checkpatch. */
    KERNELS("kernels", "Debian's kernels, qemu and the module toolchain") {
        @Override
        Optional<String> probe() {
            Path script = Repository.root().resolve("prove/scripts/install-deps.sh");
            return run(List.of("bash", script.toString(), "--check"), 180)
                    .map(last -> "install-deps.sh --check: " + last);
        }
    },
    /** A C compiler for host programs (the ABI constants test). */
    C_COMPILER("gcc", "gcc") {
        @Override
        Optional<String> probe() {
            return onPath("gcc");
        }
    },
    /** GNU make (the censpec.mk include). */
    MAKE("make", "make") {
        @Override
        Optional<String> probe() {
            return onPath("make");
        }
    },
    /** dtc, Debian's device-tree-compiler. */
    DTC("dtc", "dtc (Debian package device-tree-compiler)") {
        @Override
        Optional<String> probe() {
            return onPath("dtc");
        }
    },
    /** The kernel source tarball plus dtc and cpp, to recompile the committed devicetree blobs. */
    LINUX_SOURCE("linux-source", "/usr/src/linux-source-6.1.tar.xz, dtc and cpp") {
        @Override
        Optional<String> probe() {
            Path tarball = Path.of("/usr/src/linux-source-6.1.tar.xz");
            if (!Files.isRegularFile(tarball)) {
                return Optional.of(tarball + " is missing (Debian package linux-source-6.1)");
            }
            return onPath("dtc").or(() -> onPath("cpp"));
        }
    },
    /** Debian's Neovim, as an LSP client. */
    NEOVIM("neovim", "/usr/bin/nvim (Debian package neovim)") {
        @Override
        Optional<String> probe() {
            return Files.isExecutable(Path.of("/usr/bin/nvim"))
                    ? Optional.empty()
                    : Optional.of("/usr/bin/nvim is missing (Debian package neovim)");
        }
    },
    /** Running as root (mounting a small tmpfs). */
    ROOT("root", "root") {
        @Override
        Optional<String> probe() {
            return "root".equals(System.getProperty("user.name"))
                    ? Optional.empty()
                    : Optional.of("this run is not root (user " + System.getProperty("user.name") + ")");
        }
    };

    private final String group;
    private final String what;

    Prerequisite(String group, String what) {
        this.group = group;
        this.what = what;
    }

    /** The short name the reports group skipped tests by, e.g. {@code kernels}. */
    public String group() {
        return group;
    }

    /** What the prerequisite is, for messages. */
    public String what() {
        return what;
    }

    /** What makes a missing prerequisite present. */
    public String remedy() {
        return this == ROOT
                ? "run as root (./run-tests in CI does)"
                : "run prove/scripts/install-deps.sh as root (./run-tests does)";
    }

    /** Empty when present; else one line saying what is missing. Probes the machine: callers cache it. */
    abstract Optional<String> probe();

    private static Optional<String> onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return Optional.empty();
            }
        }
        return Optional.of(tool + " is not on the PATH");
    }

    /** Runs a probe command; empty when it exits 0, else its last output line. */
    private static Optional<String> run(List<String> cmd, long timeoutSeconds) {
        try {
            Path log = Files.createTempFile("censpec-probe", ".log");
            try {
                Process p = new ProcessBuilder(new ArrayList<>(cmd))
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    return Optional.of(String.join(" ", cmd) + " did not finish within " + timeoutSeconds + " s");
                }
                if (p.exitValue() == 0) {
                    return Optional.empty();
                }
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                return Optional.of(
                        lines.isEmpty()
                                ? "exit " + p.exitValue()
                                : lines.get(lines.size() - 1).strip());
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            return Optional.of(String.join(" ", cmd) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }
}
