package org.procwatch.enrich.ownership;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.procwatch.enrich.match.Identifiers;
import org.procwatch.schemas.name.NameNormalizer;
import org.procwatch.schemas.avro.Identifier;
import org.procwatch.schemas.avro.OwnershipInterest;
import org.procwatch.schemas.avro.OwnershipStatement;
import org.procwatch.schemas.avro.StatementKind;

/**
 * Who owns or controls whom, from beneficial-ownership (BODS) statements: companies found by identifier
 * (company numbers without leading zeros) or, lacking one, by exact normalised name, and their owners
 * followed up the chain. Interests that have ended are not followed.
 *
 * <p>Kept up to date statement by statement ({@link #add}, {@link #remove}) by one writer while any number of
 * threads read it: the indexes are concurrent maps whose lists are replaced whole, never changed in place, so
 * a reader sees each company's statements as they stood before or after a change, never half of one.
 */
public final class OwnershipGraph {

    /** Chains longer than this are not followed: real group structures are shallower, cycles are cut anyway. */
    static final int MAX_DEPTH = 6;

    private final Map<String, OwnershipStatement> entitiesById = new ConcurrentHashMap<>();
    private final Map<String, List<OwnershipStatement>> entitiesByIdentifier = new ConcurrentHashMap<>();
    private final Map<String, List<OwnershipStatement>> entitiesByName = new ConcurrentHashMap<>();
    private final Map<String, List<OwnershipStatement>> relationshipsBySubject = new ConcurrentHashMap<>();

    public OwnershipGraph(Collection<OwnershipStatement> statements) {
        statements.forEach(this::add);
    }

    public static OwnershipGraph empty() {
        return new OwnershipGraph(List.of());
    }

    /** Takes in a statement; one with the same statement id as a statement already in is taken to replace it. */
    public void add(OwnershipStatement statement) {
        index(statement, true);
    }

    /** Takes a statement out, as it was added. */
    public void remove(OwnershipStatement statement) {
        index(statement, false);
    }

    private void index(OwnershipStatement statement, boolean adding) {
        BiFunction<String, List<OwnershipStatement>, List<OwnershipStatement>> edit =
                (key, list) -> adding ? with(list, statement) : without(list, statement);
        if (statement.getKind() == StatementKind.RELATIONSHIP) {
            if (statement.getSubjectId() != null && statement.getInterestedPartyId() != null) {
                relationshipsBySubject.compute(statement.getSubjectId(), edit);
            }
            return;
        }
        for (String id : Stream.of(statement.getStatementId(), statement.getRecordId()).filter(Objects::nonNull).toList()) {
            if (adding) {
                entitiesById.put(id, statement);
            } else {
                entitiesById.remove(id, statement);
            }
        }
        if (statement.getKind() == StatementKind.ENTITY) {
            for (Identifier identifier : statement.getIdentifiers()) {
                entitiesByIdentifier.compute(Identifiers.key(identifier), edit);
            }
            String name = nameKey(statement.getName());
            if (name != null) {
                entitiesByName.compute(name, edit);
            }
        }
    }

    /** A new list: {@code list} with {@code statement} in place of any statement of its id. */
    private static List<OwnershipStatement> with(List<OwnershipStatement> list, OwnershipStatement statement) {
        List<OwnershipStatement> changed = new ArrayList<>(others(list, statement));
        changed.add(statement);
        return List.copyOf(changed);
    }

    /** A new list: {@code list} without any statement of {@code statement}'s id; null, which removes the key, when none is left. */
    private static List<OwnershipStatement> without(List<OwnershipStatement> list, OwnershipStatement statement) {
        List<OwnershipStatement> kept = others(list, statement);
        return kept.isEmpty() ? null : kept;
    }

    private static List<OwnershipStatement> others(List<OwnershipStatement> list, OwnershipStatement statement) {
        return list == null ? List.of() : list.stream().filter(other -> !other.getStatementId().equals(statement.getStatementId())).toList();
    }

    public boolean isEmpty() {
        return relationshipsBySubject.isEmpty();
    }

    /** One owner up a party's chain, with the statements that lead to it. */
    public record Owner(OwnershipStatement entity, List<OwnershipStatement> path, List<OwnershipInterest> interests) {
    }

    /**
     * Every owner, direct or up the chain, of the company a party stands for: found by its identifiers, or by
     * its exact normalised name when it has none. Nearest first.
     */
    public List<Owner> ownersOf(String name, List<Identifier> identifiers) {
        Map<String, OwnershipStatement> starts = new LinkedHashMap<>();
        for (Identifier identifier : identifiers) {
            entitiesByIdentifier.getOrDefault(Identifiers.key(identifier), List.of())
                    .forEach(entity -> starts.put(entity.getStatementId(), entity));
        }
        if (starts.isEmpty() && identifiers.isEmpty()) {
            String key = nameKey(name);
            if (key != null) {
                entitiesByName.getOrDefault(key, List.of()).forEach(entity -> starts.put(entity.getStatementId(), entity));
            }
        }
        List<Owner> owners = new ArrayList<>();
        Set<String> visited = new HashSet<>();
        Deque<Owner> queue = new ArrayDeque<>();
        for (OwnershipStatement start : starts.values()) {
            visited.add(start.getStatementId());
            queue.add(new Owner(start, List.of(start), List.of()));
        }
        while (!queue.isEmpty()) {
            Owner current = queue.poll();
            if (current.path.size() > MAX_DEPTH) {
                continue;
            }
            for (OwnershipStatement relationship : relationshipsOf(current.entity)) {
                List<OwnershipInterest> live = relationship.getInterests().stream().filter(interest -> interest.getEndDate() == null).toList();
                if (!relationship.getInterests().isEmpty() && live.isEmpty()) {
                    continue; // every interest has ended
                }
                OwnershipStatement owner = entitiesById.get(relationship.getInterestedPartyId());
                if (owner == null || !visited.add(owner.getStatementId())) {
                    continue;
                }
                List<OwnershipStatement> path = new ArrayList<>(current.path);
                path.add(owner);
                Owner found = new Owner(owner, path, live);
                owners.add(found);
                queue.add(found);
            }
        }
        return owners;
    }

    private List<OwnershipStatement> relationshipsOf(OwnershipStatement entity) {
        List<OwnershipStatement> relationships = new ArrayList<>(relationshipsBySubject.getOrDefault(entity.getStatementId(), List.of()));
        if (entity.getRecordId() != null) {
            relationships.addAll(relationshipsBySubject.getOrDefault(entity.getRecordId(), List.of()));
        }
        return relationships;
    }

    private static String nameKey(String name) {
        return NameNormalizer.key(name);
    }
}
