package org.procwatch.enrich.query;

/** A query that cannot be answered right now (the app is starting or rebalancing); asking again later will do. */
public final class QueryUnavailableException extends RuntimeException {

    public QueryUnavailableException(String message) {
        super(message);
    }

    public QueryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
