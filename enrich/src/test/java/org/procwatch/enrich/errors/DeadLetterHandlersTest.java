package org.procwatch.enrich.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;
import org.procwatch.schemas.avro.DeadLetter;
import org.procwatch.schemas.registry.InMemorySchemaRegistry;
import org.procwatch.schemas.registry.SchemaRegistryUnavailableException;
import org.procwatch.schemas.topic.Topics;

class DeadLetterHandlersTest {

    private static final byte[] KEY = "ocds-b5fd17-1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] VALUE = {0, 0, 0, 0, 42, 7};

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final Map<String, Object> configs = Map.of(DeadLetters.CONFIG,
            new DeadLetters(Topics.DLQ, registry, Set.of(Topics.WATCHLIST.name()), Map.of("bootstrap.servers", "localhost:1")));

    @Test
    void shouldTurnAnUndeserializableRecordIntoADeadLetterWithItsCoordinatesAndBytes() {
        var handler = new DeadLetterDeserializationHandler();
        handler.configure(configs);
        var record = new ConsumerRecord<>("procurement.releases.v1", 3, 41L, KEY, VALUE);

        DeserializationExceptionHandler.Response response = handler.handleError(context(), record,
                new SerializationException("schema id 42 is unknown"));

        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(dead -> {
            assertThat(dead.topic()).isEqualTo(Topics.DLQ.name());
            assertThat(dead.key()).isEqualTo(KEY);
            DeadLetter letter = letter(dead);
            assertThat(letter.getReason()).isEqualTo("could not deserialize the record: schema id 42 is unknown");
            assertThat(letter.getTopic()).isEqualTo("procurement.releases.v1");
            assertThat(letter.getPartition()).isEqualTo(3);
            assertThat(letter.getOffset()).isEqualTo(41);
            assertThat(letter.getProcessor()).isEqualTo("releases-source");
            assertThat(letter.getValue().array()).isEqualTo(VALUE);
            assertThat(letter.getHeaders()).containsEntry("trace", "t-1");
            assertThat(letter.getErrorClass()).isEqualTo(SerializationException.class.getName());
        });
    }

    @Test
    void shouldDeadLetterResultsTooLargeOrUnserializableButFailOnOtherSendErrors() {
        var handler = new DeadLetterProductionHandler();
        handler.configure(configs);
        var result = new ProducerRecord<byte[], byte[]>("procurement.contracts.v1", KEY, new byte[10]);

        ProductionExceptionHandler.Response tooLarge = handler.handleError(context(), result, new RecordTooLargeException("20 MB"));
        ProductionExceptionHandler.Response timeout = handler.handleError(context(), result, new TimeoutException("broker away"));
        ProductionExceptionHandler.Response unserializable = handler.handleSerializationError(context(), result,
                new SerializationException("no schema"), ProductionExceptionHandler.SerializationExceptionOrigin.VALUE);

        assertThat(tooLarge.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        assertThat(letter(tooLarge.deadLetterQueueRecords().getFirst()).getReason()).contains("too large");
        assertThat(letter(tooLarge.deadLetterQueueRecords().getFirst()).getValue().array())
                .as("the input that caused it, not the result").isEqualTo(VALUE);
        assertThat(timeout.result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
        assertThat(unserializable.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        assertThat(letter(unserializable.deadLetterQueueRecords().getFirst()).getReason()).startsWith("could not serialize");
    }

    @Test
    void shouldFailTheTaskRatherThanDeadLetterWhenTheRegistryIsAway() {
        var away = new SchemaRegistryUnavailableException("Could not reach the schema registry at http://127.0.0.1:1", 0,
                new java.net.ConnectException("refused"));
        var deserialization = new DeadLetterDeserializationHandler();
        deserialization.configure(configs);
        var processing = new DeadLetterProcessingHandler();
        processing.configure(configs);
        var production = new DeadLetterProductionHandler();
        production.configure(configs);

        var unread = deserialization.handleError(context(), new ConsumerRecord<>("procurement.releases.v1", 3, 41L, KEY, VALUE), away);
        var unprocessed = processing.handleError(context(), null, new org.apache.kafka.streams.errors.StreamsException("failed", away));
        var unwritten = production.handleSerializationError(context(), new ProducerRecord<byte[], byte[]>("procurement.contracts.v1", KEY, VALUE),
                new SerializationException("no schema id", away), ProductionExceptionHandler.SerializationExceptionOrigin.VALUE);

        assertThat(unread.result()).isEqualTo(DeserializationExceptionHandler.Result.FAIL);
        assertThat(unread.deadLetterQueueRecords()).isEmpty();
        assertThat(unprocessed.result()).isEqualTo(org.apache.kafka.streams.errors.ProcessingExceptionHandler.Result.FAIL);
        assertThat(unprocessed.deadLetterQueueRecords()).isEmpty();
        assertThat(unwritten.result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
        assertThat(unwritten.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void shouldSayHowToConfigureAHandlerThatLacksItsDeadLetters() {
        assertThatThrownBy(() -> new DeadLetterProcessingHandler().configure(Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(DeadLetters.CONFIG);
    }

    private DeadLetter letter(ProducerRecord<byte[], byte[]> record) {
        return Topics.DLQ.valueSerde(registry).deserializer().deserialize(record.topic(), record.value());
    }

    private static ErrorHandlerContext context() {
        Headers headers = new RecordHeaders().add("trace", "t-1".getBytes(StandardCharsets.UTF_8));
        return new ErrorHandlerContext() {
            @Override public String topic() { return "procurement.releases.v1"; }
            @Override public int partition() { return 3; }
            @Override public long offset() { return 41; }
            @Override public Headers headers() { return headers; }
            @Override public String processorNodeId() { return "releases-source"; }
            @Override public TaskId taskId() { return new TaskId(1, 3); }
            @Override public long timestamp() { return 0; }
            @Override public byte[] sourceRawKey() { return KEY; }
            @Override public byte[] sourceRawValue() { return VALUE; }
        };
    }
}
