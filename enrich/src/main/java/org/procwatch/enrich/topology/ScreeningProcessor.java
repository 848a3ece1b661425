package org.procwatch.enrich.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.procwatch.enrich.match.VendorMatcher;
import org.procwatch.enrich.screen.AlertCandidate;
import org.procwatch.enrich.screen.ContractScreening;
import org.procwatch.schemas.avro.Alert;
import org.procwatch.schemas.avro.CompiledContract;
import org.procwatch.schemas.avro.VendorLink;
import org.procwatch.schemas.avro.WatchlistEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Screens each compiled contract against the watchlist and forwards the vendor links and alerts that are
 * new or stronger than those already published: one alert per (contract, listed firm), updated in place.
 * The contracts it screened stay in a store, so that when the watchlist changes (seen in the global
 * watchlist store, checked every {@code watchlistCheck}) they are screened again from there, without
 * replaying any topic. Times stamped on links and alerts come from the records that caused them, so the
 * same input gives the same output.
 */
final class ScreeningProcessor implements Processor<String, CompiledContract, String, ScreeningOutput> {

    static final String CONTRACTS_STORE = "screened-contracts";
    static final String LINKS_STORE = "vendor-links";
    static final String ALERTS_STORE = "alerts";
    static final String WATCHLIST_SEEN_STORE = "watchlist-screened";

    private static final Logger log = LoggerFactory.getLogger(ScreeningProcessor.class);

    private final String watchlistStoreName;
    private final Duration watchlistCheck;
    private ProcessorContext<String, ScreeningOutput> context;
    private TimestampedKeyValueStore<String, WatchlistEntity> watchlist;
    private TimestampedKeyValueStore<String, CompiledContract> contracts;
    private KeyValueStore<String, VendorLink> links;
    private KeyValueStore<String, Alert> alerts;
    private KeyValueStore<String, Integer> watchlistSeen;
    private VendorMatcher matcher;

    ScreeningProcessor(String watchlistStoreName, Duration watchlistCheck) {
        this.watchlistStoreName = watchlistStoreName;
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
        context.schedule(watchlistCheck, PunctuationType.WALL_CLOCK_TIME, now -> followWatchlist());
    }

    @Override
    public void process(Record<String, CompiledContract> record) {
        if (record.value() == null) {
            return;
        }
        if (matcher == null) {
            followWatchlist();
        }
        contracts.put(record.key(), ValueAndTimestamp.make(record.value(), record.timestamp()));
        screen(record.value(), record.timestamp());
    }

    /** Screens one contract and forwards what is new or stronger. */
    private void screen(CompiledContract contract, long timestamp) {
        Instant at = Instant.ofEpochMilli(timestamp);
        ContractScreening.Result result = ContractScreening.screen(contract, matcher, at);
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
    }

    /**
     * Rebuilds the matcher when the global watchlist differs from what this task last screened against,
     * and screens the stored contracts again against the new watchlist.
     */
    private void followWatchlist() {
        List<WatchlistEntity> entities = new ArrayList<>();
        Map<String, Integer> fingerprints = new HashMap<>();
        long newestChange = 0;
        Set<String> changed = new HashSet<>();
        try (KeyValueIterator<String, ValueAndTimestamp<WatchlistEntity>> all = watchlist.all()) {
            while (all.hasNext()) {
                KeyValue<String, ValueAndTimestamp<WatchlistEntity>> entry = all.next();
                if (entry.value == null || entry.value.value() == null) {
                    continue;
                }
                WatchlistEntity entity = entry.value.value();
                entities.add(entity);
                int fingerprint = entity.hashCode();
                fingerprints.put(entry.key, fingerprint);
                Integer seen = watchlistSeen.get(entry.key);
                if (seen == null || seen != fingerprint) {
                    changed.add(entry.key);
                    newestChange = Math.max(newestChange, entry.value.timestamp());
                }
            }
        }
        List<String> removed = new ArrayList<>();
        try (KeyValueIterator<String, Integer> seen = watchlistSeen.all()) {
            seen.forEachRemaining(entry -> {
                if (!fingerprints.containsKey(entry.key)) {
                    removed.add(entry.key);
                }
            });
        }
        if (matcher != null && changed.isEmpty() && removed.isEmpty()) {
            return;
        }
        matcher = new VendorMatcher(entities);
        if (changed.isEmpty() && removed.isEmpty()) {
            return;
        }
        int screened = rescreenStoredContracts(newestChange);
        fingerprints.forEach(watchlistSeen::put);
        removed.forEach(watchlistSeen::delete);
        log.info("Watchlist changed ({} entities new or changed, {} removed): {} stored contracts screened again in task {}",
                changed.size(), removed.size(), screened, context.taskId());
    }

    private int rescreenStoredContracts(long newestChange) {
        int screened = 0;
        try (KeyValueIterator<String, ValueAndTimestamp<CompiledContract>> all = contracts.all()) {
            while (all.hasNext()) {
                ValueAndTimestamp<CompiledContract> stored = all.next().value;
                // The later of the contract and the watchlist change it now meets is when the alert arises.
                screen(stored.value(), Math.max(stored.timestamp(), newestChange));
                screened++;
            }
        }
        return screened;
    }

    private static boolean sameApartFromTime(VendorLink previous, VendorLink link) {
        return VendorLink.newBuilder(link).setLinkedAt(previous.getLinkedAt()).build().equals(previous);
    }
}
