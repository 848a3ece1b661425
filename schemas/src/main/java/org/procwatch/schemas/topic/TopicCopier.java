package org.procwatch.schemas.topic;

/**
 * Makes a copy of a topic's descriptor, e.g. under a name unique to a test or a benchmark run; each stage's
 * set of topics is copied with one, so a test's records never meet another's.
 */
@FunctionalInterface
public interface TopicCopier {

    <K, V> TopicDescriptor<K, V> copy(TopicDescriptor<K, V> topic);

    /** Copies each topic under its own name with {@code suffix} added. */
    static TopicCopier suffixed(String suffix) {
        return new TopicCopier() {
            @Override
            public <K, V> TopicDescriptor<K, V> copy(TopicDescriptor<K, V> topic) {
                return topic.renamed(topic.name() + suffix);
            }
        };
    }
}
