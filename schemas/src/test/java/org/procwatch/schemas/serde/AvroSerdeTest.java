package org.procwatch.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.procwatch.schemas.avro.EntityRelation;
import org.procwatch.schemas.avro.Identifier;
import org.procwatch.schemas.avro.WatchlistEntity;
import org.procwatch.schemas.registry.InMemorySchemaRegistry;
import org.procwatch.schemas.topic.Topics;

class AvroSerdeTest {

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final AvroSerializer<WatchlistEntity> serializer = new AvroSerializer<>(registry, false);
    private final AvroDeserializer<WatchlistEntity> deserializer = new AvroDeserializer<>(registry, WatchlistEntity.class);

    @Test
    void shouldRoundTripARecordWithDatesArraysAndNulls() {
        WatchlistEntity lorex = lorex();

        byte[] bytes = serializer.serialize("watchlist", lorex);

        assertThat(deserializer.deserialize("watchlist", bytes)).isEqualTo(lorex);
    }

    @Test
    void shouldFrameWithMagicByteAndTheIdRegisteredUnderTheTopicValueSubject() {
        byte[] bytes = serializer.serialize("watchlist", lorex());

        int registeredId = registry.idOf("watchlist-value", WatchlistEntity.getClassSchema());
        assertThat(bytes[0]).isEqualTo((byte) 0);
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(registeredId);
    }

    @Test
    void shouldRegisterKeysUnderTheKeySubject() {
        new AvroSerializer<WatchlistEntity>(registry, true).serialize("watchlist", lorex());

        assertThat(registry.subjects()).containsExactly("watchlist-key");
    }

    @Test
    void shouldPassNullThroughForTombstones() {
        assertThat(serializer.serialize("watchlist", null)).isNull();
        assertThat(deserializer.deserialize("watchlist", null)).isNull();
    }

    @Test
    void shouldReadRecordsWrittenWithAnOlderSchemaFillingDefaults() throws IOException {
        Schema older = new Schema.Parser().parse("""
                {"type": "record", "name": "WatchlistEntity", "namespace": "org.procwatch.schemas.avro",
                 "fields": [{"name": "id", "type": "string"}, {"name": "name", "type": "string"},
                            {"name": "relation", "type": {"type": "enum", "name": "EntityRelation",
                              "symbols": ["listed", "subsidiary", "brand", "parent", "affiliate", "distributor", "oem"]}}]}
                """);
        int olderId = registry.register("watchlist-value", older);
        GenericRecord written = new GenericData.Record(older);
        written.put("id", "dahua");
        written.put("name", "Zhejiang Dahua Technology Co., Ltd.");
        written.put("relation", new GenericData.EnumSymbol(older.getField("relation").schema(), "listed"));

        WatchlistEntity read = deserializer.deserialize("watchlist", frame(olderId, older, written));

        assertThat(read.getId()).isEqualTo("dahua");
        assertThat(read.getRelation()).isEqualTo(EntityRelation.listed);
        assertThat(read.getAliases()).isEmpty();
        assertThat(read.getParentId()).isNull();
        assertThat(read.getValidTo()).isNull();
    }

    @Test
    void shouldRejectBytesThatAreNotInTheWireFormat() {
        assertThatThrownBy(() -> deserializer.deserialize("watchlist", "{\"id\":1}".getBytes()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("magic byte 0");
        assertThatThrownBy(() -> deserializer.deserialize("watchlist", new byte[] {0, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("too short");
    }

    @Test
    void shouldRejectTruncatedAvroWithTheTopicAndSchemaId() {
        byte[] bytes = serializer.serialize("watchlist", lorex());
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length / 2);

        assertThatThrownBy(() -> deserializer.deserialize("watchlist", truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic watchlist")
                .hasMessageContaining("schema id");
    }

    @Test
    void shouldConfigureFromClientPropertiesLikeConfluentSerdes() {
        var fromProperties = new AvroSerializer<WatchlistEntity>();
        assertThatThrownBy(() -> fromProperties.configure(Map.of(), false))
                .hasMessageContaining("schema.registry.url");
    }

    @Test
    void shouldMakeWorkingSerdesFromTopicDescriptors() {
        var serde = Topics.WATCHLIST.valueSerde(registry);
        byte[] bytes = serde.serializer().serialize(Topics.WATCHLIST.name(), lorex());

        assertThat(serde.deserializer().deserialize(Topics.WATCHLIST.name(), bytes)).isEqualTo(lorex());
        assertThat(registry.subjects()).containsExactly(Topics.WATCHLIST.valueSubject());
    }

    private static WatchlistEntity lorex() {
        return WatchlistEntity.newBuilder()
                .setId("lorex")
                .setName("Lorex Technology Inc.")
                .setAliases(List.of("Lorex"))
                .setIdentifiers(List.of(new Identifier("CA-BN", "0001")))
                .setRelation(EntityRelation.subsidiary)
                .setParentId("dahua")
                .setValidFrom(LocalDate.of(2018, 1, 1))
                .setValidTo(LocalDate.of(2022, 11, 24))
                .setSources(List.of("https://example.org/lorex-sale"))
                .build();
    }

    private static byte[] frame(int id, Schema schema, GenericRecord record) throws IOException {
        var out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        var encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
