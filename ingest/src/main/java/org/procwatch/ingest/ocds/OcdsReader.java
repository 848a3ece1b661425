package org.procwatch.ingest.ocds;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.procwatch.ingest.source.ReadLimits;
import org.procwatch.ingest.text.ByteLines;
import org.procwatch.ingest.text.Gzip;
import org.procwatch.ingest.text.Utf8RepairingInputStream;
import org.procwatch.schemas.json.ExactNumbers;

/**
 * Reads OCDS releases from a document in any packaging: a release package, a record package (its embedded
 * releases), a bare release, a JSON array of releases, or JSON Lines of any of these; gzipped or not.
 * Documents are streamed, so a package of any size is read in little memory. Anything unusable is
 * reported as an {@link OcdsProblem} and reading goes on where it can.
 */
public final class OcdsReader {

    /** A first line this short that is a whole JSON value marks JSON Lines. */
    private static final int LINE_PROBE_BYTES = 1 << 20;
    private static final int RAW_KEPT_CHARS = 4096;
    private static final String MORE_THAN_ONE_VALUE = "more than one JSON value on the line";
    /** The package fields the skimming pass keeps; a bare release's own fields are not held twice. */
    private static final Set<String> PACKAGE_METADATA = Set.of("uri", "version", "publisher", "publishedDate", "extensions", "license",
            "publicationPolicy");

    /**
     * Publishers' invalid numbers are repaired rather than rejected: leading zeros ({@code 000}) are read as
     * the number they spell, and numbers beyond a double ({@code 1e9999}) stay exact decimals, which write
     * back as valid JSON instead of {@code Infinity}.
     */
    private final ObjectMapper json = ExactNumbers.exact(JsonMapper.builder())
            .enable(JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS)
            .enable(JsonReadFeature.ALLOW_LEADING_DECIMAL_POINT_FOR_NUMBERS)
            .build();

    private final ReadLimits limits;

    /** A reader within the {@link ReadLimits#DEFAULTS default limits}. */
    public OcdsReader() {
        this(ReadLimits.DEFAULTS);
    }

    /**
     * @param limits a line of JSON Lines or a release over its limit is reported as a problem and reading goes on
     *               with the next; a gzipped document decompressing past its limit ends with an {@link IOException}
     */
    public OcdsReader(ReadLimits limits) {
        this.limits = limits;
    }

    /** Opens the document afresh; a document may be read twice (its package metadata can follow its releases). */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    /**
     * Takes a line of JSON Lines as it stands, before it is read as a release: for a reader that parses the bytes
     * itself.
     */
    @FunctionalInterface
    public interface LineTaker {
        /**
         * @param line     the line's bytes, from 0 to {@code length}, valid only during the call (UTF-8, repaired)
         * @param position where the line is ({@code "line 3"})
         * @return whether it was taken; a line not taken is read as any other
         */
        boolean take(byte[] line, int length, String position) throws IOException;
    }

    private static final LineTaker TAKES_NONE = (line, length, position) -> false;

    /** Reads a file. */
    public void read(Path file, Consumer<OcdsRelease> releases, Consumer<OcdsProblem> problems) throws IOException {
        read(file.toString(), () -> Files.newInputStream(file), TAKES_NONE, releases, problems);
    }

    /**
     * Reads a file, offering each line of JSON Lines within the limits to {@code lines} first: what it takes is not
     * read as a release here; what it leaves is, as are documents of any other packaging.
     */
    public void read(Path file, LineTaker lines, Consumer<OcdsRelease> releases, Consumer<OcdsProblem> problems) throws IOException {
        read(file.toString(), () -> Files.newInputStream(file), lines, releases, problems);
    }

    /** Reads a document, calling {@code releases} for each release in document order. */
    public void read(String uri, Opener opener, Consumer<OcdsRelease> releases, Consumer<OcdsProblem> problems) throws IOException {
        read(uri, opener, TAKES_NONE, releases, problems);
    }

    private void read(String uri, Opener opener, LineTaker lines, Consumer<OcdsRelease> releases, Consumer<OcdsProblem> problems)
            throws IOException {
        String wideEncoding = wideEncoding(opener);
        if (wideEncoding != null) {
            problems.accept(new OcdsProblem(uri, null, "the file is " + wideEncoding + " (it starts with that byte order mark); JSON "
                    + "data must be UTF-8 (RFC 8259): convert it, e.g. iconv -f " + wideEncoding + " -t UTF-8", null));
            return;
        }
        Reading reading = new Reading(uri, new ReleaseCopier(json.getFactory(), limits.maxReleaseBytes()), releases, problems);
        if (isJsonLines(opener)) {
            readLines(opener, lines, reading);
        } else {
            readDocument(opener, reading);
        }
    }

    /** One document being read: where its releases and problems go, and the copier its releases pass through. */
    private record Reading(String uri, ReleaseCopier copier, Consumer<OcdsRelease> releases, Consumer<OcdsProblem> problems) {

        void problem(String position, String reason, String raw) {
            problems.accept(new OcdsProblem(uri, position, reason, raw));
        }
    }

    /** UTF-16 or UTF-32, by the byte order mark the (uncompressed) file starts with; null for neither. */
    private static String wideEncoding(Opener opener) throws IOException {
        byte[] head;
        try (InputStream in = Gzip.decompressIfGzipped(opener.open())) {
            head = in.readNBytes(4);
        }
        int b0 = head.length > 0 ? head[0] & 0xff : -1;
        int b1 = head.length > 1 ? head[1] & 0xff : -1;
        boolean utf32le = head.length == 4 && b0 == 0xff && b1 == 0xfe && head[2] == 0 && head[3] == 0;
        boolean utf32be = head.length == 4 && b0 == 0 && b1 == 0 && (head[2] & 0xff) == 0xfe && (head[3] & 0xff) == 0xff;
        if (utf32le || utf32be) {
            return "UTF-32";
        }
        return b0 == 0xff && b1 == 0xfe || b0 == 0xfe && b1 == 0xff ? "UTF-16" : null;
    }

    /** Uncompressed, and valid UTF-8 whatever the document's own encoding (Latin-1 is common). */
    private InputStream decoded(Opener opener) throws IOException {
        return new Utf8RepairingInputStream(Gzip.decompressIfGzipped(opener.open(), limits.maxDecompressedBytes()));
    }

    /**
     * JSON Lines when the first line is a whole JSON value and more follows; or, as a broken first line must
     * not hide the good ones after it, when the first line opens an object that the second line, itself a
     * whole object, shows to be one release or package a line. A pretty-printed document's second line is
     * never a whole object.
     */
    private boolean isJsonLines(Opener opener) throws IOException {
        try (InputStream in = decoded(opener)) {
            byte[] probe = in.readNBytes(LINE_PROBE_BYTES);
            String[] lines = new String(probe, StandardCharsets.UTF_8).split("\n", 3);
            if (lines.length < 2) {
                return false;
            }
            String first = lines[0].trim();
            String second = lines[1].trim();
            if (first.isEmpty() || (second.isEmpty() && lines.length < 3)) {
                return false;
            }
            return isOneValue(first) || (first.startsWith("{") && second.startsWith("{") && isOneValue(second));
        }
    }

    private boolean isOneValue(String text) {
        try (JsonParser parser = json.createParser(text)) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    private void readLines(Opener opener, LineTaker taker, Reading reading) throws IOException {
        CompactLine compactor = new CompactLine();
        try (InputStream in = decoded(opener)) {
            ByteLines lines = new ByteLines(in, limits.maxLineBytes());
            int number = 0;
            while (lines.next()) {
                number++;
                if (lines.isBlank()) {
                    continue;
                }
                String position = "line " + number;
                if (lines.isCut()) {
                    reading.problem(position, String.format("the line is %,d bytes, over the limit of %,d (--max-line-size); read past, "
                            + "not kept", lines.fullLength(), limits.maxLineBytes()), null);
                    continue;
                }
                if (lines.length() <= limits.maxReleaseBytes() && taker.take(lines.bytes(), lines.length(), position)) {
                    continue;
                }
                try {
                    readLine(lines, position, compactor, reading);
                } catch (JsonProcessingException e) {
                    reading.problem(position, "not JSON: " + e.getOriginalMessage(), kept(lines));
                }
            }
        }
    }

    /**
     * One line: a release taken as it stands where it can be (the common case, and the fast one), else read
     * as a document of one value, streamed like any other: a package on a line costs its largest release.
     */
    private void readLine(ByteLines lines, String position, CompactLine compactor, Reading reading) throws IOException {
        if (lines.length() <= limits.maxReleaseBytes() && takenAsItStands(lines, position, compactor, reading)) {
            return;
        }
        List<RootObject> roots = new ArrayList<>();
        try (JsonParser parser = json.createParser(lines.bytes(), 0, lines.length())) {
            skimRootObjects(parser, roots);
        }
        if (roots.size() > 1) {
            reading.problem(position, "not JSON: " + MORE_THAN_ONE_VALUE, kept(lines));
            return;
        }
        try (JsonParser parser = json.createParser(lines.bytes(), 0, lines.length())) {
            readRootValue(parser, parser.nextToken(), roots.getFirst(), position + " ", reading);
        }
    }

    /** The fast way ({@link CompactLine}); false when the line needs the thorough one. */
    private boolean takenAsItStands(ByteLines lines, String position, CompactLine compactor, Reading reading) throws IOException {
        try (JsonParser parser = json.createParser(lines.bytes(), 0, lines.length())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            CompactLine.Scanned scanned = compactor.scan(parser);
            if (scanned == null) {
                return false;
            }
            requireEnd(parser);
            String compacted = compactor.compact(lines.bytes(), lines.length());
            if (compacted == null) {
                return false;
            }
            if (scanned.ocid().isBlank()) {
                reading.problem(position, "a release needs an ocid (a non-empty string)", kept(lines));
            } else {
                reading.releases().accept(new OcdsRelease(compacted, scanned.ocid(), scanned.id(), scanned.date(),
                        OcdsSource.unpackaged(reading.uri()), position));
            }
            return true;
        }
    }

    private static void requireEnd(JsonParser parser) throws IOException {
        if (parser.nextToken() != null) {
            throw new JsonParseException(parser, MORE_THAN_ONE_VALUE);
        }
    }

    /** The line, to keep with a problem when it is short enough; a long one is not even decoded. */
    private static String kept(ByteLines lines) {
        return lines.length() > RAW_KEPT_CHARS ? null : new String(lines.bytes(), 0, lines.length(), StandardCharsets.UTF_8);
    }

    private void readDocument(Opener opener, Reading reading) throws IOException {
        List<RootObject> roots = new ArrayList<>();
        try (JsonParser parser = json.createParser(decoded(opener))) {
            skimRootObjects(parser, roots);
        } catch (JsonProcessingException e) {
            // the reading pass reports where the document breaks; the metadata seen before the break is kept
        }
        try (JsonParser parser = json.createParser(decoded(opener))) {
            int rootIndex = 0;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                RootObject rootObject = rootIndex < roots.size() ? roots.get(rootIndex) : new RootObject(json.createObjectNode(), false);
                readRootValue(parser, token, rootObject, rootIndex == 0 ? "" : "value " + (rootIndex + 1) + " ", reading);
                rootIndex++;
            }
            if (rootIndex == 0) {
                reading.problem(null, "the document is empty", null);
            }
        } catch (JsonProcessingException e) {
            // Broken JSON, and JSON past the reader's limits (nesting depth, number and string lengths) alike.
            JsonLocation where = e.getLocation();
            reading.problem(where == null ? null : "line " + where.getLineNr() + ", column " + where.getColumnNr(),
                    "the document breaks off or is not valid JSON here (" + e.getOriginalMessage() + "); nothing after this point is read",
                    null);
        }
    }

    /**
     * A value at the root of a document or a line, the parser on its first token: an array of releases, a
     * package, or a release.
     *
     * @param root where the value is, as the start of its releases' positions ({@code ""}, {@code "line 3 "})
     */
    private void readRootValue(JsonParser parser, JsonToken token, RootObject rootObject, String root, Reading reading) throws IOException {
        if (token == JsonToken.START_ARRAY) {
            emitItems(parser, OcdsSource.unpackaged(reading.uri()), root, reading);
        } else if (token == JsonToken.START_OBJECT && rootObject.packaged()) {
            streamPackage(parser, packageSource(reading.uri(), rootObject.header()), root, reading);
        } else {
            emitItem(parser, OcdsSource.unpackaged(reading.uri()), root.isEmpty() ? null : root.trim(), reading);
        }
    }

    /** Streams a package's releases, or its records' embedded releases, one by one. */
    private void streamPackage(JsonParser parser, OcdsSource source, String root, Reading reading) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals("releases") && value == JsonToken.START_ARRAY) {
                emitItems(parser, source, root + "releases", reading);
            } else if (name.equals("records") && value == JsonToken.START_ARRAY) {
                int i = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    streamRecord(parser, source, root + "records[" + i++ + "]", reading);
                }
            } else {
                parser.skipChildren(); // package metadata, read in the skimming pass
            }
        }
    }

    /** A record's embedded releases, one by one; its compiled and versioned releases are compiled here again, so skipped. */
    private void streamRecord(JsonParser parser, OcdsSource source, String position, Reading reading) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            reading.problem(position, "a record must be an object", scalarText(parser));
            parser.skipChildren();
            return;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            if (parser.nextToken() == JsonToken.START_ARRAY && name.equals("releases")) {
                emitItems(parser, source, position + ".releases", reading);
            } else {
                parser.skipChildren();
            }
        }
    }

    /** The releases of the array whose start the parser stands on, each at {@code array[i]}. */
    private void emitItems(JsonParser parser, OcdsSource source, String array, Reading reading) throws IOException {
        int i = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            emitItem(parser, source, array + "[" + i++ + "]", reading);
        }
    }

    /** A release where the parser stands: copied when it is an object (within the size limit), else reported. */
    private void emitItem(JsonParser parser, OcdsSource source, String position, Reading reading) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            reading.problem(position, "a release must be a JSON object, not " + kind(parser.currentToken()), scalarText(parser));
            parser.skipChildren();
            return;
        }
        ReleaseCopier.Copied copied = reading.copier().copyObject(parser);
        if (copied.url() != null && copied.ocid() == null) {
            reading.problem(position, "a linked release (" + copied.url() + ") is not embedded; fetch it, or ingest a release package", null);
        } else if (copied.tooLarge()) {
            reading.problem(position, String.format("release%s is over the limit of %,d bytes (--max-release-size); read past, not kept",
                    copied.ocidIsText() ? " of " + copied.ocid() : "", reading.copier().maxBytes()), null);
        } else if (!copied.ocidIsText() || copied.ocid().isBlank()) {
            reading.problem(position, "a release needs an ocid (a non-empty string)", keep(copied.json()));
        } else {
            reading.releases().accept(new OcdsRelease(copied.json(), copied.ocid(), copied.id(), copied.dateIsText() ? copied.date() : null,
                    source, position));
        }
    }

    private static String kind(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> token.name().toLowerCase();
        };
    }

    /** The JSON of the scalar the parser stands on, to keep with a problem; null for an array or object. */
    private static String scalarText(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (!token.isScalarValue()) {
            return null;
        }
        return token == JsonToken.VALUE_STRING ? keep(JsonNodeFactory.instance.textNode(parser.getText()).toString()) : keep(parser.getText());
    }

    /** A root value of a document or line: a package's top-level fields other than releases or records, and whether it had those. */
    private record RootObject(ObjectNode header, boolean packaged) {
    }

    /**
     * Each root value's metadata, read in a first, skimming pass, as it may follow the releases. Each root is
     * added before it is filled, so that a document that breaks off keeps the metadata seen before the break.
     */
    private void skimRootObjects(JsonParser parser, List<RootObject> roots) throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) != null) {
            ObjectNode header = json.createObjectNode();
            int index = roots.size();
            roots.add(new RootObject(header, false));
            if (token == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if ((name.equals("releases") || name.equals("records")) && value == JsonToken.START_ARRAY) {
                        roots.set(index, new RootObject(header, true));
                        parser.skipChildren();
                    } else if (PACKAGE_METADATA.contains(name)) {
                        header.set(name, parser.readValueAsTree());
                    } else {
                        parser.skipChildren();
                    }
                }
            } else {
                parser.skipChildren();
            }
        }
    }

    private static OcdsSource packageSource(String uri, JsonNode header) {
        List<String> extensions = new ArrayList<>();
        header.path("extensions").forEach(extension -> extensions.add(extension.asText()));
        return new OcdsSource(uri, true, text(header.get("version")), text(header.path("publisher").get("name")),
                text(header.get("publishedDate")), extensions, header);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isContainerNode() ? null : node.asText();
    }

    private static String keep(String raw) {
        return raw == null || raw.length() > RAW_KEPT_CHARS ? null : raw;
    }
}
