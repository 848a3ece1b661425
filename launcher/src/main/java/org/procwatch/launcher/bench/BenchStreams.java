package org.procwatch.launcher.bench;

import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.procwatch.enrich.topology.EnrichTopology;

/**
 * Where the bench's own Kafka Streams apps (the pass-through and the floor) run, and the settings they share
 * with enrich: exactly-once, its commit interval and producer batching, the broker's default replication, as many
 * stream threads.
 */
record BenchStreams(String bootstrapServers, Path stateDir, int streamThreads) {

    Properties properties(String applicationId) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, EnrichTopology.COMMIT_INTERVAL.toMillis());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
        props.putAll(EnrichTopology.producerBatching());
        return props;
    }
}
