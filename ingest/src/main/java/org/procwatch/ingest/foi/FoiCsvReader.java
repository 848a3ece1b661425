package org.procwatch.ingest.foi;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.procwatch.ingest.text.TextDecoding;
import org.procwatch.schemas.avro.BodyType;
import org.procwatch.schemas.avro.FoiAnswer;
import org.procwatch.schemas.avro.FoiOutcome;
import org.procwatch.schemas.avro.FoiResponse;
import org.procwatch.schemas.avro.SourceMetadata;
import org.procwatch.schemas.web.WebAddress;

/**
 * Reads an FOI response table (CONTRACTS section 5, or another layout through a {@link ColumnMapping}) into
 * one {@link FoiResponse} per row. A row that breaks the rules is reported with its row number and reason
 * and the others are read on; a table whose header lacks a required column is reported once, as a whole.
 */
public final class FoiCsvReader {

    private static final List<String> REQUIRED = List.of("request_id", "body_name", "body_type", "outcome", "hikvision", "dahua");

    /** A row, or the whole table, that could not be read. */
    public record Problem(String uri, String position, String reason, String raw) {
    }

    private final ColumnMapping mapping;

    public FoiCsvReader(ColumnMapping mapping) {
        this.mapping = mapping;
    }

    /** Reads a table from its bytes, which may be UTF-8 or Windows-1252/ISO-8859-1. */
    public void read(String uri, byte[] table, Consumer<FoiResponse> responses, Consumer<Problem> problems) throws IOException {
        read(uri, new StringReader(TextDecoding.decode(table).text()), responses, problems);
    }

    /**
     * Reads a table as it streams in, row by row.
     *
     * @throws IOException when the text cannot be read on (a file cut short, or past its size limit); the rows
     *                     before were given to {@code responses}
     */
    public void read(String uri, Reader table, Consumer<FoiResponse> responses, Consumer<Problem> problems) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(true)
                .setIgnoreEmptyLines(true).setAllowMissingColumnNames(true).get();
        try (CSVParser parser = CSVParser.parse(table, format)) {
            Map<String, Integer> header = parser.getHeaderMap();
            List<String> missing = REQUIRED.stream().filter(column -> !header.containsKey(mapping.column(column))).toList();
            if (header.isEmpty() || !missing.isEmpty()) {
                problems.accept(new Problem(uri, null, "not an FOI table in a known layout: "
                        + (header.isEmpty() ? "it has no header" : "the header lacks " + missing.stream().map(mapping::column)
                        .collect(Collectors.joining(", ")))
                        + "; use the columns of CONTRACTS section 5 or give a column mapping file", null));
                return;
            }
            Instant fetchedAt = Instant.now();
            for (CSVRecord row : parser) {
                String position = "row " + (row.getRecordNumber() + 1);
                try {
                    responses.accept(parse(row, uri, position, fetchedAt));
                } catch (InvalidRow e) {
                    problems.accept(new Problem(uri, position, e.getMessage(), String.join(",", row.values())));
                }
            }
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof CSVException)) {
                throw e.getCause(); // the text could not be read on (cut short, or past its limit): not a fault of the CSV
            }
            problems.accept(new Problem(uri, null, "the table is not valid CSV: " + e.getMessage(), null));
        } catch (IllegalStateException e) {
            problems.accept(new Problem(uri, null, "the table is not valid CSV: " + e.getMessage(), null));
        }
    }

    private FoiResponse parse(CSVRecord row, String uri, String position, Instant fetchedAt) {
        return FoiResponse.newBuilder()
                .setRequestId(FoiRequestIds.canonical(required(row, "request_id"), optional(row, "source_url")))
                .setBodyName(required(row, "body_name"))
                .setBodyType(enumValue(row, "body_type", BodyType.class, null))
                .setRegion(optional(row, "region"))
                .setResponseDate(date(row))
                .setOutcome(enumValue(row, "outcome", FoiOutcome.class, null))
                .setHikvision(enumValue(row, "hikvision", FoiAnswer.class, FoiAnswer.unknown))
                .setDahua(enumValue(row, "dahua", FoiAnswer.class, FoiAnswer.unknown))
                .setOtherVendors(items(row, "other_vendors"))
                .setCapabilities(items(row, "capabilities"))
                .setSourceUrl(sourceUrl(row))
                .setSource(SourceMetadata.newBuilder().setSource("file").setUri(uri).setPosition(position)
                        .setFetchedAt(fetchedAt).build())
                .build();
    }

    /** The request's page, shown as a link, so an http(s) address or nothing. */
    private String sourceUrl(CSVRecord row) {
        String url = optional(row, "source_url");
        if (url != null && !WebAddress.isHttp(url)) {
            throw new InvalidRow(mapping.column("source_url") + " is not an http or https address");
        }
        return url;
    }

    private String optional(CSVRecord row, String canonical) {
        String column = mapping.column(canonical);
        if (column == null || !row.isMapped(column) || !row.isSet(column)) {
            return null;
        }
        String value = mapping.translate(canonical, row.get(column));
        return value == null || value.isBlank() ? null : value.strip();
    }

    private String required(CSVRecord row, String canonical) {
        String value = optional(row, canonical);
        if (value == null) {
            throw new InvalidRow(mapping.column(canonical) + " is empty");
        }
        return value;
    }

    private <E extends Enum<E>> E enumValue(CSVRecord row, String canonical, Class<E> type, E whenEmpty) {
        String value = optional(row, canonical);
        if (value == null) {
            if (whenEmpty == null) {
                throw new InvalidRow(mapping.column(canonical) + " is empty");
            }
            return whenEmpty;
        }
        String symbol = value.toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
        try {
            return Enum.valueOf(type, symbol);
        } catch (IllegalArgumentException e) {
            throw new InvalidRow(mapping.column(canonical) + " is '" + value + "', not one of "
                    + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", ")));
        }
    }

    private LocalDate date(CSVRecord row) {
        String value = optional(row, "response_date");
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value, mapping.dateFormat());
        } catch (DateTimeParseException e) {
            throw new InvalidRow(mapping.column("response_date") + " '" + value + "' is not a date in the expected format");
        }
    }

    private List<String> items(CSVRecord row, String canonical) {
        String value = optional(row, canonical);
        List<String> items = new ArrayList<>();
        if (value != null) {
            for (String item : value.split(";")) {
                if (!item.isBlank()) {
                    items.add(item.strip());
                }
            }
        }
        return items;
    }

    private static final class InvalidRow extends RuntimeException {
        InvalidRow(String message) {
            super(message);
        }
    }
}
