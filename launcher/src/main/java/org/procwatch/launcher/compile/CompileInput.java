package org.procwatch.launcher.compile;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.procwatch.ingest.ocds.OcdsProblem;
import org.procwatch.ingest.ocds.OcdsReader;
import org.procwatch.ingest.ocds.OcdsSource;
import org.procwatch.schemas.json.ByteSearch;

/**
 * The releases of {@code compile}'s files, in one order every reading of them repeats (a process whose releases are
 * not together is read again). A line of JSON Lines that is a release with a string
 * {@code ocid} before any {@code releases} or {@code records} is taken as it stands, its bytes handed on unparsed
 * (the merge reads them once, on a worker); every other line and document is read by {@link OcdsReader}.
 */
final class CompileInput {

    private static final JsonFactory JSON = new JsonFactory();

    /** Where each release goes. */
    @FunctionalInterface
    interface Visitor {
        /**
         * @param json     the release's UTF-8 JSON
         * @param source   the document, or package, it came in
         * @param position where in it ({@code "line 3"}, {@code "releases[2]"}), or null
         */
        void release(String ocid, byte[] json, OcdsSource source, String position);
    }

    private final List<Path> files;

    private CompileInput(List<Path> files) {
        this.files = files;
    }

    /** The files of the paths, a folder's read recursively in name order, hidden files left out. */
    static CompileInput of(List<Path> paths) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(Files::isRegularFile)
                            .filter(file -> !file.getFileName().toString().startsWith("."))
                            .sorted()
                            .forEach(files::add);
                }
            } else {
                files.add(path);
            }
        }
        return new CompileInput(files);
    }

    /**
     * Reads every file.
     *
     * @param problems what cannot be read; the same at every reading
     * @param fileDone told the size of each file read
     */
    void read(Visitor visitor, Consumer<OcdsProblem> problems, Consumer<Long> fileDone) throws IOException {
        OcdsReader reader = new OcdsReader();
        for (Path file : files) {
            OcdsSource lines = OcdsSource.unpackaged(file.toString());
            reader.read(file, (line, length, position) -> {
                String ocid = ocidOf(line, length);
                if (ocid == null) {
                    return false;
                }
                visitor.release(ocid, Arrays.copyOf(line, length), lines, position);
                return true;
            }, release -> visitor.release(release.ocid(), release.json().getBytes(StandardCharsets.UTF_8), release.source(),
                release.position()), problems);
            fileDone.accept(Files.size(file));
        }
    }

    private static final byte[] OCID_FIRST = "{\"ocid\":\"".getBytes(StandardCharsets.US_ASCII);

    /**
     * The ocid of a compact line that starts with it, as most JSON Lines of releases do, read off the bytes; null for
     * any other line, and for an ocid with an escape or nothing in it, which the parser reads.
     */
    private static String leadingOcid(byte[] line, int length) {
        if (length < OCID_FIRST.length || !Arrays.equals(line, 0, OCID_FIRST.length, OCID_FIRST, 0, OCID_FIRST.length)) {
            return null;
        }
        int end = ByteSearch.indexOfEither(line, OCID_FIRST.length, length, (byte) '"', (byte) '\\');
        if (end == length || line[end] != '"' || end == OCID_FIRST.length) {
            return null;
        }
        String ocid = new String(line, OCID_FIRST.length, end - OCID_FIRST.length, StandardCharsets.UTF_8);
        return ocid.isBlank() ? null : ocid;
    }

    /**
     * The line's ocid, read no further than it: a non-empty string before any {@code releases} or {@code records} (a
     * package on a line, which {@link OcdsReader} reads); null when there is none, or the line breaks before it.
     */
    static String ocidOf(byte[] line, int length) {
        String leading = leadingOcid(line, length);
        if (leading != null) {
            return leading;
        }
        try (JsonParser parser = JSON.createParser(line, 0, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("ocid")) {
                    return value == JsonToken.VALUE_STRING && !parser.getText().isBlank() ? parser.getText() : null;
                }
                if (name.equals("releases") || name.equals("records")) {
                    return null;
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
