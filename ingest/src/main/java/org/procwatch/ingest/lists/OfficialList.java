package org.procwatch.ingest.lists;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The official lists procwatch keeps the watchlist in step with (CONTRACTS sections 1 and 6), each by the
 * name {@code ingest lists --source} takes, with where its publisher serves it.
 */
public enum OfficialList {

    US_CSL(CslReader.LIST, "https://api.trade.gov/static/consolidated_screening_list/consolidated.json"),
    OPENSANCTIONS(FtmReader.LIST, "https://data.opensanctions.org/datasets/latest/sanctions/entities.ftm.json"),
    UK_SANCTIONS(UkSanctionsReader.LIST, "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml"),
    /** The FCC publishes its list only as a web page: a CSV copy of its table has to be given. */
    FCC_COVERED(FccCoveredReader.LIST, null);

    /** How much of a document {@link #detect} looks at. */
    public static final int DETECTION_BYTES = 16 * 1024;

    private final String listName;
    private final String defaultUrl;

    OfficialList(String listName, String defaultUrl) {
        this.listName = listName;
        this.defaultUrl = defaultUrl;
    }

    /** The name in {@code --source} and in each entity's {@code lists} and id ({@code us-csl:...}). */
    public String listName() {
        return listName;
    }

    /** Where the publisher serves the list, if it serves a file procwatch can read. */
    public Optional<String> defaultUrl() {
        return Optional.ofNullable(defaultUrl);
    }

    /**
     * @param persons       whether individuals are kept too; they are left out of supplier screening by default
     * @param maxEntryBytes the largest entry read; a larger one is reported and read past
     */
    public ListReader reader(boolean persons, int maxEntryBytes) {
        return switch (this) {
            case US_CSL -> new CslReader(persons, maxEntryBytes);
            case OPENSANCTIONS -> new FtmReader(persons, maxEntryBytes);
            case UK_SANCTIONS -> new UkSanctionsReader(persons, maxEntryBytes);
            case FCC_COVERED -> new FccCoveredReader(maxEntryBytes);
        };
    }

    public static Optional<OfficialList> named(String name) {
        return Arrays.stream(values()).filter(list -> list.listName.equals(name)).findFirst();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(OfficialList::listName).toList();
    }

    /**
     * Which list a document is, from its first {@link #DETECTION_BYTES} bytes, or empty when it is none of
     * them (a procwatch watchlist file, for one).
     */
    public static Optional<OfficialList> detect(byte[] head) {
        String text = new String(head, 0, Math.min(head.length, DETECTION_BYTES), StandardCharsets.UTF_8).stripLeading();
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1).stripLeading();
        }
        if (text.startsWith("<")) {
            return text.contains("<Designation") ? Optional.of(UK_SANCTIONS) : Optional.empty();
        }
        if (text.startsWith("{")) {
            if (text.contains("\"results\"") || text.contains("\"sources_used\"")) {
                return Optional.of(US_CSL);
            }
            boolean ftm = text.contains("\"schema\"") && text.contains("\"properties\"");
            boolean delta = text.contains("\"op\"") && text.contains("\"entity\"");
            return ftm || delta ? Optional.of(OPENSANCTIONS) : Optional.empty();
        }
        String header = text.lines().findFirst().orElse("");
        return header.contains(FccCoveredReader.NAME_COLUMN) ? Optional.of(FCC_COVERED) : Optional.empty();
    }
}
