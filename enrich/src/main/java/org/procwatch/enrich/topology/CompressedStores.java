package org.procwatch.enrich.topology;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.CompressionType;
import org.rocksdb.Options;

/**
 * Enrich's RocksDB stores compressed with LZ4. Kafka Streams opens them uncompressed, and what they hold is mostly JSON
 * (each process's values as published), which LZ4 shrinks about fourfold at a cost per block far below the stream
 * thread's per release: the state of a UK-scale history fits a disk it would not otherwise.
 */
public final class CompressedStores implements RocksDBConfigSetter {

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        options.setCompressionType(CompressionType.LZ4_COMPRESSION);
    }

    @Override
    public void close(String storeName, Options options) {
        // nothing was made that needs closing: the compression type is an enum
    }
}
