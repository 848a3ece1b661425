package org.procwatch.ingest.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressRateTest {

    @Test
    void shouldDescribeBytesDoneOfTheTotalWithRecords() {
        ProgressRate rate = new ProgressRate();
        rate.begin(200_000_000, IngestProgress.Unit.BYTES);
        rate.update(50_000_000, 12_345);

        assertThat(rate.describe()).startsWith("25% (50.0 of 200.0 MB, ").contains(" MB/s), 12,345 records (").contains(" left");
    }

    @Test
    void shouldDescribeWindowsAndSayNothingOfTimeLeftOnceDone() {
        ProgressRate rate = new ProgressRate();
        rate.begin(4, IngestProgress.Unit.WINDOWS);
        rate.update(4, 80);

        assertThat(rate.describe()).startsWith("100% (4 of 4 windows), 80 records (").doesNotContain("left");
        assertThat(rate.remaining()).isZero();
    }

    @Test
    void shouldEstimateTheTimeLeftFromTheSpeedSoFar() throws InterruptedException {
        ProgressRate rate = new ProgressRate();
        rate.begin(100, IngestProgress.Unit.WINDOWS);
        Thread.sleep(50);
        rate.update(25, 0);

        // 25 done in >= 50 ms: the other 75 take at least three times as long.
        assertThat(rate.remaining()).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }

    @Test
    void shouldPutDurationsInUnitsAPersonReadsAtAGlance() {
        assertThat(ProgressRate.humanDuration(Duration.ofSeconds(42))).isEqualTo("42 s");
        assertThat(ProgressRate.humanDuration(Duration.ofSeconds(600))).isEqualTo("10 min");
        assertThat(ProgressRate.humanDuration(Duration.ofHours(3))).isEqualTo("3.0 h");
    }
}
