package org.procwatch.schemas.serde;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.specific.SpecificData;

/**
 * The Avro data model for procwatch's generated classes. Avro 1.12 refuses to load classes named by a
 * schema unless they are trusted through process-wide settings; rather than widen that global trust, this
 * model resolves the names of procwatch's own generated package itself and leaves every other name to
 * Avro's guarded lookup.
 */
final class GeneratedClassesData extends SpecificData {

    static final String GENERATED_PACKAGE = "org.procwatch.schemas.avro";

    private static final GeneratedClassesData INSTANCE = new GeneratedClassesData();

    private final Map<String, Class<?>> classes = new ConcurrentHashMap<>();

    private GeneratedClassesData() {
        super(GeneratedClassesData.class.getClassLoader());
        addLogicalTypeConversion(new TimeConversions.DateConversion());
        addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        addLogicalTypeConversion(new Conversions.DecimalConversion());
    }

    static GeneratedClassesData instance() {
        return INSTANCE;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class getClass(Schema schema) {
        boolean named = switch (schema.getType()) {
            case RECORD, ENUM, FIXED -> true;
            default -> false;
        };
        if (named && GENERATED_PACKAGE.equals(schema.getNamespace())) {
            return classes.computeIfAbsent(schema.getFullName(), GeneratedClassesData::load);
        }
        return super.getClass(schema);
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, true, GeneratedClassesData.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("No generated class " + name + " in procwatch-schemas", e);
        }
    }
}
