package org.procwatch.ingest.ocds;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
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
import org.procwatch.ingest.text.ByteLines;
import org.procwatch.ingest.text.Gzip;
import org.procwatch.ingest.text.Utf8RepairingInputStream;

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
    /**
     * The longest line of JSON Lines held, by default: far beyond any release or page of a feed (Contracts Finder's
     * largest are a few megabytes), and small enough that a line of gigabytes (a compressed bomb) costs no more.
     */
    public static final int DEFAULT_MAX_LINE_BYTES = 256 * 1024 * 1024;
    /** The package fields the skimming pass keeps; a bare release's own fields are not held twice. */
    private static final Set<String> PACKAGE_METADATA = Set.of("uri", "version", "publisher", "publishedDate", "extensions", "license",
            "publicationPolicy");

    /**
     * Publishers' invalid numbers are repaired rather than rejected: leading zeros ({@code 000}) are read as
     * the number they spell, and numbers beyond a double ({@code 1e9999}) stay exact decimals, which write
     * back as valid JSON instead of {@code Infinity}.
     */
    private final ObjectMapper json = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS)
            .enable(JsonReadFeature.ALLOW_LEADING_DECIMAL_POINT_FOR_NUMBERS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final int maxLineBytes;

    /** A reader holding lines of JSON Lines up to {@link #DEFAULT_MAX_LINE_BYTES}. */
    public OcdsReader() {
        this(DEFAULT_MAX_LINE_BYTES);
    }

    /** @param maxLineBytes a longer line of JSON Lines is reported as a problem, and reading goes on with the next */
    public OcdsReader(int maxLineBytes) {
        if (maxLineBytes <= 0) {
            throw new IllegalArgumentException("the longest line must be a positive number of bytes, was " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
    }

    /** Opens the document afresh; a document may be read twice (its package metadata can follow its releases). */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    /** Reads a file. */
    public void read(Path file, Consumer<OcdsRelease> releases, Consumer<OcdsProblem> problems) throws IOException {
        read(file.toString(), () -> Files.newInputStream(file), releases, problems);
    }

    /** Reads a document, calling {@code releases} for each release in document order. */
    public void read(String uri, Opener opener, Consumer<OcdsRelease> releases, Consumer<OcdsProblem> problems) throws IOException {
        String wideEncoding = wideEncoding(opener);
        if (wideEncoding != null) {
            problems.accept(new OcdsProblem(uri, null, "the file is " + wideEncoding + " (it starts with that byte order mark); JSON "
                    + "data must be UTF-8 (RFC 8259): convert it, e.g. iconv -f " + wideEncoding + " -t UTF-8", null));
            return;
        }
        if (isJsonLines(opener)) {
            readLines(uri, opener, releases, problems);
        } else {
            readDocument(uri, opener, releases, problems);
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
    private static InputStream decoded(Opener opener) throws IOException {
        return new Utf8RepairingInputStream(Gzip.decompressIfGzipped(opener.open()));
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

    private void readLines(String uri, Opener opener, Consumer<OcdsRelease> releases, Consumer<OcdsProblem> problems) throws IOException {
        ReleaseCopier copier = new ReleaseCopier(json.getFactory());
        CompactLine compactor = new CompactLine();
        try (InputStream in = decoded(opener)) {
            ByteLines lines = new ByteLines(in, maxLineBytes);
            int number = 0;
            while (lines.next()) {
                number++;
                if (lines.isBlank()) {
                    continue;
                }
                String position = "line " + number;
                if (lines.isCut()) {
                    problems.accept(new OcdsProblem(uri, position, "the line is " + lines.fullLength() + " bytes, over the limit of "
                            + maxLineBytes + "; read past, not kept", null));
                    continue;
                }
                try {
                    readLine(uri, lines, position, copier, compactor, releases, problems);
                } catch (JsonProcessingException e) {
                    problems.accept(new OcdsProblem(uri, position, "not JSON: " + e.getOriginalMessage(), keep(line(lines))));
                }
            }
        }
    }

    /**
     * One line: a release taken as it stands where it can be (the common case, and the fast one), else
     * copied, else, for a package or an array, read whole.
     */
    private void readLine(String uri, ByteLines lines, String position, ReleaseCopier copier, CompactLine compactor,
                          Consumer<OcdsRelease> releases, Consumer<OcdsProblem> problems) throws IOException {
        try (JsonParser parser = json.createParser(lines.bytes(), 0, lines.length())) {
            if (parser.nextToken() == JsonToken.START_OBJECT) {
                CompactLine.Scanned scanned = compactor.scan(parser);
                if (scanned != null) {
                    requireEnd(parser);
                    String compacted = compactor.compact(lines.bytes(), lines.length());
                    if (compacted != null && scanned.ocid().isBlank()) {
                        problems.accept(new OcdsProblem(uri, position, "a release needs an ocid (a non-empty string)", keep(line(lines))));
                        return;
                    } else if (compacted != null) {
                        releases.accept(new OcdsRelease(compacted, scanned.ocid(), scanned.id(), scanned.date(), OcdsSource.unpackaged(uri),
                                position));
                        return;
                    }
                }
            }
        }
        try (JsonParser parser = json.createParser(lines.bytes(), 0, lines.length())) {
            JsonToken first = parser.nextToken();
            ReleaseCopier.Copied copied = first == JsonToken.START_OBJECT ? copier.copyObject(parser) : null;
            requireEnd(parser);
            if (copied != null && !copied.packaged()) {
                emitCopied(copied, OcdsSource.unpackaged(uri), position, releases, problems);
            } else {
                handleValue(uri, json.readTree(copied != null ? copied.json() : line(lines)), position, releases, problems);
            }
        }
    }

    private static void requireEnd(JsonParser parser) throws IOException {
        if (parser.nextToken() != null) {
            throw new JsonParseException(parser, "more than one JSON value on the line");
        }
    }

    private static String line(ByteLines lines) {
        return new String(lines.bytes(), 0, lines.length(), StandardCharsets.UTF_8);
    }

    /** A JSON value read whole: a package, a release, or an array of releases. */
    private void handleValue(String uri, JsonNode value, String position, Consumer<OcdsRelease> releases, Consumer<OcdsProblem> problems) {
        if (value.isArray()) {
            OcdsSource source = OcdsSource.unpackaged(uri);
            for (int i = 0; i < value.size(); i++) {
                emitRelease(value.get(i), source, position + " [" + i + "]", releases, problems);
            }
        } else if (value.isObject() && (value.has("releases") || value.has("records"))) {
            OcdsSource source = packageSource(uri, value);
            JsonNode packaged = value.path("releases");
            for (int i = 0; i < packaged.size(); i++) {
                emitRelease(packaged.get(i), source, position + " releases[" + i + "]", releases, problems);
            }
            JsonNode records = value.path("records");
            for (int i = 0; i < records.size(); i++) {
                emitRecord(records.get(i), source, position + " records[" + i + "]", releases, problems);
            }
        } else {
            emitRelease(value, OcdsSource.unpackaged(uri), position, releases, problems);
        }
    }

    private void readDocument(String uri, Opener opener, Consumer<OcdsRelease> releases, Consumer<OcdsProblem> problems) throws IOException {
        List<RootObject> roots = skimRootObjects(opener);
        ReleaseCopier copier = new ReleaseCopier(json.getFactory());
        try (JsonParser parser = json.createParser(decoded(opener))) {
            int rootIndex = 0;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                RootObject rootObject = rootIndex < roots.size() ? roots.get(rootIndex) : new RootObject(json.createObjectNode(), false);
                String root = rootIndex == 0 ? "" : "value " + (rootIndex + 1) + " ";
                if (token == JsonToken.START_ARRAY) {
                    OcdsSource source = OcdsSource.unpackaged(uri);
                    int i = 0;
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        emitItem(parser, copier, source, root + "[" + i++ + "]", releases, problems);
                    }
                } else if (token == JsonToken.START_OBJECT && rootObject.packaged()) {
                    streamPackage(parser, copier, uri, rootObject.header(), root, releases, problems);
                } else if (token == JsonToken.START_OBJECT) {
                    emitCopied(copier.copyObject(parser), OcdsSource.unpackaged(uri), root.isEmpty() ? null : root.trim(), releases, problems);
                } else {
                    problems.accept(new OcdsProblem(uri, root.isEmpty() ? null : root.trim(),
                            "a document of OCDS data holds objects or arrays, not " + parser.getText(), keep(parser.getText())));
                }
                rootIndex++;
            }
            if (rootIndex == 0) {
                problems.accept(new OcdsProblem(uri, null, "the document is empty", null));
            }
        } catch (JsonProcessingException e) {
            // Broken JSON, and JSON past the reader's limits (nesting depth, number and string lengths) alike.
            JsonLocation where = e.getLocation();
            problems.accept(new OcdsProblem(uri, where == null ? null : "line " + where.getLineNr() + ", column " + where.getColumnNr(),
                    "the document breaks off or is not valid JSON here (" + e.getOriginalMessage()
                            + "); nothing after this point is read", null));
        }
    }

    /** Streams a package's releases, or its records' embedded releases, one by one. */
    private void streamPackage(JsonParser parser, ReleaseCopier copier, String uri, ObjectNode header, String root,
                               Consumer<OcdsRelease> releases, Consumer<OcdsProblem> problems) throws IOException {
        OcdsSource source = packageSource(uri, header);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals("releases") && value == JsonToken.START_ARRAY) {
                int i = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    emitItem(parser, copier, source, root + "releases[" + i++ + "]", releases, problems);
                }
            } else if (name.equals("records") && value == JsonToken.START_ARRAY) {
                int i = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    emitRecord(parser.readValueAsTree(), source, root + "records[" + i++ + "]", releases, problems);
                }
            } else {
                parser.skipChildren(); // package metadata, read in the skimming pass
            }
        }
    }

    /** An item of a releases array: copied when it is an object, else reported. */
    private void emitItem(JsonParser parser, ReleaseCopier copier, OcdsSource source, String position,
                          Consumer<OcdsRelease> releases, Consumer<OcdsProblem> problems) throws IOException {
        if (parser.currentToken() == JsonToken.START_OBJECT) {
            emitCopied(copier.copyObject(parser), source, position, releases, problems);
        } else {
            emitRelease(parser.readValueAsTree(), source, position, releases, problems);
        }
    }

    private void emitCopied(ReleaseCopier.Copied copied, OcdsSource source, String position,
                            Consumer<OcdsRelease> releases, Consumer<OcdsProblem> problems) {
        if (!copied.ocidIsText() || copied.ocid().isBlank()) {
            problems.accept(new OcdsProblem(source.uri(), position, "a release needs an ocid (a non-empty string)", keep(copied.json())));
        } else {
            releases.accept(new OcdsRelease(copied.json(), copied.ocid(), copied.id(), copied.dateIsText() ? copied.date() : null,
                    source, position));
        }
    }

    /** A root object of a document: its top-level fields other than releases or records, and whether it had those. */
    private record RootObject(ObjectNode header, boolean packaged) {
    }

    /** Each root object's metadata, read in a first, skimming pass, as it may follow the releases. */
    private List<RootObject> skimRootObjects(Opener opener) throws IOException {
        List<RootObject> roots = new ArrayList<>();
        try (JsonParser parser = json.createParser(decoded(opener))) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                ObjectNode header = json.createObjectNode();
                boolean packaged = false;
                int index = roots.size();
                // Added before it is filled, so that a document that breaks off keeps the metadata seen before the break.
                roots.add(new RootObject(header, false));
                if (token == JsonToken.START_OBJECT) {
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String name = parser.currentName();
                        JsonToken value = parser.nextToken();
                        if ((name.equals("releases") || name.equals("records")) && value == JsonToken.START_ARRAY) {
                            packaged = true;
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
        } catch (JsonProcessingException e) {
            // The reading pass reports where the document breaks.
        }
        return roots;
    }

    private void emitRecord(JsonNode record, OcdsSource source, String position, Consumer<OcdsRelease> releases, Consumer<OcdsProblem> problems) {
        if (!record.isObject()) {
            problems.accept(new OcdsProblem(source.uri(), position, "a record must be an object", keep(record.toString())));
            return;
        }
        JsonNode embedded = record.path("releases");
        for (int i = 0; i < embedded.size(); i++) {
            JsonNode release = embedded.get(i);
            String releasePosition = position + ".releases[" + i + "]";
            if (release.isObject() && release.has("url") && !release.has("ocid")) {
                problems.accept(new OcdsProblem(source.uri(), releasePosition,
                        "a linked release (" + release.path("url").asText() + ") is not embedded; fetch it, or ingest a release package",
                        null));
            } else {
                emitRelease(release, source, releasePosition, releases, problems);
            }
        }
    }

    /** A release read as a tree (inside a record, or a package on one line). */
    private void emitRelease(JsonNode release, OcdsSource source, String position, Consumer<OcdsRelease> releases, Consumer<OcdsProblem> problems) {
        if (!release.isObject()) {
            problems.accept(new OcdsProblem(source.uri(), position, "a release must be a JSON object, not " + release.getNodeType().name().toLowerCase(),
                    keep(release.toString())));
        } else if (!release.path("ocid").isTextual() || release.path("ocid").asText().isBlank()) {
            problems.accept(new OcdsProblem(source.uri(), position, "a release needs an ocid (a non-empty string)", keep(release.toString())));
        } else {
            JsonNode id = release.get("id");
            JsonNode date = release.get("date");
            releases.accept(new OcdsRelease(release.toString(), release.get("ocid").asText(),
                    id == null || id.isNull() || id.isContainerNode() ? null : id.asText(),
                    date != null && date.isTextual() ? date.asText() : null, source, position));
        }
    }

    private static OcdsSource packageSource(String uri, JsonNode header) {
        List<String> extensions = new ArrayList<>();
        header.path("extensions").forEach(extension -> extensions.add(extension.asText()));
        return new OcdsSource(uri, true, text(header.get("version")), text(header.path("publisher").get("name")),
                text(header.get("publishedDate")), extensions);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isContainerNode() ? null : node.asText();
    }

    private static String keep(String raw) {
        return raw.length() <= RAW_KEPT_CHARS ? raw : null;
    }
}
