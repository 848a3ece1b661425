package org.procwatch.schemas.registry;

/** The registry could not be reached, or kept failing, for every attempt the retry policy allowed. */
public class SchemaRegistryUnavailableException extends SchemaRegistryException {

    public SchemaRegistryUnavailableException(String message, int status, Throwable cause) {
        super(message, status, cause);
    }
}
