package org.procwatch.schemas.topic;

/** How Kafka keeps a topic's records: by time ({@link #DELETE}) or by latest value per key ({@link #COMPACT}). */
public enum CleanupPolicy {
    DELETE("delete"),
    COMPACT("compact");

    private final String configValue;

    CleanupPolicy(String configValue) {
        this.configValue = configValue;
    }

    /** The value of the topic's {@code cleanup.policy} config. */
    public String configValue() {
        return configValue;
    }
}
