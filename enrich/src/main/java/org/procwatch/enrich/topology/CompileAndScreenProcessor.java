package org.procwatch.enrich.topology;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.procwatch.enrich.ocds.ExtensionSchemas;
import org.procwatch.enrich.ocds.LoneSurrogates;
import org.procwatch.enrich.ocds.MergeRules;
import org.procwatch.enrich.ocds.OcdsMergeException;
import org.procwatch.enrich.ocds.ProcessTree;
import org.procwatch.enrich.topology.RecentProcesses.Known;
import org.procwatch.schemas.avro.IngestedRelease;
import org.procwatch.schemas.topic.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass per release: merges it into its contracting process, kept in {@link StoredProcesses one store}, forwards
 * the compiled contract whenever it changes, and screens it ({@link Screener}), forwarding the links, alerts and
 * exposure facts that changed. Releases may arrive in any order; a release seen before changes nothing and forwards
 * nothing; one that repeats the id and date of another with other content is merged after it, with a warning in the
 * log. A release that cannot be merged throws, and goes to the dead-letter topic.
 */
final class CompileAndScreenProcessor implements Processor<String, IngestedRelease, String, EnrichOutput> {

    /** How many processes {@link #recent} holds: enough for the releases of a process that arrive close together. */
    static final int RECENT_PROCESSES = 64;
    /** How many bytes of JSON the processes in {@link #recent} may keep reachable, per stream task. */
    static final long RECENT_BYTES = 16L << 20;
    private static final Logger log = LoggerFactory.getLogger(CompileAndScreenProcessor.class);

    private final ExtensionSchemas extensionSchemas;
    private final Screener screener;
    /**
     * Merge rules by OCDS version and extensions, as releases declare them (anyone's strings, so bounded): a feed
     * uses one or two sets; a set evicted is only built again.
     */
    private final Cache<String, MergeRules> rules = Caffeine.newBuilder().maximumSize(MAX_RULE_SETS).build();
    static final int MAX_RULE_SETS = 256;
    private ProcessorContext<String, EnrichOutput> context;
    private KeyValueStore<String, byte[]> store;
    /** The processes this task merged last; see {@link RecentProcesses}. */
    private final RecentProcesses recent = new RecentProcesses(RECENT_PROCESSES, RECENT_BYTES);

    CompileAndScreenProcessor(ExtensionSchemas extensionSchemas, Screener screener) {
        this.extensionSchemas = extensionSchemas;
        this.screener = screener;
    }

    @Override
    public void init(ProcessorContext<String, EnrichOutput> context) {
        this.context = context;
        this.store = context.getStateStore(StoredProcesses.STORE);
        recent.clear();
        screener.init(context, store);
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
        String releaseJson = ingested.getReleaseJson();
        byte[] release = (LoneSurrogates.mayHoldAny(releaseJson) ? LoneSurrogates.repair(releaseJson) : releaseJson)
                .getBytes(StandardCharsets.UTF_8);
        // Taken out while the release is merged, and put back only once the store holds the result: a merge
        // that fails halfway leaves no half-merged process behind.
        Known previous = recent.take(ocid);
        if (previous == null) {
            byte[] stored = store.get(ocid);
            previous = stored == null ? null : new Known(CompileState.decode(stored), null, null);
        }
        String version = newer(previous == null ? null : previous.state().version(), ingested.getSource().getDataVersion());
        Set<String> declared = new LinkedHashSet<>(previous == null ? List.of() : previous.state().extensions());
        declared.addAll(ingested.getSource().getExtensions());
        List<String> extensions = List.copyOf(declared);
        MergeRules mergeRules = rules(version, extensions);
        ProcessTree process = previous == null ? new ProcessTree(ocid, mergeRules, false)
                : previous.rules() == mergeRules ? previous.process() : previous.state().process(mergeRules);
        String contentHash = ingested.getContentHash();
        ProcessTree.Outcome outcome = process.merge(release, 0, release.length, () -> contentHash);
        if (outcome.duplicate()) {
            recent.put(ocid, previous.state(), process, mergeRules);
            return;
        }
        outcome.warnings().forEach(warning -> log.info("{}: {}", ocid, warning));
        String sourceUrl = ingested.getSource().getUri();
        byte[] compiledRelease = process.compiledRelease();
        if (compiledRelease.length > MAX_COMPILED_BYTES) {
            throw tooBig(ocid, compiledRelease.length);
        }
        StoredProcesses.Compiled compiled = StoredProcesses.compiled(ocid, compiledRelease, process.releaseCount(), sourceUrl,
                record.timestamp(), Instant.ofEpochMilli(context.currentSystemTimeMs()));
        long exposureDigest = ExposureFact.digestOf(compiled.contract());
        CompileState state = CompileState.encode(version, extensions, sourceUrl, record.timestamp(), exposureDigest, process);
        if (state.bytes().length > MAX_COMPILED_BYTES) {
            throw tooBig(ocid, state.bytes().length);
        }
        store.put(ocid, state.bytes());
        recent.put(ocid, state, process, mergeRules);
        context.forward(record.withKey(ocid).withValue(EnrichOutput.of(compiled.contract())));
        screener.screenRelease(compiled, previous == null || previous.state().exposureDigest() != exposureDigest);
    }

    /** Thrown before anything is written: a record over the topics' limit would fail the whole transaction. */
    private static OcdsMergeException tooBig(String ocid, long bytes) {
        return new OcdsMergeException(ocid, String.format("the compiled process would be %,d bytes, over the %,d a record may be; "
                + "the process stays as it was before this release", bytes, MAX_COMPILED_BYTES));
    }

    @Override
    public void close() {
        recent.clear();
    }

    /** A process published under two OCDS versions merges by the newer one's rules. */
    private static String newer(String stored, String incoming) {
        if (stored == null) {
            return incoming;
        }
        return incoming != null && incoming.compareTo(stored) > 0 ? incoming : stored;
    }

    private MergeRules rules(String version, List<String> extensions) {
        return rules.get(version + " " + extensions, key -> MergeRules.forPackage(version, extensions, extensionSchemas));
    }
}
