package org.procwatch.ingest.lists;

import java.util.Objects;
import org.procwatch.schemas.avro.WatchlistEntity;

/**
 * What an official list says: an entity is listed as given, or (in a delta) it is removed; or the list (or a list
 * within it) is of a version or date, which the entities it adds or changes record.
 */
public sealed interface ListChange {

    /** An entity as the list has it now. */
    record Listed(WatchlistEntity entity) implements ListChange {
        public Listed {
            Objects.requireNonNull(entity, "entity");
        }

        /** The watchlist id the change is about. */
        public String id() {
            return entity.getId();
        }
    }

    /** An entity a delta says is gone from the list. */
    record Removed(String id) implements ListChange {
        public Removed {
            Objects.requireNonNull(id, "id");
        }
    }

    /**
     * The version or date the document gives a list of it: the whole list's name ({@code us-csl}), or a list within
     * it ({@code us-csl:EL}); told at any point of the document, as publishers put it first or last.
     */
    record Dated(String list, String version) implements ListChange {
        public Dated {
            Objects.requireNonNull(list, "list");
            Objects.requireNonNull(version, "version");
        }
    }
}
