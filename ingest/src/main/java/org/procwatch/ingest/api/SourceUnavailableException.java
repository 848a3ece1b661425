package org.procwatch.ingest.api;

import java.io.IOException;

/** A source that kept failing for every attempt the rate limits allow. */
public final class SourceUnavailableException extends IOException {

    public SourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
