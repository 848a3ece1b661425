package org.procwatch.ingest.bods;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.procwatch.ingest.text.CappedJson;
import org.procwatch.schemas.avro.Identifier;
import org.procwatch.schemas.avro.OwnershipInterest;
import org.procwatch.schemas.avro.OwnershipStatement;
import org.procwatch.schemas.avro.SourceMetadata;
import org.procwatch.schemas.avro.StatementKind;

/**
 * Reads beneficial-ownership statements in the Beneficial Ownership Data Standard, versions 0.2
 * ({@code statementType}, {@code describedBy...} references) and 0.3 ({@code recordType},
 * {@code recordDetails}, references by {@code recordId}), from a JSON array or JSON Lines, streamed. Each
 * statement keeps its JSON and gets the parts procwatch joins on: names, identifiers, and for
 * relationships the subject, the interested party and the interests.
 */
public final class BodsReader {

    /** A statement, or a part of the document, that could not be read. */
    public record Problem(String uri, String position, String reason) {
    }

    /** The largest statement read by default: a real one is a few kilobytes. */
    public static final int DEFAULT_MAX_STATEMENT_BYTES = 16 * 1024 * 1024;

    private final ObjectMapper json = new ObjectMapper();
    private final int maxStatementBytes;

    public BodsReader() {
        this(DEFAULT_MAX_STATEMENT_BYTES);
    }

    /** @param maxStatementBytes a statement whose compact JSON is longer is read past and reported */
    public BodsReader(int maxStatementBytes) {
        this.maxStatementBytes = maxStatementBytes;
    }

    public void read(String uri, InputStream document, Consumer<OwnershipStatement> statements, Consumer<Problem> problems) throws IOException {
        Instant fetchedAt = Instant.now();
        CappedJson capped = new CappedJson(json, maxStatementBytes);
        try (JsonParser parser = json.createParser(document)) {
            int index = 0;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.START_ARRAY) {
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        handle(capped, parser, uri, "[" + index++ + "]", fetchedAt, statements, problems);
                    }
                } else {
                    handle(capped, parser, uri, "statement " + (++index), fetchedAt, statements, problems);
                }
            }
        } catch (JsonParseException e) {
            problems.accept(new Problem(uri, "line " + e.getLocation().getLineNr(),
                    "the document breaks off or is not valid JSON here (" + e.getOriginalMessage() + "); nothing after this point is read"));
        }
    }

    private void handle(CappedJson capped, JsonParser parser, String uri, String position, Instant fetchedAt,
                        Consumer<OwnershipStatement> statements, Consumer<Problem> problems) throws IOException {
        Optional<JsonNode> read = capped.read(parser);
        if (read.isEmpty()) {
            problems.accept(new Problem(uri, position, String.format("the statement is over %,d bytes, the limit (--max-release-size); "
                    + "it was read past", maxStatementBytes)));
            return;
        }
        JsonNode statement = read.get();
        try {
            statements.accept(parse(statement, SourceMetadata.newBuilder().setSource("file").setUri(uri)
                    .setPosition(position).setFetchedAt(fetchedAt).setDataVersion(version(statement)).build()));
        } catch (InvalidStatement e) {
            problems.accept(new Problem(uri, position, e.getMessage()));
        }
    }

    static OwnershipStatement parse(JsonNode statement, SourceMetadata source) {
        if (!statement.isObject()) {
            throw new InvalidStatement("a statement must be a JSON object");
        }
        String id = text(statement.has("statementId") ? statement.get("statementId") : statement.get("statementID"));
        if (id == null) {
            throw new InvalidStatement("a statement needs a statementId (0.3) or statementID (0.2)");
        }
        boolean v03 = statement.has("recordType");
        JsonNode details = v03 ? statement.path("recordDetails") : statement;
        StatementKind kind = kind(v03 ? statement.path("recordType").asText() : statement.path("statementType").asText(), id);
        OwnershipStatement.Builder builder = OwnershipStatement.newBuilder()
                .setStatementId(id)
                .setKind(kind)
                .setRecordId(text(statement.get("recordId")))
                .setStatementDate(text(statement.get("statementDate")))
                .setStatementJson(statement.toString())
                .setSource(source);
        switch (kind) {
            case ENTITY -> builder.setName(text(details.get("name"))).setIdentifiers(identifiers(details.path("identifiers")));
            case PERSON -> builder.setName(personName(details));
            case RELATIONSHIP -> builder
                    .setSubjectId(reference(details.get("subject"), id, "subject"))
                    .setInterestedPartyId(reference(details.get("interestedParty"), id, "interestedParty"))
                    .setInterests(interests(details.path("interests")));
        }
        return builder.build();
    }

    private static StatementKind kind(String type, String id) {
        return switch (type) {
            case "entityStatement", "entity" -> StatementKind.ENTITY;
            case "personStatement", "person" -> StatementKind.PERSON;
            case "ownershipOrControlStatement", "relationship" -> StatementKind.RELATIONSHIP;
            default -> throw new InvalidStatement("statement " + id + " has an unknown type '" + type
                    + "' (BODS 0.2 statementType or 0.3 recordType)");
        };
    }

    /** 0.2 refers by statement id inside {@code describedBy...}; 0.3 by record id, as a plain string. */
    private static String reference(JsonNode node, String id, String field) {
        if (node == null || node.isNull()) {
            throw new InvalidStatement("relationship " + id + " has no " + field);
        }
        if (node.isTextual()) {
            return node.asText();
        }
        for (String name : List.of("describedByEntityStatement", "describedByPersonStatement")) {
            if (node.hasNonNull(name)) {
                return node.get(name).asText();
            }
        }
        if (node.path("unspecified").isObject() || node.has("reason")) {
            return null; // an unknown party: the statement says so, and nothing joins on it
        }
        throw new InvalidStatement("relationship " + id + " has a " + field + " that names no statement or record");
    }

    private static List<Identifier> identifiers(JsonNode identifiers) {
        List<Identifier> result = new ArrayList<>();
        for (JsonNode identifier : identifiers) {
            String scheme = text(identifier.get("scheme"));
            String value = text(identifier.get("id"));
            if (scheme != null && value != null) {
                result.add(new Identifier(scheme.toUpperCase(Locale.ROOT), value));
            }
        }
        return result;
    }

    private static String personName(JsonNode details) {
        for (JsonNode name : details.path("names")) {
            String full = text(name.get("fullName"));
            if (full != null) {
                return full;
            }
        }
        return null;
    }

    private static List<OwnershipInterest> interests(JsonNode interests) {
        List<OwnershipInterest> result = new ArrayList<>();
        for (JsonNode interest : interests) {
            JsonNode share = interest.path("share");
            result.add(OwnershipInterest.newBuilder()
                    .setType(interest.path("type").asText("unknownInterest"))
                    .setShareExact(number(share.get("exact")))
                    .setShareMinimum(number(share.get("minimum")))
                    .setShareMaximum(number(share.get("maximum")))
                    .setStartDate(text(interest.get("startDate")))
                    .setEndDate(text(interest.get("endDate")))
                    .build());
        }
        return result;
    }

    private static String version(JsonNode statement) {
        String declared = text(statement.path("publicationDetails").get("bodsVersion"));
        return declared != null ? declared : statement.has("recordType") ? "0.3" : "0.2";
    }

    private static Double number(JsonNode node) {
        return node == null || !node.isNumber() ? null : node.asDouble();
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isContainerNode() || node.asText().isBlank() ? null : node.asText();
    }

    private static final class InvalidStatement extends RuntimeException {
        InvalidStatement(String message) {
            super(message);
        }
    }
}
