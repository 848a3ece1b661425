package org.procwatch.schemas.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The rules every topic schema follows, so that consumers can rely on them. */
class SchemaContractsTest {

    @Test
    void everyTopicHasAUniqueName() {
        assertThat(Topics.all()).extracting(TopicDescriptor::name).doesNotHaveDuplicates()
                .allSatisfy(name -> assertThat(name).startsWith("procurement.").endsWith(".v1"));
    }

    @Test
    void everyTopicHasAnAvroValueSchema() {
        assertThat(Topics.all()).allSatisfy(topic -> assertThat(topic.valueSchema()).isPresent());
    }

    @Test
    void everyRecordAndFieldIsDocumented() {
        List<String> undocumented = new ArrayList<>();
        forEachRecord(record -> {
            if (record.getDoc() == null || record.getDoc().isBlank()) {
                undocumented.add(record.getFullName());
            }
            record.getFields().stream()
                    .filter(field -> field.doc() == null || field.doc().isBlank())
                    .forEach(field -> undocumented.add(record.getFullName() + "." + field.name()));
        });
        assertThat(undocumented).isEmpty();
    }

    @Test
    void everyOptionalFieldIsNullFirstWithANullDefault() {
        List<String> offenders = new ArrayList<>();
        forEachRecord(record -> record.getFields().stream()
                .filter(field -> field.schema().isNullable())
                .filter(field -> field.schema().getType() != Schema.Type.UNION
                        || field.schema().getTypes().getFirst().getType() != Schema.Type.NULL
                        || !field.hasDefaultValue() || field.defaultVal() != org.apache.avro.JsonProperties.NULL_VALUE)
                .forEach(field -> offenders.add(record.getFullName() + "." + field.name())));
        assertThat(offenders).isEmpty();
    }

    @Test
    void compactedTopicsAreTheOnesKeyedByStableIds() {
        assertThat(Topics.all()).filteredOn(topic -> topic.cleanupPolicy() == CleanupPolicy.COMPACT)
                .extracting(TopicDescriptor::name)
                // Reviews are keyed each by its own id: compacted so that every review stays, whatever the retention.
                .containsExactlyInAnyOrder("procurement.watchlist.v1", "procurement.contracts.v1", "procurement.reviews.v1");
    }

    @Test
    void topicsKeyedByOcidAreCoPartitioned() {
        assertThat(List.of(Topics.RELEASES, Topics.CONTRACTS, Topics.VENDOR_LINKS, Topics.ALERTS))
                .extracting(TopicDescriptor::partitions)
                .containsOnly(Topics.OCID_PARTITIONS);
    }

    @Test
    void buildersFillDefaultsOfNestedRecordsAndEnums() {
        org.procwatch.schemas.AvroTrust.trustGeneratedClasses();

        var contract = org.procwatch.schemas.avro.CompiledContract.newBuilder()
                .setOcid("ocds-1").setCompiledReleaseJson("{}").setReleaseCount(1)
                .setCompiledAt(java.time.Instant.EPOCH).build();

        assertThat(contract.getBodyType()).isEqualTo(org.procwatch.schemas.avro.BodyType.other);
        assertThat(contract.getSuppliers()).isEmpty();
        assertThat(contract.getBuyer()).isNull();
    }

    private static void forEachRecord(java.util.function.Consumer<Schema> action) {
        Set<String> seen = new HashSet<>();
        Topics.all().forEach(topic -> visit(topic.valueSchema().orElseThrow(), seen, action));
    }

    private static void visit(Schema schema, Set<String> seen, java.util.function.Consumer<Schema> action) {
        switch (schema.getType()) {
            case RECORD -> {
                if (seen.add(schema.getFullName())) {
                    action.accept(schema);
                    schema.getFields().forEach(field -> visit(field.schema(), seen, action));
                }
            }
            case UNION -> schema.getTypes().forEach(branch -> visit(branch, seen, action));
            case ARRAY -> visit(schema.getElementType(), seen, action);
            case MAP -> visit(schema.getValueType(), seen, action);
            default -> { }
        }
    }
}
