package org.procwatch.schemas.evolution;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;

/** Explains, in words a person can act on, why one Avro schema cannot read data written with another. */
public final class SchemaEvolution {

    private SchemaEvolution() {
    }

    /**
     * The reasons a consumer using {@code reader} cannot read data written with {@code writer}; empty when
     * it can. BACKWARD compatibility of a new schema means: new schema as reader, old one as writer.
     */
    public static List<String> backwardIncompatibilities(Schema reader, Schema writer) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
        return result.getIncompatibilities().stream().map(SchemaEvolution::describe).toList();
    }

    private static String describe(Incompatibility incompatibility) {
        return incompatibility.getLocation() + ": " + incompatibility.getType()
                + " (" + incompatibility.getMessage() + ")";
    }
}
