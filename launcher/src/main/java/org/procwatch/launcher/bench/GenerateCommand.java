package org.procwatch.launcher.bench;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./procwatch generate}: synthetic, real-shaped OCDS releases as JSON Lines, for benchmarks and trials. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Writes synthetic, real-shaped OCDS 1.1 releases as JSON Lines to standard output (for benchmarks).")
public final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--releases", defaultValue = "100000", paramLabel = "N", description = "How many releases (default: ${DEFAULT-VALUE}).")
    long releases;

    @Option(names = "--per-process", defaultValue = "4", paramLabel = "N",
            description = "Releases per contracting process, 1 to 4 (default: ${DEFAULT-VALUE}).")
    int perProcess;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed; the same seed gives the same releases (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        try (OutputStream out = new BufferedOutputStream(System.out, 1 << 16)) {
            new SyntheticReleases(seed, perProcess).writeJsonLines(out, releases);
        }
        return 0;
    }
}
