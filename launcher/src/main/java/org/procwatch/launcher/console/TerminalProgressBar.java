package org.procwatch.launcher.console;

import java.time.temporal.ChronoUnit;
import java.util.Optional;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.procwatch.ingest.progress.IngestProgress;
import org.procwatch.ingest.progress.ProgressRate;

/** A progress bar on standard error: done of total (MB or windows), speed, time left, and records produced. */
final class TerminalProgressBar implements IngestProgress {

    private final ProgressRate rate = new ProgressRate();
    private ProgressBar bar;
    private long lastRecords = -1;

    @Override
    public void begin(String task, long total, Unit unit) {
        rate.begin(total, unit);
        ProgressBarBuilder builder = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .setSpeedUnit(ChronoUnit.SECONDS)
                .showSpeed()
                .setEtaFunction(state -> rate.remaining().isZero() ? Optional.empty() : Optional.of(rate.remaining()));
        if (unit == Unit.BYTES) {
            builder.setUnit(" MB", 1_000_000);
        } else {
            builder.setUnit(" windows", 1);
        }
        bar = builder.build();
    }

    @Override
    public void update(long done, long records) {
        rate.update(done, records);
        bar.stepTo(done);
        if (records != lastRecords) {
            lastRecords = records;
            bar.setExtraMessage(String.format(" %,d records (%,.0f/s)", records, records / rate.seconds()));
        }
    }

    @Override
    public void end() {
        bar.close();
    }
}
