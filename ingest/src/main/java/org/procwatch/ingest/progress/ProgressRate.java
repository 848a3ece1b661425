package org.procwatch.ingest.progress;

import java.time.Duration;

/** The figures a progress report shows: how much is done, how fast, and how long is left at that speed. */
public final class ProgressRate {

    private long total;
    private IngestProgress.Unit unit = IngestProgress.Unit.BYTES;
    private long startedAt = System.nanoTime();
    private long done;
    private long records;

    public void begin(long total, IngestProgress.Unit unit) {
        this.total = total;
        this.unit = unit;
        this.startedAt = System.nanoTime();
        this.done = 0;
        this.records = 0;
    }

    public void update(long done, long records) {
        this.done = done;
        this.records = records;
    }

    public double seconds() {
        return Math.max(1e-3, (System.nanoTime() - startedAt) / 1e9);
    }

    /** Time left at the speed so far; empty until something is done or when the total is unknown. */
    public Duration remaining() {
        if (done <= 0 || total <= 0 || done >= total) {
            return Duration.ZERO;
        }
        return Duration.ofMillis(Math.round((total - done) * seconds() * 1000 / done));
    }

    /** e.g. {@code 45% (120.0 of 268.3 MB, 9.1 MB/s), 52,000 records (4,400/s), about 16 s left}. */
    public String describe() {
        double seconds = seconds();
        StringBuilder text = new StringBuilder();
        if (total > 0) {
            text.append(Math.min(100, done * 100 / total)).append("% (");
        } else {
            text.append('(');
        }
        if (unit == IngestProgress.Unit.BYTES) {
            text.append(String.format("%,.1f", done / 1e6));
            if (total > 0) {
                text.append(String.format(" of %,.1f", total / 1e6));
            }
            text.append(String.format(" MB, %,.1f MB/s)", done / 1e6 / seconds));
        } else {
            text.append(String.format("%,d", done));
            if (total > 0) {
                text.append(String.format(" of %,d", total));
            }
            text.append(" windows)");
        }
        text.append(String.format(", %,d records (%,.0f/s)", records, records / seconds));
        Duration left = remaining();
        if (!left.isZero()) {
            text.append(", about ").append(humanDuration(left)).append(" left");
        }
        return text.toString();
    }

    static String humanDuration(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 90) {
            return seconds + " s";
        }
        if (seconds < 90 * 60) {
            return (seconds + 30) / 60 + " min";
        }
        return String.format("%.1f h", seconds / 3600.0);
    }
}
