package org.procwatch.launcher.compile;

import java.io.PrintWriter;
import org.procwatch.launcher.console.Terminal;

/** Tells a person at a terminal how far a long compile has got; silent when standard error is not a terminal. */
final class Progress {

    private static final long EVERY_NANOS = 2_000_000_000L;

    private final PrintWriter err;
    private final boolean interactive = Terminal.interactive();
    private final long started = System.nanoTime();
    private long lastReport = started;
    private long releases;
    private long bytes;

    Progress(PrintWriter err) {
        this.err = err;
    }

    void read(int count) {
        releases += count;
        long now = System.nanoTime();
        if (interactive && now - lastReport > EVERY_NANOS) {
            lastReport = now;
            double seconds = (now - started) / 1e9;
            err.printf("procwatch compile: read %,d releases from %,.0f MB in %.0f s (%,.0f releases/s)%n",
                    releases, bytes / 1e6, seconds, releases / seconds);
            err.flush();
        }
    }

    void fileDone(long size) {
        bytes += size;
    }

    void done(int processes) {
        if (interactive) {
            err.printf("procwatch compile: %,d releases, %,d contracting processes, %.1f s%n",
                    releases, processes, (System.nanoTime() - started) / 1e9);
            err.flush();
        }
    }
}
