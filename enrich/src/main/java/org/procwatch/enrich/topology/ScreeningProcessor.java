package org.procwatch.enrich.topology;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.procwatch.enrich.match.VendorMatcher;
import org.procwatch.enrich.ownership.OwnershipGraph;
import org.procwatch.enrich.screen.AlertCandidate;
import org.procwatch.enrich.screen.ContractScreening;
import org.procwatch.schemas.avro.Alert;
import org.procwatch.schemas.avro.CompiledContract;
import org.procwatch.schemas.avro.OwnershipStatement;
import org.procwatch.schemas.avro.VendorLink;
import org.procwatch.schemas.avro.WatchlistEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Screens each compiled contract against the watchlist and forwards the vendor links and alerts that are
 * new or stronger than those already published: one alert per (contract, listed firm), updated in place.
 * The contracts it screened stay in a store, so that when the watchlist or the ownership statements change
 * (seen in their global stores, checked every {@code watchlistCheck}) they are screened again from there,
 * without replaying any topic. Times stamped on links and alerts come from the records that caused them, so the
 * same input gives the same output.
 */
final class ScreeningProcessor implements Processor<String, Compiled, String, ScreeningOutput> {

    static final String CONTRACTS_STORE = "screened-contracts";
    static final String LINKS_STORE = "vendor-links";
    static final String ALERTS_STORE = "alerts";
    static final String WATCHLIST_SEEN_STORE = "watchlist-screened";

    private static final Logger log = LoggerFactory.getLogger(ScreeningProcessor.class);

    private final String watchlistStoreName;
    private final String ownershipStoreName;
    private final GlobalChanges ownershipChanges;
    private final Duration watchlistCheck;
    private ProcessorContext<String, ScreeningOutput> context;
    private TimestampedKeyValueStore<String, WatchlistEntity> watchlist;
    private TimestampedKeyValueStore<String, CompiledContract> contracts;
    private KeyValueStore<String, VendorLink> links;
    private KeyValueStore<String, Alert> alerts;
    private KeyValueStore<String, Integer> watchlistSeen;
    private KeyValueStore<String, OwnershipStatement> ownershipStore;
    private VendorMatcher matcher;
    private OwnershipGraph ownership;
    /** The ownership store's change count this task's graph was built at; 0 before any change this run. */
    private long ownershipVersion;

    ScreeningProcessor(String watchlistStoreName, String ownershipStoreName, GlobalChanges ownershipChanges, Duration watchlistCheck) {
        this.watchlistStoreName = watchlistStoreName;
        this.ownershipStoreName = ownershipStoreName;
        this.ownershipChanges = ownershipChanges;
        this.watchlistCheck = watchlistCheck;
    }

    @Override
    public void init(ProcessorContext<String, ScreeningOutput> context) {
        this.context = context;
        this.watchlist = context.getStateStore(watchlistStoreName);
        this.contracts = context.getStateStore(CONTRACTS_STORE);
        this.links = context.getStateStore(LINKS_STORE);
        this.alerts = context.getStateStore(ALERTS_STORE);
        this.watchlistSeen = context.getStateStore(WATCHLIST_SEEN_STORE);
        this.ownershipStore = context.getStateStore(ownershipStoreName);
        context.schedule(watchlistCheck, PunctuationType.WALL_CLOCK_TIME, now -> followGlobalStores());
    }

    @Override
    public void process(Record<String, Compiled> record) {
        if (record.value() == null) {
            return;
        }
        if (matcher == null) {
            followGlobalStores();
        }
        CompiledContract contract = record.value().contract();
        contracts.put(record.key(), ValueAndTimestamp.make(contract, record.timestamp()));
        screen(contract, record.value().compiledRelease(), record.timestamp());
    }

    /**
     * Screens one contract and forwards what is new or stronger.
     *
     * @param compiledRelease the contract's compiled release as a tree, or null to read it from the contract
     */
    private void screen(CompiledContract contract, JsonNode compiledRelease, long timestamp) {
        Instant at = Instant.ofEpochMilli(timestamp);
        ContractScreening.Result result = compiledRelease == null ? ContractScreening.screen(contract, matcher, ownership, at)
                : ContractScreening.screen(contract, compiledRelease, matcher, ownership, at);
        for (VendorLink link : result.links()) {
            String key = contract.getOcid() + "|" + link.getEntityId();
            VendorLink previous = links.get(key);
            if (previous == null || !sameApartFromTime(previous, link)) {
                links.put(key, link);
                context.forward(new Record<>(key, ScreeningOutput.of(link), timestamp));
            }
        }
        for (AlertCandidate candidate : result.alerts()) {
            candidate.decide(alerts.get(candidate.alertId()), at).ifPresent(alert -> {
                alerts.put(alert.getAlertId(), alert);
                context.forward(new Record<>(alert.getAlertId(), ScreeningOutput.of(alert), timestamp));
            });
        }
        forwardExposure(contract, result.alerts(), timestamp);
    }

    /**
     * The facts the exposure tables count, with the contract's current value (an alert keeps the value it
     * was raised with): one for the process, one per listed firm it is alerted about.
     */
    private void forwardExposure(CompiledContract contract, List<AlertCandidate> candidates, long timestamp) {
        if (candidates.isEmpty()) {
            return;
        }
        String ocid = contract.getOcid();
        String buyer = contract.getBuyer() == null ? null : contract.getBuyer().getName();
        String bodyType = contract.getBodyType().name();
        context.forward(new Record<>(ocid, ScreeningOutput.of(new ExposureFact(ocid, null, null, buyer, bodyType,
                contract.getValueAmount(), contract.getValueCurrency())), timestamp));
        for (AlertCandidate candidate : candidates) {
            VendorLink strongest = candidate.strongest();
            context.forward(new Record<>(ocid + "|" + strongest.getListedEntityId(), ScreeningOutput.of(new ExposureFact(ocid,
                    strongest.getListedEntityId(), strongest.getListedEntityName(), buyer, bodyType, contract.getValueAmount(),
                    contract.getValueCurrency())), timestamp));
        }
    }

    /**
     * Follows changes to the watchlist and to the ownership statements: rebuilds the matcher or the
     * ownership graph, and after either screens the stored contracts again.
     */
    private void followGlobalStores() {
        boolean ownershipChanged = followOwnership();
        WatchlistDiff watchlistDiff = watchlistDiff();
        if (matcher == null || watchlistDiff.changed()) {
            matcher = new VendorMatcher(watchlistDiff.entities());
        }
        if (ownershipChanged || watchlistDiff.changed()) {
            long newestChange = Math.max(watchlistDiff.newestChange(), ownershipChanged ? ownershipChanges.newestTimestamp() : 0);
            int screened = rescreenStoredContracts(newestChange);
            watchlistDiff.fingerprints().forEach(watchlistSeen::put);
            watchlistDiff.removed().forEach(watchlistSeen::delete);
            log.info("Watchlist ({} entities new or changed, {} removed) or ownership statements ({}) changed: {} stored contracts "
                            + "screened again in task {}", watchlistDiff.changedIds().size(), watchlistDiff.removed().size(),
                    ownershipChanged ? "changed" : "unchanged", screened, context.taskId());
        }
    }

    /** Rebuilds the ownership graph when the global store changed since it was built; whether it did. */
    private boolean followOwnership() {
        long version = ownershipChanges.version();
        if (ownership != null && version == ownershipVersion) {
            return false;
        }
        List<OwnershipStatement> statements = new ArrayList<>();
        try (KeyValueIterator<String, OwnershipStatement> all = ownershipStore.all()) {
            all.forEachRemaining(entry -> statements.add(entry.value));
        }
        ownership = new OwnershipGraph(statements);
        boolean changed = version != ownershipVersion;
        ownershipVersion = version;
        return changed;
    }

    /**
     * How the global watchlist differs from what this task last screened against.
     *
     * @param entities     the whole watchlist now
     * @param fingerprints each entity's fingerprint now
     * @param changedIds   entities new or changed since
     * @param removed      entities gone since
     * @param newestChange the time of the newest change
     */
    private record WatchlistDiff(List<WatchlistEntity> entities, Map<String, Integer> fingerprints, Set<String> changedIds,
                                 List<String> removed, long newestChange) {
        boolean changed() {
            return !changedIds.isEmpty() || !removed.isEmpty();
        }
    }

    private WatchlistDiff watchlistDiff() {
        WatchlistSnapshot snapshot = WatchlistSnapshot.of(watchlist);
        Set<String> changed = new HashSet<>();
        long newestChange = 0;
        for (Map.Entry<String, Integer> entry : snapshot.fingerprints().entrySet()) {
            Integer seen = watchlistSeen.get(entry.getKey());
            if (seen == null || !seen.equals(entry.getValue())) {
                changed.add(entry.getKey());
                newestChange = Math.max(newestChange, snapshot.changedAt().get(entry.getKey()));
            }
        }
        List<String> removed = new ArrayList<>();
        try (KeyValueIterator<String, Integer> seen = watchlistSeen.all()) {
            seen.forEachRemaining(entry -> {
                if (!snapshot.fingerprints().containsKey(entry.key)) {
                    removed.add(entry.key);
                }
            });
        }
        return new WatchlistDiff(snapshot.entities(), snapshot.fingerprints(), changed, removed, newestChange);
    }

    private int rescreenStoredContracts(long newestChange) {
        int screened = 0;
        try (KeyValueIterator<String, ValueAndTimestamp<CompiledContract>> all = contracts.all()) {
            while (all.hasNext()) {
                ValueAndTimestamp<CompiledContract> stored = all.next().value;
                // The later of the contract and the watchlist change it now meets is when the alert arises.
                screen(stored.value(), null, Math.max(stored.timestamp(), newestChange));
                screened++;
            }
        }
        return screened;
    }

    private static boolean sameApartFromTime(VendorLink previous, VendorLink link) {
        return VendorLink.newBuilder(link).setLinkedAt(previous.getLinkedAt()).build().equals(previous);
    }
}
