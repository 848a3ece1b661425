package org.procwatch.launcher.bench;

import java.io.PrintStream;
import java.util.Locale;

/** A line on stderr every few seconds while a phase of the bench runs, so a long run shows it is moving. */
final class BenchProgress {

    private static final long EVERY_NANOS = 5_000_000_000L;

    private final PrintStream out;
    private final long total;
    private long shownAt = System.nanoTime();

    BenchProgress(PrintStream out, long total) {
        this.out = out;
        this.total = total;
    }

    void show(String phase, long done) {
        long now = System.nanoTime();
        if (now - shownAt >= EVERY_NANOS) {
            shownAt = now;
            out.printf(Locale.ROOT, "  %s: %,d of %,d%n", phase, done, total);
        }
    }
}
