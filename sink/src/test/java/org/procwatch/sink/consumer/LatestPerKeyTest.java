package org.procwatch.sink.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class LatestPerKeyTest {

    @Test
    void shouldKeepEachKeysLastRecordInTheOrderOfThoseRecords() {
        List<ConsumerRecord<byte[], byte[]>> batch = List.of(record(0, "a", "a1"), record(1, "b", "b1"), record(2, "a", "a2"),
                record(3, "c", "c1"), record(4, "b", "b2"), record(5, "a", "a3"));

        assertThat(PostgresSink.latestPerKey(batch)).extracting(LatestPerKeyTest::value).containsExactly("c1", "b2", "a3");
    }

    @Test
    void shouldKeepEveryRecordWithoutAKey() {
        List<ConsumerRecord<byte[], byte[]>> batch = List.of(record(0, null, "x1"), record(1, "a", "a1"), record(2, null, "x2"),
                record(3, "a", "a2"));

        assertThat(PostgresSink.latestPerKey(batch)).extracting(LatestPerKeyTest::value).containsExactly("x1", "x2", "a2");
    }

    @Test
    void shouldKeepTheLastValueBeforeATombstone() {
        List<ConsumerRecord<byte[], byte[]>> batch = List.of(record(0, "a", "a1"), record(1, "a", null), record(2, "b", "b1"));

        assertThat(PostgresSink.latestPerKey(batch)).extracting(LatestPerKeyTest::value).containsExactly("a1", "b1");
    }

    @Test
    void shouldHandBackABatchOfDistinctKeysAsItIs() {
        List<ConsumerRecord<byte[], byte[]>> batch = List.of(record(0, "a", "a1"), record(1, "b", "b1"));

        assertThat(PostgresSink.latestPerKey(batch)).isSameAs(batch);
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset, String key, String value) {
        return new ConsumerRecord<>("procurement.contracts.v1", 0, offset, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static String value(ConsumerRecord<byte[], byte[]> record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }
}
