package org.procwatch.enrich.errors;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.procwatch.schemas.registry.SchemaRegistryUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A record that cannot be deserialized goes to the dead-letter topic, and the app goes on. */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

    private DeadLetters deadLetters;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters = DeadLetters.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (SchemaRegistryUnavailableException.isCauseOf(exception)) {
            return Response.fail(); // no fault of the record's: the task fails, and the app waits for the registry (EnrichApp)
        }
        log.warn("Could not deserialize the record at {}-{}@{}: {}", context.topic(), context.partition(), context.offset(),
                exception.getMessage());
        return Response.resume(deadLetters.one("could not deserialize the record: " + exception.getMessage(), exception, context,
                record.key(), record.value()));
    }
}
