package org.procwatch.ingest.progress;

/**
 * Where a long ingest has got to, for whoever shows it: a progress bar on a terminal, or a log line now
 * and then. Ingest calls {@link #update} often; implementations decide how often to show it.
 */
public interface IngestProgress {

    /** What the total of a task is counted in. */
    enum Unit {
        /** bytes of input files */
        BYTES,
        /** date windows of an API backfill */
        WINDOWS,
        /** pages of a search whose length is not known ahead: the total is the cap on pages */
        PAGES
    }

    /** Does nothing. */
    IngestProgress NONE = new IngestProgress() {
        @Override
        public void begin(String task, long total, Unit unit) {
        }

        @Override
        public void update(long done, long records) {
        }

        @Override
        public void end() {
        }
    };

    /** A task of {@code total} units begins. */
    void begin(String task, long total, Unit unit);

    /** {@code done} units of the total are done, and {@code records} new records produced so far. */
    void update(long done, long records);

    /** The task is over, whether or not all of it was done. */
    void end();
}
