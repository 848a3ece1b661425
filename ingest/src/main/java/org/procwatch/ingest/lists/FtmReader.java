package org.procwatch.ingest.lists;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.procwatch.ingest.text.CappedJson;

/**
 * OpenSanctions' FollowTheMoney exports: JSON Lines of entities ({@code id}, {@code schema}, {@code caption},
 * {@code properties}, {@code datasets}, {@code target}), or a dataset's delta file, lines of {@code {"op":
 * "ADD"|"MOD"|"DEL", "entity": ...}}, told apart line by line. An entity is kept when it is an organisation
 * (Company, Organization, LegalEntity, PublicBody; Person only when asked for) whose {@code topics} say it is
 * sanctioned, debarred or export-controlled; being a "target" alone says less, and sanctions, addresses and
 * ownerships are entities of their own that are not suppliers. An entity that stops being kept (a MOD that
 * drops its topics) is removed, as is every DEL.
 */
final class FtmReader implements ListReader {

    static final String LIST = "opensanctions";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ORGANISATIONS = Set.of("Company", "Organization", "LegalEntity", "PublicBody");
    private static final Set<String> LISTED_TOPICS = Set.of("sanction", "debarment", "export.control");

    private final boolean persons;
    private final int maxEntryBytes;

    /**
     * @param persons       whether persons are kept too
     * @param maxEntryBytes the largest entity read
     */
    FtmReader(boolean persons, int maxEntryBytes) {
        this.persons = persons;
        this.maxEntryBytes = maxEntryBytes;
    }

    @Override
    public Kind read(InputStream in, Consumer<ListChange> changes, Consumer<ListProblem> problems) throws IOException {
        Kind kind = Kind.WHOLE;
        CappedJson entities = new CappedJson(JSON, maxEntryBytes);
        try (JsonParser lines = JSON.createParser(in)) {
            for (int line = 1; ; line++) {
                Optional<JsonNode> read;
                try {
                    if (lines.nextToken() == null) {
                        return kind;
                    }
                    read = entities.read(lines);
                } catch (JsonProcessingException e) {
                    // A document that breaks off is not a list to trust: what it leaves out would read as removed.
                    throw new IOException("the OpenSanctions export is not valid JSON Lines at entity " + line + ": "
                            + e.getOriginalMessage(), e);
                }
                String position = "entity " + line;
                if (read.isEmpty()) {
                    problems.accept(ListProblem.tooLarge(position, maxEntryBytes));
                    continue;
                }
                JsonNode value = read.get();
                if (!value.isObject()) {
                    problems.accept(new ListProblem(position, "not a FollowTheMoney entity (a JSON object)", value.toString()));
                } else if (value.has("op")) {
                    kind = Kind.DELTA;
                    delta(value, position, changes, problems);
                } else {
                    entity(value, position, false, changes, problems);
                }
            }
        }
    }

    private void delta(JsonNode line, String position, Consumer<ListChange> changes, Consumer<ListProblem> problems) {
        String op = line.path("op").asText("");
        JsonNode entity = line.path("entity");
        switch (op) {
            case "ADD", "MOD" -> entity(entity, position, true, changes, problems);
            case "DEL" -> {
                String id = OfficialEntity.clean(entity.path("id").asText(null));
                if (id == null) {
                    problems.accept(new ListProblem(position, "a DEL without the entity's id", line.toString()));
                } else {
                    changes.accept(new ListChange.Removed(LIST + ":" + id));
                }
            }
            default -> problems.accept(new ListProblem(position, "unknown delta operation '" + OfficialEntity.clean(op)
                    + "'; expected ADD, MOD or DEL", line.toString()));
        }
    }

    /**
     * @param inDelta whether the entity comes from a delta, where one that is no longer kept must be removed;
     *                in a full export it is simply not there
     */
    private void entity(JsonNode entity, String position, boolean inDelta, Consumer<ListChange> changes, Consumer<ListProblem> problems) {
        String id = OfficialEntity.clean(entity.path("id").asText(null));
        if (id == null) {
            problems.accept(new ListProblem(position, "an entity without an id", entity.toString()));
            return;
        }
        JsonNode properties = entity.path("properties");
        if (!kept(entity.path("schema").asText(""), properties)) {
            if (inDelta) {
                changes.accept(new ListChange.Removed(LIST + ":" + id));
            }
            return;
        }
        OfficialEntity listed = new OfficialEntity(LIST, id).name(entity.path("caption").asText(null));
        for (String names : new String[] {"name", "alias", "previousName"}) {
            properties.path(names).forEach(name -> listed.name(name.asText(null)));
        }
        if (!listed.hasName()) {
            problems.accept(new ListProblem(position, "entity " + id + " has no usable name", entity.toString()));
            return;
        }
        entity.path("datasets").forEach(dataset -> listed.list(LIST + ":" + dataset.asText("")));
        properties.path("country").forEach(country -> listed.country(country.asText(null)));
        properties.path("jurisdiction").forEach(country -> listed.country(country.asText(null)));
        properties.path("leiCode").forEach(lei -> listed.identifier("XI-LEI", lei.asText(null)));
        String country = properties.path("jurisdiction").path(0).asText(properties.path("country").path(0).asText(""))
                .toLowerCase(Locale.ROOT);
        properties.path("registrationNumber").forEach(number -> registration(listed, country, number.asText("")));
        listed.source("https://www.opensanctions.org/entities/" + id + "/");
        properties.path("sourceUrl").forEach(url -> listed.source(url.asText(null)));
        changes.accept(new ListChange.Listed(listed.build()));
    }

    private boolean kept(String schema, JsonNode properties) {
        if (!ORGANISATIONS.contains(schema) && !(persons && schema.equals("Person"))) {
            return false;
        }
        for (JsonNode topic : properties.path("topics")) {
            if (LISTED_TOPICS.contains(topic.asText())) {
                return true;
            }
        }
        return false;
    }

    /** A registration number as an identifier where its form says which register it is from. */
    private static void registration(OfficialEntity listed, String country, String number) {
        String cleaned = number.strip();
        if (country.equals("cn") && cleaned.matches("[0-9A-Z]{18}")) {
            listed.identifier("CN-USCC", cleaned);
        } else if (country.equals("gb") && cleaned.matches("[0-9A-Z]{8}")) {
            listed.identifier("GB-COH", cleaned);
        }
    }
}
