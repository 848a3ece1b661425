package org.procwatch.ingest.source;

import java.util.Locale;
import java.util.Optional;

/** The kinds of input files procwatch ingests, as named in {@code --input TYPE:PATH}. */
public enum InputType {
    OCDS, FOI, WATCHLIST, OWNERSHIP;

    /** The name used on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<InputType> ofLabel(String label) {
        for (InputType type : values()) {
            if (type.label().equals(label.toLowerCase(Locale.ROOT))) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
