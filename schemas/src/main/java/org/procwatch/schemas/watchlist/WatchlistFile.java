package org.procwatch.schemas.watchlist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.procwatch.schemas.AvroTrust;
import org.procwatch.schemas.avro.EntityRelation;
import org.procwatch.schemas.avro.Identifier;
import org.procwatch.schemas.avro.WatchlistEntity;
import org.procwatch.schemas.web.WebAddress;

/**
 * Reads the watchlist file format (CONTRACTS section 6: JSON Lines, one entity per line), the bundled
 * watchlist included. A line that is not a valid entity is reported with its reason and skipped.
 */
public final class WatchlistFile {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUNDLED = "watchlist.jsonl";

    static {
        AvroTrust.trustGeneratedClasses();
    }

    private WatchlistFile() {
    }

    /** A line that is not a valid entity. */
    public record Problem(String source, int line, String reason, String raw) {
    }

    /** The watchlist that ships with procwatch. */
    public static List<WatchlistEntity> bundled() {
        try (InputStream in = WatchlistFile.class.getResourceAsStream(BUNDLED)) {
            List<Problem> problems = new ArrayList<>();
            List<WatchlistEntity> entities = read(new InputStreamReader(in, StandardCharsets.UTF_8), "bundled watchlist", problems::add);
            if (!problems.isEmpty()) {
                throw new IllegalStateException("The bundled watchlist is invalid: " + problems);
            }
            return entities;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the bundled watchlist", e);
        }
    }

    /** Reads every valid entity, reporting each invalid line to {@code problems}. */
    public static List<WatchlistEntity> read(Reader reader, String source, Consumer<Problem> problems) throws IOException {
        List<WatchlistEntity> entities = new ArrayList<>();
        BufferedReader lines = new BufferedReader(reader);
        String line;
        int number = 0;
        while ((line = lines.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            try {
                entities.add(parse(JSON.readTree(line)));
            } catch (IOException e) {
                problems.accept(new Problem(source, number, "not JSON: " + e.getMessage().lines().findFirst().orElse(""), line));
            } catch (InvalidEntity e) {
                problems.accept(new Problem(source, number, e.getMessage(), line));
            }
        }
        return entities;
    }

    /** One entity from its JSON object. */
    public static WatchlistEntity parse(JsonNode node) {
        if (!node.isObject()) {
            throw new InvalidEntity("an entity must be a JSON object");
        }
        String id = required(node, "id");
        EntityRelation relation = relation(node.path("relation").asText(null));
        String parentId = optional(node, "parentId");
        if (relation != EntityRelation.listed && parentId == null) {
            throw new InvalidEntity("entity '" + id + "' is a " + relation + " but names no parentId");
        }
        List<String> patterns = strings(node, "productCodePatterns");
        for (String pattern : patterns) {
            try {
                ProductCodePattern.compile(pattern);
            } catch (IllegalArgumentException e) {
                throw new InvalidEntity("entity '" + id + "' has an invalid product code pattern " + pattern + ": " + e.getMessage());
            }
        }
        List<Identifier> identifiers = new ArrayList<>();
        for (JsonNode identifier : node.path("identifiers")) {
            identifiers.add(new Identifier(required(identifier, "scheme").toUpperCase(Locale.ROOT), required(identifier, "id")));
        }
        return WatchlistEntity.newBuilder()
                .setId(id)
                .setName(required(node, "name"))
                .setAliases(strings(node, "aliases"))
                .setIdentifiers(identifiers)
                .setRelation(relation)
                .setParentId(parentId)
                .setLists(strings(node, "lists"))
                .setValidFrom(date(node, "validFrom"))
                .setValidTo(date(node, "validTo"))
                .setProductCodePatterns(patterns)
                .setCountries(strings(node, "countries"))
                .setSources(sources(node, id))
                .build();
    }

    /** The entity's sources: web pages its listing rests on, shown as links, so http(s) addresses only. */
    private static List<String> sources(JsonNode node, String id) {
        List<String> sources = strings(node, "sources");
        for (String source : sources) {
            if (!WebAddress.isHttp(source)) {
                throw new InvalidEntity("entity '" + id + "' has a source that is not an http or https address: "
                        + (source.length() > 200 ? source.substring(0, 200) + "..." : source));
            }
        }
        return sources;
    }

    private static EntityRelation relation(String text) {
        if (text == null) {
            throw new InvalidEntity("relation is missing; use 'listed' for a listed firm");
        }
        try {
            return EntityRelation.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidEntity("relation '" + text + "' is not one of listed, subsidiary, brand, parent, affiliate, distributor, oem");
        }
    }

    private static String required(JsonNode node, String field) {
        String value = optional(node, field);
        if (value == null || value.isBlank()) {
            throw new InvalidEntity("'" + field + "' is missing or empty");
        }
        return value;
    }

    private static String optional(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static List<String> strings(JsonNode node, String field) {
        List<String> values = new ArrayList<>();
        node.path(field).forEach(value -> values.add(value.asText()));
        return values;
    }

    private static LocalDate date(JsonNode node, String field) {
        String text = optional(node, field);
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidEntity("'" + field + "' must be a date like 2022-11-24, not " + text);
        }
    }

    private static final class InvalidEntity extends RuntimeException {
        InvalidEntity(String message) {
            super(message);
        }
    }
}
