package org.procwatch.ingest.progress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Progress as a log line every ten seconds or so, for logs and terminals that are not interactive. */
public final class LoggedProgress implements IngestProgress {

    private static final Logger log = LoggerFactory.getLogger(LoggedProgress.class);
    private static final long EVERY_NANOS = 10_000_000_000L;

    private final ProgressRate rate = new ProgressRate();
    private String task;
    private long lastLogged;

    @Override
    public void begin(String task, long total, Unit unit) {
        this.task = task;
        rate.begin(total, unit);
        lastLogged = System.nanoTime();
    }

    @Override
    public void update(long done, long records) {
        rate.update(done, records);
        long now = System.nanoTime();
        if (now - lastLogged >= EVERY_NANOS) {
            lastLogged = now;
            log.info("{}: {}", task, rate.describe());
        }
    }

    @Override
    public void end() {
        log.info("{}: finished, {}", task, rate.describe());
    }
}
