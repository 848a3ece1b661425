package org.procwatch.ingest.api;

import java.io.IOException;

/**
 * A page the source would not give (an unexpected 4xx): asking again now would get the same answer, so its
 * window is left incomplete for the next run instead of ending the harvest.
 */
public final class PageRefusedException extends IOException {

    public PageRefusedException(String message) {
        super(message);
    }
}
