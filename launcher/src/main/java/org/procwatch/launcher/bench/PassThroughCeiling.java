package org.procwatch.launcher.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The ceiling a Kafka Streams app reaches on this machine: records copied, as bytes, from one topic to
 * another with exactly-once processing and otherwise the settings enrich runs with. Timed from the first
 * record processed until every input record's offset is committed, which with exactly-once means its copy
 * is committed too.
 */
final class PassThroughCeiling {

    private static final Duration CHECK_EVERY = Duration.ofMillis(50);

    private final BenchStreams settings;

    PassThroughCeiling(BenchStreams settings) {
        this.settings = settings;
    }

    /** Seconds to copy every record of {@code input}, already written and committed, to {@code output}. */
    double measure(String input, String output, BenchProgress progress) throws InterruptedException, ExecutionException {
        String applicationId = "procwatch-bench-pass-through";
        AtomicLong copied = new AtomicLong();
        AtomicLong firstRecordAt = new AtomicLong();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .peek((key, value) -> {
                    if (copied.getAndIncrement() == 0) {
                        firstRecordAt.set(System.nanoTime());
                    }
                })
                .to(output, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", settings.bootstrapServers()));
             KafkaStreams app = new KafkaStreams(builder.build(), settings.properties(applicationId))) {
            Map<TopicPartition, Long> ends = committedEnds(admin, input);
            app.start();
            while (!allCommitted(admin, applicationId, ends)) {
                progress.show("pass-through", copied.get());
                Thread.sleep(CHECK_EVERY.toMillis());
            }
            return (System.nanoTime() - firstRecordAt.get()) / 1e9;
        }
    }

    /** Each partition's end, as a read-committed consumer sees it. */
    private static Map<TopicPartition, Long> committedEnds(Admin admin, String topic) throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                .stream().collect(Collectors.toMap(partition -> new TopicPartition(topic, partition.partition()), partition -> OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all().get();
        return ends.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
    }

    /**
     * Whether the group has committed past every partition's last record. Each partition ends with a
     * transaction marker, so the last record sits just before the end, and an offset at the marker is past it.
     */
    private static boolean allCommitted(Admin admin, String group, Map<TopicPartition, Long> ends)
            throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        return ends.entrySet().stream().allMatch(end -> {
            OffsetAndMetadata offset = committed.get(end.getKey());
            return end.getValue() == 0 || offset != null && offset.offset() >= end.getValue() - 1;
        });
    }
}
