package org.procwatch.ingest.lists;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.procwatch.ingest.text.CappedInputStream;
import org.procwatch.schemas.avro.EntityRelation;

/**
 * The FCC Covered List as a table (CSV): the FCC publishes it only as a web page, and copies of its table
 * have the columns {@code Entity Name}, {@code Covered Equipment or Services}, {@code Subsidiary Names}
 * (separated by ";"), {@code Date of Inclusion on Covered List}, {@code Notes 1}, {@code Notes 2}. Each firm
 * becomes {@code fcc-covered:<name as a slug>}; the subsidiaries it names become entities related to it, as
 * the FCC reads its entries as including subsidiaries and affiliates.
 */
final class FccCoveredReader implements ListReader {

    static final String LIST = "fcc-covered";
    static final String SOURCE = "https://www.fcc.gov/supplychain/coveredlist";
    static final String NAME_COLUMN = "Entity Name";
    private static final DateTimeFormatter[] DATES = {DateTimeFormatter.ofPattern("M/d/uuuu"), DateTimeFormatter.ISO_LOCAL_DATE,
            DateTimeFormatter.ofPattern("MMMM d, uuuu", Locale.ENGLISH)};
    private static final Pattern NOT_SLUG = Pattern.compile("[^a-z0-9]+");

    private final int maxBytes;

    /**
     * @param maxBytes the largest table read: the FCC's is a few kilobytes, and a CSV field is held whole however long
     *                 it runs, so the table as a whole is held to what one entry may be
     */
    FccCoveredReader(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public Kind read(InputStream in, Consumer<ListChange> changes, Consumer<ListProblem> problems) throws IOException {
        Reader text = new InputStreamReader(new CappedInputStream(in, maxBytes, String.format(
                "the FCC Covered List table is over %,d bytes, the limit (--max-entry-size of ingest lists, --max-release-size of ingest files)",
                maxBytes)), StandardCharsets.UTF_8);
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(true).get();
        try (CSVParser rows = CSVParser.parse(text, format)) {
            if (!rows.getHeaderMap().containsKey(NAME_COLUMN)) {
                throw new IOException("not the FCC Covered List table: it has no '" + NAME_COLUMN + "' column");
            }
            for (CSVRecord row : rows) {
                row(row.toMap(), "row " + (row.getRecordNumber() + 1), changes, problems);
            }
        } catch (UncheckedIOException e) {
            // The parser's iterator wraps what the stream threw, the limit among it.
            throw e.getCause();
        }
        return Kind.WHOLE;
    }

    private static void row(Map<String, String> row, String position, Consumer<ListChange> changes, Consumer<ListProblem> problems) {
        String name = OfficialEntity.clean(row.get(NAME_COLUMN));
        if (name == null) {
            problems.accept(new ListProblem(position, "a row without an entity name (or one too long to be a name)", String.valueOf(row)));
            return;
        }
        var listedFrom = OfficialEntity.date(row.get("Date of Inclusion on Covered List"), DATES);
        OfficialEntity firm = new OfficialEntity(LIST, slug(name)).name(name).validFrom(listedFrom).source(SOURCE);
        changes.accept(new ListChange.Listed(firm.build()));
        String subsidiaries = row.getOrDefault("Subsidiary Names", "");
        for (String subsidiary : subsidiaries == null ? new String[0] : subsidiaries.split(";")) {
            String subsidiaryName = OfficialEntity.clean(subsidiary);
            if (subsidiaryName != null) {
                OfficialEntity related = new OfficialEntity(LIST, slug(name) + "/" + slug(subsidiaryName)).name(subsidiaryName)
                        .relatedTo(EntityRelation.subsidiary, firm.id()).validFrom(listedFrom).source(SOURCE);
                changes.accept(new ListChange.Listed(related.build()));
            }
        }
    }

    /** A name as an id that stays the same while the name does: lower case, letters and digits, dashes between. */
    static String slug(String name) {
        String plain = Normalizer.normalize(name, Normalizer.Form.NFKD).toLowerCase(Locale.ROOT);
        String slug = NOT_SLUG.matcher(plain).replaceAll("-");
        int start = slug.startsWith("-") ? 1 : 0;
        int end = slug.endsWith("-") && slug.length() > start ? slug.length() - 1 : slug.length();
        slug = slug.substring(start, Math.max(start, end));
        // A name in another script has no letters of these: its code points make the id instead.
        return slug.isEmpty() ? name.codePoints().mapToObj(Integer::toHexString).reduce((a, b) -> a + "-" + b).orElse("unnamed") : slug;
    }
}
