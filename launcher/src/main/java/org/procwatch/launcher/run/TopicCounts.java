package org.procwatch.launcher.run;


import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.procwatch.schemas.topic.TopicDescriptor;

/**
 * How many records each topic holds, as the span between its earliest and latest offsets (for a
 * compacted or transactional topic, an upper bound).
 */
final class TopicCounts implements AutoCloseable {

    private final Admin admin;
    private final List<? extends TopicDescriptor<?, ?>> topics;

    TopicCounts(String bootstrapServers, List<? extends TopicDescriptor<?, ?>> topics) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        this.admin = Admin.create(props);
        this.topics = topics;
    }

    /** Topic name to record count, in pipeline order. */
    Map<String, Long> counts() {
        Map<TopicPartition, OffsetSpec> earliest = new LinkedHashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
        for (TopicDescriptor<?, ?> topic : topics) {
            for (int partition = 0; partition < topic.partitions(); partition++) {
                TopicPartition tp = new TopicPartition(topic.name(), partition);
                earliest.put(tp, OffsetSpec.earliest());
                latest.put(tp, OffsetSpec.latest());
            }
        }
        try {
            var begins = offsets(admin.listOffsets(earliest));
            var ends = offsets(admin.listOffsets(latest));
            Map<String, Long> counts = new LinkedHashMap<>();
            topics.forEach(topic -> counts.put(topic.name(), 0L));
            ends.forEach((tp, end) -> counts.merge(tp.topic(), end - begins.getOrDefault(tp, 0L), Long::sum));
            return counts;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not report topic offsets: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private static Map<TopicPartition, Long> offsets(ListOffsetsResult result)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        result.all().get(10, TimeUnit.SECONDS).forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    @Override
    public void close() {
        admin.close();
    }

}
