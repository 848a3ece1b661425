package org.procwatch.ingest.lists;

import java.util.Objects;
import org.procwatch.schemas.avro.WatchlistEntity;

/** What an official list says about one entity: it is listed as given, or (in a delta) it is removed. */
public sealed interface ListChange {

    /** The watchlist id the change is about. */
    String id();

    /** An entity as the list has it now. */
    record Listed(WatchlistEntity entity) implements ListChange {
        public Listed {
            Objects.requireNonNull(entity, "entity");
        }

        @Override
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
}
