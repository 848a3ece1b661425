package org.procwatch.enrich.match;

import java.util.List;
import org.procwatch.schemas.avro.EvidenceKind;
import org.procwatch.schemas.avro.ListVersion;

/**
 * A link from a name or text to a watchlist entity, resolved to the listed firm it leads to.
 *
 * @param entityId         the watchlist entity matched (a listed firm, subsidiary, brand, ...)
 * @param entityName       its canonical name
 * @param listedEntityId   the listed firm it leads to (itself when listed)
 * @param listedEntityName that firm's canonical name
 * @param relation         how the matched entity relates to the listed firm ({@code listed}, {@code subsidiary}, ...)
 * @param lists            the lists naming the listed firm or the entity itself
 * @param listVersions     of those lists, each one's version or date the entries stood in, where the list gives one
 * @param score            from 0 to 1
 * @param kind             how it was found
 * @param matchedText      the part of the input that matched
 * @param matchedAgainst   the watchlist name, alias, identifier or pattern it matched
 * @param explanation      one line for a person
 * @param chain            entity ids from the matched entity up to the listed firm
 */
public record VendorMatch(String entityId, String entityName, String listedEntityId, String listedEntityName,
                          String relation, List<String> lists, List<ListVersion> listVersions, double score, EvidenceKind kind,
                          String matchedText, String matchedAgainst, String explanation, List<String> chain) {

    public VendorMatch {
        lists = List.copyOf(lists);
        listVersions = List.copyOf(listVersions);
        chain = List.copyOf(chain);
    }
}
