package org.procwatch.ingest.lists;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.procwatch.ingest.text.CappedJson;

/**
 * The US Consolidated Screening List, as the International Trade Administration serves it: one JSON object
 * whose {@code results} array holds every entry of the export-control and sanctions lists it gathers
 * ({@code source} names the list, e.g. "Entity List (EL) - Bureau of Industry and Security"), with its
 * {@code name}, {@code alt_names}, {@code type}, {@code addresses}, {@code ids}, {@code start_date} and
 * {@code end_date}. Each entry becomes an entity {@code us-csl:<id>} on the lists {@code us-csl} and
 * {@code us-csl:<abbreviation>}. Individuals, vessels and aircraft are left out unless persons are asked for
 * (then individuals only): they are not suppliers.
 */
final class CslReader implements ListReader {

    static final String LIST = "us-csl";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The abbreviation in "Entity List (EL) - Bureau of Industry and Security". */
    private static final Pattern ABBREVIATION = Pattern.compile("\\(([A-Z][A-Z0-9-]{0,15})\\)");
    private static final DateTimeFormatter[] DATES = {DateTimeFormatter.ISO_LOCAL_DATE,
            DateTimeFormatter.ofPattern("d MMM uuuu", Locale.ENGLISH)};

    private final boolean persons;
    private final int maxEntryBytes;

    /**
     * @param persons       whether individuals are kept too
     * @param maxEntryBytes the largest entry read
     */
    CslReader(boolean persons, int maxEntryBytes) {
        this.persons = persons;
        this.maxEntryBytes = maxEntryBytes;
    }

    @Override
    public Kind read(InputStream in, Consumer<ListChange> changes, Consumer<ListProblem> problems) throws IOException {
        CappedJson entries = new CappedJson(JSON, maxEntryBytes);
        try (JsonParser parser = new JsonFactory(JSON).createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not the Consolidated Screening List: it is a JSON object with a results array");
            }
            boolean found = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("sources_used") && value == JsonToken.START_ARRAY) {
                    entries.read(parser).ifPresent(sources -> dates(sources, changes));
                } else if (field.equals("results") && value == JsonToken.START_ARRAY) {
                    found = true;
                    for (int index = 0; parser.nextToken() != JsonToken.END_ARRAY; index++) {
                        String position = "results[" + index + "]";
                        Optional<JsonNode> entry = entries.read(parser);
                        if (entry.isPresent()) {
                            read(entry.get(), position, changes, problems);
                        } else {
                            problems.accept(ListProblem.tooLarge(position, maxEntryBytes));
                        }
                    }
                } else {
                    parser.skipChildren();
                }
            }
            if (!found) {
                throw new IOException("not the Consolidated Screening List: it has no results array");
            }
        }
        return Kind.WHOLE;
    }

    /**
     * Each source's {@code source_last_updated} as the date of its list within the CSL ({@code us-csl:EL}), and the
     * newest of them as the CSL's own.
     */
    private static void dates(JsonNode sources, Consumer<ListChange> changes) {
        LocalDate newest = null;
        for (JsonNode source : sources) {
            LocalDate updated = OfficialEntity.date(source.path("source_last_updated").asText(null), DATES);
            Matcher abbreviation = ABBREVIATION.matcher(source.path("source").asText(""));
            if (updated == null) {
                continue;
            }
            if (abbreviation.find()) {
                changes.accept(new ListChange.Dated(LIST + ":" + abbreviation.group(1), updated.toString()));
            }
            newest = newest == null || updated.isAfter(newest) ? updated : newest;
        }
        if (newest != null) {
            changes.accept(new ListChange.Dated(LIST, newest.toString()));
        }
    }

    private void read(JsonNode entry, String position, Consumer<ListChange> changes, Consumer<ListProblem> problems) {
        String type = entry.path("type").asText("");
        if (type.equalsIgnoreCase("Vessel") || type.equalsIgnoreCase("Aircraft") || (type.equalsIgnoreCase("Individual") && !persons)) {
            return;
        }
        String id = OfficialEntity.clean(entry.path("id").asText(null));
        if (id == null) {
            problems.accept(new ListProblem(position, "a CSL entry without an id cannot be followed from one fetch to the next",
                    entry.toString()));
            return;
        }
        OfficialEntity entity = new OfficialEntity(LIST, id).name(entry.path("name").asText(null));
        entry.path("alt_names").forEach(name -> {
            // Some entries hold several names in one, separated by "; ".
            for (String part : name.asText("").split("; ")) {
                entity.name(part);
            }
        });
        if (!entity.hasName()) {
            problems.accept(new ListProblem(position, "CSL entry " + id + " has no usable name", entry.toString()));
            return;
        }
        Matcher abbreviation = ABBREVIATION.matcher(entry.path("source").asText(""));
        if (abbreviation.find()) {
            entity.list(LIST + ":" + abbreviation.group(1));
        }
        entry.path("addresses").forEach(address -> entity.country(address.path("country").asText(null)));
        entry.path("ids").forEach(identifier -> identifier(entity, identifier));
        entity.validFrom(OfficialEntity.date(entry.path("start_date").asText(null), DATES))
                .validTo(OfficialEntity.date(entry.path("end_date").asText(null), DATES))
                .source(entry.path("source_information_url").asText(null))
                .source(entry.path("source_list_url").asText(null));
        changes.accept(new ListChange.Listed(entity.build()));
    }

    /** The identifiers a supplier's can be compared with; the CSL's other ids (passports, vessels' numbers) are not. */
    private static void identifier(OfficialEntity entity, JsonNode identifier) {
        String type = identifier.path("type").asText("").toLowerCase(Locale.ROOT);
        String number = identifier.path("number").asText(null);
        if (type.contains("unified social credit code") || type.contains("uscc")) {
            entity.identifier("CN-USCC", number);
        } else if (type.contains("legal entity number") || type.equals("lei")) {
            entity.identifier("XI-LEI", number);
        } else if (type.contains("company number") && "GB".equalsIgnoreCase(identifier.path("country").asText(""))) {
            entity.identifier("GB-COH", number);
        }
    }
}
