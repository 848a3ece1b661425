package org.procwatch.ingest.kafka;

import com.carrotsearch.hppc.LongHashSet;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/**
 * The keys of everything ingest has produced, read back from their compacted topic at start. Each key is
 * held as a 64-bit digest in a set of primitives, some 16 bytes a key: ten million releases take 160 MB (boxed in a
 * {@code HashSet}, they took 0.6 GB).
 */
final class IngestedKeys {

    private final LongHashSet digests = new LongHashSet();

    /** Reads every key committed to the topic so far. */
    static IngestedKeys load(Map<String, Object> clientConfig, String topic) {
        IngestedKeys keys = new IngestedKeys();
        CommittedRecords.read(clientConfig, topic, (key, value) -> keys.digests.add(digest(key)));
        return keys;
    }

    boolean contains(String key) {
        return digests.contains(digest(key));
    }

    void add(String key) {
        digests.add(digest(key));
    }

    int size() {
        return digests.size();
    }

    private static long digest(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(hash).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
