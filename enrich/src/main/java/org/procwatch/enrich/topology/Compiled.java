package org.procwatch.enrich.topology;

import com.fasterxml.jackson.databind.JsonNode;
import org.procwatch.schemas.avro.CompiledContract;

/**
 * A contract as compiling hands it to screening: the record to publish, and the compiled release it carries
 * as a tree, so that screening, in the same task, does not parse again what compiling has just written.
 *
 * @param contract        the compiled contract, as published
 * @param compiledRelease its {@code compiledReleaseJson}, not to be changed
 */
record Compiled(CompiledContract contract, JsonNode compiledRelease) {
}
