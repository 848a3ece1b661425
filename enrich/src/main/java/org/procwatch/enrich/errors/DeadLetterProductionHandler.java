package org.procwatch.enrich.errors;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.procwatch.schemas.registry.SchemaRegistryUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A result that cannot be serialized, or that the broker refuses as too large, goes to the dead-letter
 * topic with the input record that caused it; any other send error fails the task, as the broker or the
 * network is at fault, not the record.
 */
public final class DeadLetterProductionHandler implements ProductionExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterProductionHandler.class);

    private DeadLetters deadLetters;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters = DeadLetters.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (!(exception instanceof RecordTooLargeException)) {
            return Response.fail();
        }
        log.warn("The broker refused a record for {} from processor {}: {}", record.topic(), context.processorNodeId(), exception.getMessage());
        return Response.resume(deadLetters.one("the result for " + record.topic() + " is too large: " + exception.getMessage(), exception,
                context, context.sourceRawKey(), context.sourceRawValue()));
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                             SerializationExceptionOrigin origin) {
        if (SchemaRegistryUnavailableException.isCauseOf(exception)) {
            return Response.fail(); // the schema's id not to be had: the task fails, and the app waits for the registry (EnrichApp)
        }
        log.warn("Could not serialize the {} of a record for {} from processor {}: {}", origin.name().toLowerCase(), record.topic(),
                context.processorNodeId(), exception.getMessage());
        return Response.resume(deadLetters.one("could not serialize the result for " + record.topic() + ": " + exception.getMessage(),
                exception, context, context.sourceRawKey(), context.sourceRawValue()));
    }
}
