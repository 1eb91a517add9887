package dev.wasmhsm.loadclient;

import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Command-line entry point of the load client; see {@link LoadOptions#USAGE} for the options.
 *
 * <p>Exit status: 0 when the run had no error, 1 when it had errors or measured no request, 2 for bad options.
 */
public final class LoadClient {
    private LoadClient() {
    }

    /**
     * Parses the options, runs the load and prints the figures.
     *
     * @param args the command-line arguments.
     * @throws InterruptedException if interrupted while the load runs.
     */
    public static void main(String[] args) throws InterruptedException {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.print(LoadOptions.USAGE);

            return;
        }
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(LoadOptions.USAGE);
            System.exit(2);

            return;
        }
        RunReport report;
        try {
            report = new LoadRun(options, System.err).execute();
        } catch (UncheckedIOException e) {
            System.err.println("error: cannot set up TLS: " + e.getCause());
            System.exit(2);

            return;
        }
        report.lines().forEach(System.out::println);
        System.exit(report.totalErrors() == 0 && report.requests() > 0 ? 0 : 1);
    }
}
