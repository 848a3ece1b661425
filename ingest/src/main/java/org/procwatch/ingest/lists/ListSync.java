package org.procwatch.ingest.lists;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.procwatch.ingest.kafka.IngestWriter;
import org.procwatch.schemas.avro.ListVersion;
import org.procwatch.schemas.avro.WatchlistEntity;
import org.procwatch.schemas.topic.TopicDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the watchlist in step with one official list. What the watchlist holds of the list (the entities
 * whose ids start with the list's name) is read back from the compacted topic, so the comparison is with
 * what was last published, whichever run published it; then new and changed entities are published, and
 * for a whole list, those it no longer names are removed with tombstones. A delta applies its own
 * additions, changes and removals. Applying the same list again publishes nothing.
 *
 * <p>A whole list that would remove more than half of what the watchlist holds of it is refused (unless
 * allowed): a truncated download or a changed format reads as an almost empty list, and removing the
 * entries would retract their alerts.
 */
public final class ListSync {

    /** What one application of a list did. */
    public record Outcome(boolean delta, int listed, int added, int changed, int removed, int unchanged, int problems) {
    }

    /** A whole list that would remove too much of what was listed. */
    public static final class TooManyRemovals extends IOException {
        TooManyRemovals(String message) {
            super(message);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(ListSync.class);
    /** Below this many entities held, any removal is allowed: a small list may shrink by half. */
    private static final int GUARDED_FROM = 20;

    private final OfficialList list;
    private final IngestWriter writer;
    private final boolean persons;
    private final boolean allowLargeRemoval;
    private final ListLimits limits;

    /**
     * @param persons           whether individuals are kept
     * @param allowLargeRemoval whether a whole list may remove more than half of what was listed
     * @param limits            the largest entry, and the most entities a list may name (it is held whole)
     */
    public ListSync(OfficialList list, IngestWriter writer, boolean persons, boolean allowLargeRemoval, ListLimits limits) {
        this.list = list;
        this.writer = writer;
        this.persons = persons;
        this.allowLargeRemoval = allowLargeRemoval;
        this.limits = limits;
    }

    /** Raised from within the reader's callback, where no checked exception may pass, and turned back into one. */
    private static final class TooManyEntities extends RuntimeException {
        TooManyEntities(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Applies a document of the list: a whole list, or an OpenSanctions delta (told by its lines).
     *
     * @param origin  where the document came from, for dead letters
     * @param version the list's version (OpenSanctions' own) or date, recorded on the entities this adds or changes
     *                where the document does not date a list itself
     * @throws IOException when the document is not the list, would remove too much, names more entities than the limit or
     *                     has an entry too large to read; the watchlist is left as it was
     */
    public Outcome apply(InputStream document, String origin, String version) throws IOException {
        Map<String, WatchlistEntity> held = held();
        Reading read = new Reading();
        ListReader.Kind kind;
        try {
            kind = list.reader(persons, limits.maxEntryBytes()).read(document, read::change, problem -> read.problem(problem, origin));
        } catch (TooManyEntities e) {
            throw new IOException(e.getMessage());
        }
        if (read.readPast > 0) {
            // Nothing is known of such an entry, not even whether it is still listed: applied without it, a whole list would
            // remove it, a delta would lose its change for good.
            throw new IOException(String.format("%,d entries of the %s list are over %,d bytes, the limit (--max-entry-size), and could "
                    + "not be read; nothing was changed", read.readPast, list.listName(), limits.maxEntryBytes()));
        }
        Set<String> removals = new HashSet<>();
        if (kind == ListReader.Kind.DELTA) {
            read.removedByDelta.stream().filter(held::containsKey).forEach(removals::add);
        } else {
            held.keySet().stream().filter(id -> !read.listed.containsKey(id)).forEach(removals::add);
            guard(held.size(), read.listed.size(), removals.size());
        }
        return publish(kind == ListReader.Kind.DELTA, held, read.listed, removals, read.problems, read.versions, version);
    }

    /** What a document said, as it is read. */
    private final class Reading {
        final Map<String, WatchlistEntity> listed = new HashMap<>();
        final Set<String> removedByDelta = new HashSet<>();
        final Map<String, String> versions = new HashMap<>();
        int problems;
        int readPast;

        void change(ListChange change) {
            switch (change) {
                case ListChange.Listed entry -> {
                    listed.put(entry.id(), entry.entity());
                    removedByDelta.remove(entry.id());
                    if (listed.size() > limits.maxEntities()) {
                        throw new TooManyEntities(String.format("the %s list names more than %,d entities, the limit (--max-entities); "
                                + "nothing was changed", list.listName(), limits.maxEntities()));
                    }
                }
                case ListChange.Removed removal -> {
                    listed.remove(removal.id());
                    removedByDelta.add(removal.id());
                }
                case ListChange.Dated dated -> versions.put(dated.list(), dated.version());
            }
        }

        void problem(ListProblem problem, String origin) {
            problems++;
            if (problem.readPast()) {
                readPast++;
            }
            writer.deadLetter(problem.reason(), list.listName() + "-reader", origin, problem.position(),
                    problem.raw() == null ? null : problem.raw().getBytes(StandardCharsets.UTF_8));
        }
    }

    private void guard(int held, int listed, int removals) throws TooManyRemovals {
        if (!allowLargeRemoval && held >= GUARDED_FROM && removals * 2 > held) {
            throw new TooManyRemovals(String.format("the %s list read has %,d entities and would remove %,d of the %,d the watchlist holds; "
                    + "a download cut short or a changed format reads like that, so nothing was changed. If the list really shrank, "
                    + "run again with --allow-large-removal", list.listName(), listed, removals, held));
        }
    }

    /**
     * Publishes what is new or changed, each with the version it was read from; an entity the same as published but
     * for its version is left as it was, so a new version of a list republishes only what it changed.
     */
    private Outcome publish(boolean delta, Map<String, WatchlistEntity> held, Map<String, WatchlistEntity> listed, Set<String> removals,
                            int problems, Map<String, String> versions, String version) {
        TopicDescriptor<String, WatchlistEntity> topic = writer.topics().watchlist();
        int added = 0;
        int changed = 0;
        int unchanged = 0;
        for (WatchlistEntity read : listed.values()) {
            WatchlistEntity before = held.get(read.getId());
            if (before != null && WatchlistEntity.newBuilder(read).setListVersions(before.getListVersions()).build().equals(before)) {
                unchanged++;
                continue;
            }
            WatchlistEntity entity = WatchlistEntity.newBuilder(read)
                    .setListVersions(read.getLists().stream().map(name -> new ListVersion(name, versions.getOrDefault(name, version))).toList())
                    .build();
            writer.publish(topic, entity.getId(), entity);
            if (before == null) {
                added++;
            } else {
                changed++;
            }
        }
        for (String id : removals) {
            writer.publish(topic, id, null);
        }
        writer.flush();
        Outcome outcome = new Outcome(delta, listed.size(), added, changed, removals.size(), unchanged, problems);
        log.info("{}: {} entities listed: {} new, {} changed, {} removed, {} unchanged{}", list.listName(), outcome.listed(), added, changed,
                removals.size(), unchanged, problems == 0 ? "" : ", " + problems + " entries could not be used (in the dead-letter topic)");
        return outcome;
    }

    /** What the watchlist holds of this list now, as last published. */
    private Map<String, WatchlistEntity> held() {
        TopicDescriptor<String, WatchlistEntity> topic = writer.topics().watchlist();
        String prefix = list.listName() + ":";
        Map<String, WatchlistEntity> held = new HashMap<>();
        writer.readCommitted(topic, (id, entity) -> {
            if (id != null && id.startsWith(prefix)) {
                if (entity == null) {
                    held.remove(id);
                } else {
                    held.put(id, entity);
                }
            }
        });
        return held;
    }
}
