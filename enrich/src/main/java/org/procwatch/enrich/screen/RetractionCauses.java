package org.procwatch.enrich.screen;

import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.procwatch.enrich.match.VendorMatcher;
import org.procwatch.schemas.avro.EntityRelation;
import org.procwatch.schemas.avro.Evidence;
import org.procwatch.schemas.avro.EvidenceKind;
import org.procwatch.schemas.avro.RetractReason;
import org.procwatch.schemas.avro.VendorLink;
import org.procwatch.schemas.avro.WatchlistEntity;

/**
 * Why a link that held no longer does, read from the watchlist as it is now: an entity it went through gone
 * ({@code delisted}), a relation on the way ended or not yet begun on the contract's date, or a chain of ownership
 * no longer found ({@code relation_ended}), else the party or text that made it gone from the contract
 * ({@code supplier_removed}).
 */
public final class RetractionCauses implements AlertLifecycle.RetractionCause {

    private final Function<String, WatchlistEntity> watchlist;
    private final LocalDate date;

    /**
     * @param watchlist the entity of an id, or null when the watchlist has none
     * @param date      the day the contract is screened for, or null
     */
    public RetractionCauses(Function<String, WatchlistEntity> watchlist, LocalDate date) {
        this.watchlist = watchlist;
        this.date = date;
    }

    @Override
    public RetractReason of(VendorLink gone) {
        Set<String> through = new LinkedHashSet<>(List.of(gone.getEntityId(), gone.getListedEntityId()));
        for (Evidence evidence : gone.getEvidence()) {
            // An ownership chain names statements, not watchlist entities.
            if (evidence.getKind() != EvidenceKind.OWNERSHIP_CHAIN) {
                through.addAll(evidence.getChain());
            }
        }
        boolean ended = false;
        for (String id : through) {
            WatchlistEntity entity = watchlist.apply(id);
            if (entity == null) {
                return RetractReason.delisted;
            }
            // As the matcher resolves: the relations on the way are dated, a listed firm's own listing dates do not gate it.
            ended |= date != null && entity.getRelation() != EntityRelation.listed && !VendorMatcher.holdsOn(entity, date);
        }
        return ended || "owned-by".equals(gone.getRelation()) ? RetractReason.relation_ended : RetractReason.supplier_removed;
    }
}
