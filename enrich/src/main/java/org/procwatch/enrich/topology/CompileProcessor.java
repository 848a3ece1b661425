package org.procwatch.enrich.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.procwatch.enrich.ocds.CompiledProcess;
import org.procwatch.enrich.ocds.CompiledProcessCodec;
import org.procwatch.enrich.ocds.ExtensionSchemas;
import org.procwatch.enrich.ocds.LoneSurrogates;
import org.procwatch.enrich.ocds.MergeRules;
import org.procwatch.enrich.ocds.OcdsMergeException;
import org.procwatch.enrich.screen.ContractSummary;
import org.procwatch.schemas.avro.CompiledContract;
import org.procwatch.schemas.avro.IngestedRelease;
import org.procwatch.schemas.topic.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges each release into its contracting process, kept in a state store, and forwards the compiled
 * release whenever it changes. Releases may arrive in any order; a release seen before changes nothing
 * and forwards nothing. A release that cannot be merged throws, and goes to the dead-letter topic.
 */
final class CompileProcessor implements Processor<String, IngestedRelease, String, Compiled> {

    static final String STORE = "compiled-processes";
    private static final Logger log = LoggerFactory.getLogger(CompileProcessor.class);
    /** Floats stay exact decimals, so that 1e9999 or 0.1 come out as published. */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private final ExtensionSchemas extensionSchemas;
    private final Map<String, MergeRules> rules = new HashMap<>();
    private ProcessorContext<String, Compiled> context;
    private KeyValueStore<String, byte[]> store;

    CompileProcessor(ExtensionSchemas extensionSchemas) {
        this.extensionSchemas = extensionSchemas;
    }

    @Override
    public void init(ProcessorContext<String, Compiled> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
    }

    /** The most a compiled contract or its stored state may take, leaving room for the record's other fields. */
    static final int MAX_COMPILED_BYTES = Topics.MAX_RECORD_BYTES - 1024 * 1024;

    @Override
    public void process(Record<String, IngestedRelease> record) {
        IngestedRelease ingested = record.value();
        if (ingested == null) {
            return; // a tombstone: releases are never deleted, there is nothing to compile
        }
        String ocid = ingested.getOcid();
        JsonNode release = parse(ingested);
        byte[] stored = store.get(ocid);
        CompileState previous = stored == null ? null : CompileState.decode(stored);
        String version = newer(previous == null ? null : previous.version(), ingested.getSource().getDataVersion());
        Set<String> extensions = new LinkedHashSet<>(previous == null ? List.of() : previous.extensions());
        extensions.addAll(ingested.getSource().getExtensions());
        MergeRules mergeRules = rules(version, List.copyOf(extensions));
        CompiledProcess process = previous == null ? new CompiledProcess(ocid, mergeRules, false)
                : CompiledProcessCodec.decode(previous.process(), mergeRules);
        CompiledProcess.Outcome outcome = process.merge(release);
        if (outcome.duplicate()) {
            return;
        }
        outcome.warnings().forEach(warning -> log.info("{}: {}", ocid, warning));
        String sourceUrl = ingested.getSource().getUri();
        byte[] state = new CompileState(version, new ArrayList<>(extensions), sourceUrl, CompiledProcessCodec.encode(process)).encode();
        JsonNode compiledRelease = process.compiledRelease();
        CompiledContract contract = ContractSummary.of(ocid, compiledRelease, process.releaseCount(), sourceUrl,
                Instant.ofEpochMilli(context.currentSystemTimeMs()));
        long largest = Math.max(state.length, contract.getCompiledReleaseJson().length());
        if (largest > MAX_COMPILED_BYTES) {
            // Checked before anything is written: a record over the topics' limit would fail the whole transaction.
            throw new OcdsMergeException(ocid, String.format("the compiled process would be %,d bytes, over the %,d a record may be; "
                    + "the process stays as it was before this release", largest, MAX_COMPILED_BYTES));
        }
        store.put(ocid, state);
        context.forward(record.withKey(ocid).withValue(new Compiled(contract, compiledRelease)));
    }

    private static JsonNode parse(IngestedRelease ingested) {
        try {
            JsonNode release = JSON.readTree(ingested.getReleaseJson());
            return LoneSurrogates.mayHoldAny(ingested.getReleaseJson()) ? LoneSurrogates.repair(release) : release;
        } catch (JsonProcessingException e) {
            throw new OcdsMergeException(ingested.getOcid(), "the release JSON is not valid: " + e.getOriginalMessage());
        }
    }

    /** A process published under two OCDS versions merges by the newer one's rules. */
    private static String newer(String stored, String incoming) {
        if (stored == null) {
            return incoming;
        }
        return incoming != null && incoming.compareTo(stored) > 0 ? incoming : stored;
    }

    private MergeRules rules(String version, List<String> extensions) {
        return rules.computeIfAbsent(version + " " + extensions, key -> MergeRules.forPackage(version, extensions, extensionSchemas));
    }
}
