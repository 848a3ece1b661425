package org.procwatch.schemas.registry;

/** The registry could not be reached, or kept failing, for every attempt the retry policy allowed. */
public class SchemaRegistryUnavailableException extends SchemaRegistryException {

    public SchemaRegistryUnavailableException(String message, int status, Throwable cause) {
        super(message, status, cause);
    }

    /**
     * Whether the failure comes of the registry being away, however wrapped (a deserializer's, Kafka Streams'): an
     * outage to wait out, never a record to dead-letter.
     */
    public static boolean isCauseOf(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SchemaRegistryUnavailableException) {
                return true;
            }
        }
        return false;
    }
}
