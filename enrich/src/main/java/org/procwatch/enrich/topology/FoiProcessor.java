package org.procwatch.enrich.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.procwatch.schemas.name.NameNormalizer;
import org.procwatch.enrich.match.VendorMatch;
import org.procwatch.enrich.match.VendorMatcher;
import org.procwatch.schemas.avro.EntityRelation;
import org.procwatch.schemas.avro.Evidence;
import org.procwatch.schemas.avro.EvidenceKind;
import org.procwatch.schemas.avro.FoiAnswer;
import org.procwatch.schemas.avro.FoiOutcome;
import org.procwatch.schemas.avro.FoiResponse;
import org.procwatch.schemas.avro.LinkSubject;
import org.procwatch.schemas.avro.VendorLink;
import org.procwatch.schemas.avro.WatchlistEntity;

/**
 * Reads each FOI response (CONTRACTS section 5): a "yes" for Hikvision or Dahua, and the other vendors
 * named, run through the matcher, become vendor links of the body; whether the body counts as using a
 * listed firm's equipment goes to the FOI summary.
 */
final class FoiProcessor implements Processor<String, FoiResponse, String, FoiOutput> {

    private static final Set<String> USING_RELATIONS = Set.of(EntityRelation.listed.name(), EntityRelation.subsidiary.name(),
            EntityRelation.brand.name());

    private final String watchlistStoreName;
    private final Duration watchlistCheck;
    private ProcessorContext<String, FoiOutput> context;
    private TimestampedKeyValueStore<String, WatchlistEntity> watchlist;
    private VendorMatcher matcher;
    private Map<String, Integer> matcherBuiltFrom = Map.of();

    FoiProcessor(String watchlistStoreName, Duration watchlistCheck) {
        this.watchlistStoreName = watchlistStoreName;
        this.watchlistCheck = watchlistCheck;
    }

    @Override
    public void init(ProcessorContext<String, FoiOutput> context) {
        this.context = context;
        this.watchlist = context.getStateStore(watchlistStoreName);
        context.schedule(watchlistCheck, PunctuationType.WALL_CLOCK_TIME, now -> followWatchlist());
    }

    @Override
    public void process(Record<String, FoiResponse> record) {
        FoiResponse response = record.value();
        if (response == null) {
            return;
        }
        if (matcher == null) {
            followWatchlist();
        }
        Instant at = Instant.ofEpochMilli(record.timestamp());
        Map<String, VendorLink> links = new LinkedHashMap<>();
        answered(response, "hikvision", response.getHikvision(), at, links);
        answered(response, "dahua", response.getDahua(), at, links);
        boolean namesListedEquipment = !links.isEmpty();
        for (int i = 0; i < response.getOtherVendors().size(); i++) {
            String vendor = response.getOtherVendors().get(i);
            for (VendorMatch match : matcher.matchName(vendor)) {
                // A listed firm, a subsidiary or a brand is their equipment; a distributor or a parent need not be.
                namesListedEquipment |= USING_RELATIONS.contains(match.relation());
                links.putIfAbsent(match.entityId(), link(response, match.entityId(), match.entityName(), match.listedEntityId(),
                        match.listedEntityName(), match.relation(), match.lists(), evidence(match.kind(), "other_vendors[" + i + "]",
                                vendor, match.matchedAgainst(), match.score(), match.explanation(), match.chain()), at));
            }
        }
        for (VendorLink link : links.values()) {
            context.forward(new Record<>(response.getRequestId() + "|" + link.getEntityId(), FoiOutput.of(link), record.timestamp()));
        }
        boolean answered = response.getOutcome() == FoiOutcome.answered;
        FoiFact fact = new FoiFact(response.getRequestId(), response.getBodyName(), NameNormalizer.key(response.getBodyName()),
                response.getBodyType().name(), response.getOutcome().name(), answered, answered && namesListedEquipment, response.getSourceUrl(),
                response.getHikvision().name(), response.getDahua().name(), response.getEvidence(), response.getSource().getSource());
        context.forward(new Record<>(response.getRequestId(), FoiOutput.of(fact), record.timestamp()));
    }

    /** A "yes" in the Hikvision or Dahua column: a link to that listed firm, on the body's own word. */
    private void answered(FoiResponse response, String firmId, FoiAnswer answer, Instant at, Map<String, VendorLink> links) {
        if (answer != FoiAnswer.yes) {
            return;
        }
        ValueAndTimestamp<WatchlistEntity> stored = watchlist.get(firmId);
        WatchlistEntity firm = stored == null ? null : stored.value();
        String name = firm == null ? firmId : firm.getName();
        links.put(firmId, link(response, firmId, name, firmId, name, EntityRelation.listed.name(), firm == null ? List.of() : firm.getLists(),
                evidence(EvidenceKind.FOI_ANSWER, firmId, "yes", name, 1.0, response.getBodyName() + " answered yes to using " + name
                        + " equipment", List.of(firmId)), at));
    }

    private static VendorLink link(FoiResponse response, String entityId, String entityName, String listedId, String listedName,
                                   String relation, List<String> lists, Evidence evidence, Instant at) {
        return VendorLink.newBuilder()
                .setSubjectType(LinkSubject.FOI_BODY)
                .setSubjectId(response.getRequestId())
                .setEntityId(entityId)
                .setEntityName(entityName)
                .setListedEntityId(listedId)
                .setListedEntityName(listedName)
                .setRelation(relation)
                .setRole("foi-answer")
                .setPartyName(response.getBodyName())
                .setLists(new ArrayList<>(lists))
                .setScore(evidence.getScore())
                .setEvidence(List.of(evidence))
                .setLinkedAt(at)
                .build();
    }

    private static Evidence evidence(EvidenceKind kind, String field, String text, String against, double score, String explanation,
                                     List<String> chain) {
        return Evidence.newBuilder().setKind(kind).setField(field).setMatchedText(text).setMatchedAgainst(against).setScore(score)
                .setExplanation(explanation).setChain(chain).build();
    }

    /** Rebuilds the matcher when the global watchlist changed since it was built. */
    private void followWatchlist() {
        WatchlistSnapshot snapshot = WatchlistSnapshot.of(watchlist);
        if (matcher == null || !snapshot.fingerprints().equals(matcherBuiltFrom)) {
            matcher = new VendorMatcher(snapshot.entities());
            matcherBuiltFrom = snapshot.fingerprints();
        }
    }
}
