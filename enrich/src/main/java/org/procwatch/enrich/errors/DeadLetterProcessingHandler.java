package org.procwatch.enrich.errors;

import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.procwatch.schemas.registry.SchemaRegistryUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record that a processor fails on (an OCDS merge error, an invalid compiled release) goes to the
 * dead-letter topic with the exception's message as its reason, and the app goes on with the next record.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);

    private DeadLetters deadLetters;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters = DeadLetters.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (SchemaRegistryUnavailableException.isCauseOf(exception)) {
            return Response.fail(); // no fault of the record's: the task fails, and the app waits for the registry (EnrichApp)
        }
        log.warn("Processor {} failed on the record at {}-{}@{}: {}", context.processorNodeId(), context.topic(), context.partition(),
                context.offset(), exception.getMessage());
        return Response.resume(deadLetters.one(exception.getMessage() == null ? exception.getClass().getSimpleName() : exception.getMessage(),
                exception, context, context.sourceRawKey(), context.sourceRawValue()));
    }
}
