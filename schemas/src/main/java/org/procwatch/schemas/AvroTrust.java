package org.procwatch.schemas;

import java.util.HashSet;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.util.ClassSecurityValidator;
import org.procwatch.schemas.topic.TopicDescriptor;
import org.procwatch.schemas.topic.Topics;

/**
 * Avro 1.12 loads a generated class named by a schema (to build a default value, or to read a record)
 * only when the class is trusted process-wide. procwatch's own processes trust the generated package with
 * {@code -Dorg.apache.avro.SERIALIZABLE_PACKAGES=org.procwatch.schemas.avro} (set by {@code ./procwatch}
 * and by the build for tests); this trusts exactly the generated classes, and nothing else, for any other
 * process that uses the contracts, and is called by the serdes, the topic descriptors and the watchlist
 * reader before they build a record.
 */
public final class AvroTrust {

    private static volatile boolean trusted;

    private AvroTrust() {
    }

    public static void trustGeneratedClasses() {
        if (trusted) {
            return;
        }
        synchronized (AvroTrust.class) {
            if (trusted) {
                return;
            }
            ClassSecurityValidator.Builder ours = ClassSecurityValidator.builder();
            Set<String> seen = new HashSet<>();
            for (TopicDescriptor<?, ?> topic : Topics.all()) {
                topic.valueSchema().ifPresent(schema -> collect(schema, seen));
            }
            seen.forEach(ours::add);
            ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(), ours.build()));
            trusted = true;
        }
    }

    private static void collect(Schema schema, Set<String> names) {
        switch (schema.getType()) {
            case RECORD -> {
                if (names.add(schema.getFullName())) {
                    schema.getFields().forEach(field -> collect(field.schema(), names));
                }
            }
            case ENUM, FIXED -> names.add(schema.getFullName());
            case UNION -> schema.getTypes().forEach(branch -> collect(branch, names));
            case ARRAY -> collect(schema.getElementType(), names);
            case MAP -> collect(schema.getValueType(), names);
            default -> { }
        }
    }
}
