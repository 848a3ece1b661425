package org.procwatch.ingest.file;

/**
 * Ingest was asked to stop (its thread interrupted) part-way through. What was committed stays, and the
 * next ingest of the same files skips it and goes on from there.
 */
public final class IngestInterruptedException extends RuntimeException {

    public IngestInterruptedException() {
        super("ingest was stopped before the end of its input; ingesting the same input again goes on from there");
    }
}
