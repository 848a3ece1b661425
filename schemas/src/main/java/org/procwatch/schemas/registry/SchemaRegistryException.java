package org.procwatch.schemas.registry;

/** The registry answered, but not with what was asked for (an unknown id, an invalid schema, ...). */
public class SchemaRegistryException extends RuntimeException {

    private final int status;

    public SchemaRegistryException(String message, int status) {
        super(message);
        this.status = status;
    }

    public SchemaRegistryException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status the registry answered with, or 0 when there was no answer. */
    public int status() {
        return status;
    }
}
