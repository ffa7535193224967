package org.censpec.cli;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.censpec.tools.lsp.CenLanguageServer;
import org.censpec.tools.lsp.OneLineLog;
import org.censpec.tools.lsp.ServerLauncher;
import org.censpec.verify.budget.WorkBudget;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.services.LanguageClient;
import picocli.CommandLine.Command;

/** {@code censpec lsp}: the language server over stdin/stdout. */
@Command(
        name = "lsp",
        mixinStandardHelpOptions = true,
        description = "Run the censpec language server (LSP over stdin/stdout): diagnostics as you type "
                + "(direct engine) and on save (Alloy), hover, definitions, references, completion, "
                + "symbols, formatting and quick fixes.")
public final class LspCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    BudgetOptions budget;

    @Override
    public Integer call() throws InterruptedException {
        WorkBudget checks = budget.budget();
        InputStream in = new FileInputStream(FileDescriptor.in);
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        // stdout carries only JSON-RPC: anything else printed goes to stderr
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        // LSP4J's log, a stack trace per bad message by default: one line each on stderr
        OneLineLog.install(System.err);
        return serve(in, out, checks);
    }

    /**
     * Serves one client until it exits or closes its end; returns the exit code. Input that is
     * no message is answered with an error and skipped ({@link ServerLauncher}).
     */
    public static int serve(InputStream in, OutputStream out) throws InterruptedException {
        return serve(in, out, WorkBudget.DEFAULT);
    }

    /** The same, each check of a document within {@code budget}. */
    static int serve(InputStream in, OutputStream out, WorkBudget budget) throws InterruptedException {
        CenLanguageServer server = new CenLanguageServer(budget);
        Launcher<LanguageClient> launcher = ServerLauncher.of(server, in, out);
        server.connect(launcher.getRemoteProxy());
        CompletableFuture<?> listening = CompletableFuture.runAsync(() -> {
            try {
                launcher.startListening().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                // the input closed or broke: stop
            }
        });
        try {
            return (Integer) CompletableFuture.anyOf(server.exited(), listening.thenApply(v -> 1))
                    .get();
        } catch (ExecutionException e) {
            return 1;
        }
    }
}
