package org.procwatch.enrich.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.procwatch.enrich.ocds.ProcessTree;
import org.procwatch.enrich.screen.ContractSummary;
import org.procwatch.schemas.avro.CompiledContract;
import org.procwatch.schemas.json.ExactNumbers;

/**
 * The store of contracting processes, one entry per ocid ({@link CompileState}), and the compiled contracts read back
 * from it: enrich keeps no second copy of a compiled contract, so a contract screened again, or asked for by the
 * HTTP API, is written again from its process.
 */
public final class StoredProcesses {

    /** The store's name, and so its changelog's. */
    public static final String STORE = "compiled-processes";
    /** Floats stay exact decimals, so that 1e9999 or 0.1 come out as published. */
    private static final ObjectMapper JSON = ExactNumbers.exact(JsonMapper.builder()).build();

    private StoredProcesses() {
    }

    /**
     * A compiled contract as screening takes it.
     *
     * @param contract        the contract, as published
     * @param compiledRelease its {@code compiledReleaseJson} as a tree, not to be changed
     * @param timestamp       the timestamp of the release record it was last compiled from (0 if stored before format 3)
     */
    record Compiled(CompiledContract contract, JsonNode compiledRelease, long timestamp) {
    }

    /** The compiled contract of a stored process, as the HTTP API shows it. */
    public static CompiledContract contract(String ocid, byte[] stored) {
        return read(ocid, CompileState.decode(stored)).contract();
    }

    static Compiled read(String ocid, CompileState state) {
        ProcessTree process = state.processToRead();
        // Not published again, so when it was compiled matters to no one; the release's timestamp is as good as any.
        return compiled(ocid, process.compiledRelease(), process.releaseCount(), state.sourceUrl(), state.timestamp(),
                Instant.ofEpochMilli(state.timestamp()));
    }

    /**
     * The contract of a compiled release.
     *
     * @param timestamp  the timestamp of the release record it was compiled from
     * @param compiledAt when it was compiled
     */
    static Compiled compiled(String ocid, byte[] compiledRelease, int releaseCount, String sourceUrl, long timestamp, Instant compiledAt) {
        JsonNode tree = tree(ocid, compiledRelease);
        CompiledContract contract = ContractSummary.of(ocid, new String(compiledRelease, StandardCharsets.UTF_8), tree, releaseCount,
                sourceUrl, compiledAt);
        return new Compiled(contract, tree, timestamp);
    }

    private static JsonNode tree(String ocid, byte[] compiledRelease) {
        try {
            return JSON.readTree(compiledRelease);
        } catch (IOException e) {
            throw new IllegalStateException("the compiled release of " + ocid + " is not JSON; this is a bug in the merge", e);
        }
    }
}
