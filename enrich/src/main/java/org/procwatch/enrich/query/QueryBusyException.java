package org.procwatch.enrich.query;

/** A query turned away because as many of its kind as may run at once are running; asking again shortly will do. */
public final class QueryBusyException extends RuntimeException {

    public QueryBusyException(String message) {
        super(message);
    }
}
