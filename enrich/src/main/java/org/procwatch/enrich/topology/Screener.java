package org.procwatch.enrich.topology;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.procwatch.enrich.match.VendorMatcher;
import org.procwatch.enrich.ownership.OwnershipGraph;
import org.procwatch.enrich.review.LinkReviews;
import org.procwatch.enrich.screen.AlertCandidate;
import org.procwatch.enrich.screen.AlertLifecycle;
import org.procwatch.enrich.screen.ContractScreening;
import org.procwatch.enrich.screen.RetractionCauses;
import org.procwatch.schemas.avro.Alert;
import org.procwatch.schemas.avro.CompiledContract;
import org.procwatch.schemas.avro.OwnershipStatement;
import org.procwatch.schemas.avro.Review;
import org.procwatch.schemas.avro.VendorLink;
import org.procwatch.schemas.avro.WatchlistEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The screening half of {@link CompileAndScreenProcessor}: screens each compiled contract against the watchlist and
 * forwards the vendor links and alerts that are new, stronger, ended or retracted compared with those already
 * published ({@link AlertLifecycle}): one alert per (contract, listed firm), updated in place, retracted but never
 * deleted; and the exposure facts, when they changed. When the watchlist or the ownership statements change (seen in
 * their global stores, checked every {@code watchlistCheck}) the stored processes are screened again, each contract
 * written again from its process, without replaying any topic; a review (a global store too) screens its own process
 * again at once. Times stamped on links and alerts come from the records that caused them, so the
 * same input gives the same output.
 *
 * <p>Screening a task's stored contracts again goes in steps of at most {@code rescreenStep} each, a
 * {@link RescreenCursor} in a store recording how far it got: a task may hold hundreds of thousands of
 * contracts, and screening them all in one punctuation kept the thread's transaction open past the producer's
 * {@code transaction.timeout.ms} (10 s under exactly-once), so the broker aborted it, the thread was fenced, and
 * the screening began again after the rebalance, for ever. Releases go on being processed between the steps,
 * screened against the new watchlist already.
 */
final class Screener {

    static final String LINKS_STORE = "vendor-links";
    static final String ALERTS_STORE = "alerts";
    static final String WATCHLIST_SEEN_STORE = "watchlist-screened";
    static final String RESCREEN_STORE = "rescreen-progress";
    /** How long one step of screening the stored contracts again may take, per task; at least one contract is screened. */
    static final Duration RESCREEN_STEP = Duration.ofMillis(200);
    /** How often the next step runs while a screening is under way. */
    private static final Duration RESCREEN_STEP_INTERVAL = Duration.ofMillis(100);
    private static final String CURSOR_KEY = "stored-contracts";

    private static final Logger log = LoggerFactory.getLogger(Screener.class);

    private final String watchlistStoreName;
    private final GlobalChanges watchlistRemovals;
    private final String ownershipStoreName;
    private final String reviewsStoreName;
    private final GlobalChanges reviewChanges;
    private final SharedOwnershipGraph ownershipGraph;
    private final Duration watchlistCheck;
    private final Duration rescreenStep;
    private ProcessorContext<String, EnrichOutput> context;
    private TimestampedKeyValueStore<String, WatchlistEntity> watchlist;
    /** The processes of this task, in {@link CompileState}s: the contracts to screen again. */
    private KeyValueStore<String, byte[]> processes;
    private KeyValueStore<String, VendorLink> links;
    private KeyValueStore<String, Alert> alerts;
    private AlertTimeline timeline;
    private KeyValueStore<String, Integer> watchlistSeen;
    private KeyValueStore<String, RescreenCursor> rescreenProgress;
    private KeyValueStore<String, OwnershipStatement> ownershipStore;
    private KeyValueStore<String, Review> reviews;
    /** The review store's change count when this task last looked. */
    private long reviewVersion = -1;
    /**
     * The reviews whose process this task has screened again since it started; after a restart every review is
     * new to it, and screening its process again changes nothing that had been published.
     */
    private final Set<String> reviewsActedOn = new HashSet<>();
    private VendorMatcher matcher;
    private OwnershipGraph ownership;
    /** The ownership store's change count when this task last looked; 0 before any change this run. */
    private long ownershipVersion;

    Screener(String watchlistStoreName, GlobalChanges watchlistRemovals, String ownershipStoreName, SharedOwnershipGraph ownershipGraph,
             String reviewsStoreName, GlobalChanges reviewChanges, Duration watchlistCheck, Duration rescreenStep) {
        this.watchlistStoreName = watchlistStoreName;
        this.watchlistRemovals = watchlistRemovals;
        this.ownershipStoreName = ownershipStoreName;
        this.ownershipGraph = ownershipGraph;
        this.reviewsStoreName = reviewsStoreName;
        this.reviewChanges = reviewChanges;
        this.watchlistCheck = watchlistCheck;
        this.rescreenStep = rescreenStep;
    }

    void init(ProcessorContext<String, EnrichOutput> context, KeyValueStore<String, byte[]> processes) {
        this.context = context;
        this.watchlist = context.getStateStore(watchlistStoreName);
        this.processes = processes;
        this.links = context.getStateStore(LINKS_STORE);
        this.alerts = context.getStateStore(ALERTS_STORE);
        this.timeline = new AlertTimeline(context.getStateStore(AlertTimeline.STORE));
        this.watchlistSeen = context.getStateStore(WATCHLIST_SEEN_STORE);
        this.rescreenProgress = context.getStateStore(RESCREEN_STORE);
        this.ownershipStore = context.getStateStore(ownershipStoreName);
        this.reviews = context.getStateStore(reviewsStoreName);
        context.schedule(watchlistCheck, PunctuationType.WALL_CLOCK_TIME, now -> followGlobalStores());
        context.schedule(RESCREEN_STEP_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> continueRescreen());
    }

    /**
     * Screens a contract just compiled from a release.
     *
     * @param exposureChanged whether what the exposure tables count of the contract ({@link ExposureFact#digestOf}) differs
     *                        from before this release, or is not known to be the same
     */
    void screenRelease(StoredProcesses.Compiled compiled, boolean exposureChanged) {
        if (matcher == null) {
            followGlobalStores();
        }
        CompiledContract contract = compiled.contract();
        Screened screened = screen(contract, compiled.compiledRelease(), compiled.timestamp());
        // Even with no new link or alert, the contract's value or buyer, which the exposure tables count, may have changed.
        if (screened.forwardedAny() || exposureChanged) {
            forwardExposure(contract, screened.changes(), compiled.timestamp());
        }
    }

    /**
     * What screening a contract found, and whether any of its links or alerts was new or changed (and so forwarded).
     */
    private record Screened(AlertLifecycle.Changes changes) {
        boolean forwardedAny() {
            return changes.any();
        }
    }

    /**
     * Screens one contract and forwards the links and alerts that are new, stronger, ended or retracted.
     *
     * @param compiledRelease the contract's compiled release as a tree
     */
    private Screened screen(CompiledContract contract, JsonNode compiledRelease, long timestamp) {
        Instant at = Instant.ofEpochMilli(timestamp);
        List<VendorLink> found = ContractScreening.screen(contract, compiledRelease, matcher, ownership, at);
        String ocid = contract.getOcid();
        LocalDate date = ContractScreening.date(contract.getLastReleaseDate());
        LinkReviews reviewed = reviewsOf(ocid);
        List<VendorLink> standing = new ArrayList<>();
        Set<String> reviewedOut = new HashSet<>();
        for (VendorLink link : found) {
            if (reviewed.leavesOut(link)) {
                reviewedOut.add(link.getEntityId());
            } else {
                standing.add(link);
            }
        }
        AlertLifecycle.Changes changes = AlertLifecycle.apply(contract, standing, reviewedOut, previousLinks(ocid),
                alerts::get, new RetractionCauses(this::watchlistEntity, date), at);
        for (VendorLink link : changes.links()) {
            String key = ocid + "|" + link.getEntityId();
            links.put(key, link);
            context.forward(new Record<>(key, EnrichOutput.of(link), timestamp));
        }
        for (Alert alert : changes.alerts()) {
            timeline.record(alerts.get(alert.getAlertId()), alert);
            alerts.put(alert.getAlertId(), alert);
            context.forward(new Record<>(alert.getAlertId(), EnrichOutput.of(alert), timestamp));
        }
        return new Screened(changes);
    }

    private LinkReviews reviewsOf(String ocid) {
        List<Review> found = ProcessKeys.valuesOf(reviews, ocid, Review::getOcid);
        return found.isEmpty() ? LinkReviews.none() : new LinkReviews(found);
    }

    /**
     * Screens again, at once, the contracts of this task that a review new to it names: a review concerns one
     * process, so no pass over all the stored contracts is needed. Dated by the review, or the contract when later.
     */
    private void followReviews() {
        long version = reviewChanges.version();
        if (version == reviewVersion) {
            return;
        }
        reviewVersion = version;
        Map<String, Long> reviewedAt = new HashMap<>();
        try (KeyValueIterator<String, Review> all = reviews.all()) {
            all.forEachRemaining(entry -> {
                if (entry.value != null && reviewsActedOn.add(entry.key)) {
                    reviewedAt.merge(entry.value.getOcid(), entry.value.getReviewedAt().toEpochMilli(), Math::max);
                }
            });
        }
        reviewedAt.forEach((ocid, time) -> {
            byte[] stored = processes.get(ocid);
            if (stored != null) {
                screenAgain(ocid, stored, time);
            }
        });
    }

    private WatchlistEntity watchlistEntity(String id) {
        ValueAndTimestamp<WatchlistEntity> entity = watchlist.get(id);
        return entity == null ? null : entity.value();
    }

    /** The links published before for a contract, ended ones too, by entity id. */
    private Map<String, VendorLink> previousLinks(String ocid) {
        Map<String, VendorLink> previous = new HashMap<>();
        ProcessKeys.valuesOf(links, ocid, VendorLink::getSubjectId).forEach(link -> previous.put(link.getEntityId(), link));
        return previous;
    }

    /**
     * The facts the exposure tables count, with the contract's current value (an alert keeps the value it
     * was raised with): one for the process, one per listed firm it is alerted about; and the facts of the
     * firms whose alert was retracted taken away, and the process's own when no alert about it stands.
     */
    private void forwardExposure(CompiledContract contract, AlertLifecycle.Changes changes, long timestamp) {
        String ocid = contract.getOcid();
        for (String firm : changes.retractedFirms()) {
            context.forward(new Record<>(ocid + "|" + firm, EnrichOutput.of(ExposureFact.gone(ocid, firm)), timestamp));
        }
        List<AlertCandidate> candidates = changes.activeFirms();
        if (candidates.isEmpty()) {
            if (!changes.retractedFirms().isEmpty()) {
                context.forward(new Record<>(ocid, EnrichOutput.of(ExposureFact.gone(ocid, null)), timestamp));
            }
            return;
        }
        String buyer = contract.getBuyer() == null ? null : contract.getBuyer().getName();
        String bodyType = contract.getBodyType().name();
        context.forward(new Record<>(ocid, EnrichOutput.of(new ExposureFact(ocid, null, null, buyer, bodyType,
                contract.getValueAmount(), contract.getValueCurrency())), timestamp));
        for (AlertCandidate candidate : candidates) {
            VendorLink strongest = candidate.strongest();
            context.forward(new Record<>(ocid + "|" + strongest.getListedEntityId(), EnrichOutput.of(new ExposureFact(ocid,
                    strongest.getListedEntityId(), strongest.getListedEntityName(), buyer, bodyType, contract.getValueAmount(),
                    contract.getValueCurrency())), timestamp));
        }
    }

    /**
     * Follows changes to the watchlist and to the ownership statements: rebuilds the matcher or the
     * ownership graph, and after either starts screening the stored contracts again, from the first. A pass
     * already under way goes on, now with the newer lists, and another follows it for the contracts it had
     * passed; so a steady trickle of changes (ownership statements arrive all the time) still sees every pass end.
     */
    private void followGlobalStores() {
        timeline.fillOnce(alerts); // here, not in init: a store is written while a record or punctuation is processed
        boolean ownershipChanged = followOwnership();
        WatchlistDiff watchlistDiff = watchlistDiff();
        if (matcher == null || watchlistDiff.changed()) {
            matcher = new VendorMatcher(watchlistDiff.entities());
        }
        followReviews();
        if (ownershipChanged || watchlistDiff.changed()) {
            long newestChange = Math.max(watchlistDiff.newestChange(), ownershipChanged ? ownershipGraph.changes().newestTimestamp() : 0);
            RescreenCursor underWay = rescreenProgress.get(CURSOR_KEY);
            RescreenCursor cursor = underWay == null ? RescreenCursor.start(newestChange) : underWay.changedAgain(newestChange);
            rescreenProgress.put(CURSOR_KEY, cursor);
            watchlistDiff.fingerprints().forEach(watchlistSeen::put);
            watchlistDiff.removed().forEach(watchlistSeen::delete);
            // While statements keep arriving every check finds a change; only the first to add a pass is worth a line.
            if (underWay == null || !underWay.passAgain()) {
                log.info("Watchlist ({} entities new or changed, {} removed) or ownership statements ({}) changed: screening the "
                                + "stored contracts of task {} again{}", watchlistDiff.changedIds().size(), watchlistDiff.removed().size(),
                        ownershipChanged ? "changed" : "unchanged", context.taskId(),
                        underWay == null ? "" : " (the pass under way goes on with the new lists, and another follows it)");
            }
            continueRescreen();
        }
    }

    /**
     * Screens stored contracts again from where the cursor stands, for at most {@link #rescreenStep} (and at
     * least one contract), and moves the cursor on; after the last, starts the next pass or removes the cursor.
     */
    private void continueRescreen() {
        RescreenCursor cursor = rescreenProgress.get(CURSOR_KEY);
        if (cursor == null) {
            return;
        }
        if (matcher == null) {
            followGlobalStores();
            return;
        }
        long deadline = System.nanoTime() + rescreenStep.toNanos();
        try (KeyValueIterator<String, byte[]> next = processes.range(cursor.after(), null)) {
            long before = cursor.screened();
            while (true) {
                if (!next.hasNext()) {
                    endPass(cursor);
                    return;
                }
                KeyValue<String, byte[]> stored = next.next();
                if (stored.key.equals(cursor.after())) {
                    continue; // the range starts at the last contract screened
                }
                if (cursor.screened() > before && System.nanoTime() >= deadline) {
                    break;
                }
                screenAgain(stored.key, stored.value, cursor.changedAt());
                cursor = cursor.advancedTo(stored.key);
            }
        }
        rescreenProgress.put(CURSOR_KEY, cursor);
    }

    /**
     * Screens a stored process again, for a change of the lists or a review made at {@code changedAt}: the later of its
     * contract and that change is when an alert arises. The contract is as it was, so its exposure facts change only
     * with its links and alerts.
     */
    private void screenAgain(String ocid, byte[] stored, long changedAt) {
        StoredProcesses.Compiled compiled = StoredProcesses.read(ocid, CompileState.decode(stored));
        long at = Math.max(compiled.timestamp(), changedAt);
        Screened screened = screen(compiled.contract(), compiled.compiledRelease(), at);
        if (screened.forwardedAny()) {
            forwardExposure(compiled.contract(), screened.changes(), at);
        }
    }

    private void endPass(RescreenCursor cursor) {
        log.info("Screened {} stored contracts again in task {}{}", cursor.screened(), context.taskId(),
                cursor.passAgain() ? "; once more from the first, for the change that came meanwhile" : "");
        if (cursor.passAgain()) {
            rescreenProgress.put(CURSOR_KEY, RescreenCursor.start(cursor.changedAt()));
        } else {
            rescreenProgress.delete(CURSOR_KEY);
        }
    }

    /**
     * Whether the ownership statements changed since this task last looked. The graph itself is the instance's,
     * kept up to date as statements arrive; releases are screened against it at once.
     */
    private boolean followOwnership() {
        long version = ownershipGraph.changes().version();
        if (ownership != null && version == ownershipVersion) {
            return false;
        }
        ownership = ownershipGraph.graph(ownershipStore);
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
        if (!removed.isEmpty()) {
            // A removal leaves nothing in the store; the newest tombstone the store took dates it.
            newestChange = Math.max(newestChange, watchlistRemovals.newestTimestamp());
        }
        return new WatchlistDiff(snapshot.entities(), snapshot.fingerprints(), changed, removed, newestChange);
    }
}
