package org.procwatch.enrich.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.procwatch.enrich.ocds.MergeRules;
import org.procwatch.enrich.ocds.ProcessTree;
import org.procwatch.enrich.ocds.ProcessTreeCodec;
import org.procwatch.enrich.ocds.StateInput;
import org.procwatch.enrich.ocds.StateOutput;

/**
 * What the compile store keeps per contracting process: the OCDS version and extensions that choose its merge rules,
 * where its latest release came from, and the process merged so far ({@link ProcessTreeCodec}), read only when asked,
 * with the rules it is to go on merging by. Format 2: the byte {@code 2}, the version, the extensions, the source URL,
 * then the process. Format 1, which enrich wrote before, was a Smile object of the same; it is still read.
 */
final class CompileState {

    private static final int FORMAT = 2;
    private static final ObjectMapper SMILE = new ObjectMapper(new SmileFactory());

    private final String version;
    private final List<String> extensions;
    private final byte[] bytes;
    private final int processOffset;
    private final int processLength;

    private CompileState(String version, List<String> extensions, byte[] bytes, int processOffset, int processLength) {
        this.version = version;
        this.extensions = extensions;
        this.bytes = bytes;
        this.processOffset = processOffset;
        this.processLength = processLength;
    }

    /** The state to store after a merge; {@link #bytes} are what the store is to hold. {@code extensions} is kept as given. */
    static CompileState encode(String version, List<String> extensions, String sourceUrl, ProcessTree process) {
        StateOutput out = new StateOutput(8192).writeByte(FORMAT).writeString(version).writeCount(extensions.size());
        extensions.forEach(out::writeString);
        out.writeString(sourceUrl);
        int processOffset = out.size();
        ProcessTreeCodec.write(process, out);
        byte[] bytes = out.toByteArray();
        return new CompileState(version, extensions, bytes, processOffset, bytes.length - processOffset);
    }

    static CompileState decode(byte[] bytes) {
        if (bytes.length > 0 && bytes[0] != FORMAT) {
            return decodeFormat1(bytes);
        }
        StateInput in = new StateInput(bytes);
        int format = in.readByte();
        if (format != FORMAT) {
            throw new IllegalArgumentException("a stored compile state is in format " + format + ", which this version does not know");
        }
        String version = in.readString();
        int count = in.readCount();
        List<String> extensions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            extensions.add(in.readString());
        }
        in.readString(); // the source URL: where the latest release came from, for whoever reads the store; not needed to merge
        int processOffset = in.position();
        return new CompileState(version, extensions, bytes, processOffset, bytes.length - processOffset);
    }

    private static CompileState decodeFormat1(byte[] bytes) {
        try {
            JsonNode root = SMILE.readTree(bytes);
            List<String> extensions = new ArrayList<>();
            root.path("extensions").forEach(extension -> extensions.add(extension.asText()));
            byte[] process = root.get("process").binaryValue();
            return new CompileState(root.path("version").asText(null), extensions, process, 0, process.length);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read a compile state stored in format 1", e);
        }
    }

    String version() {
        return version;
    }

    List<String> extensions() {
        return extensions;
    }

    /** What the store holds. */
    byte[] bytes() {
        return bytes;
    }

    /** The process as stored, to go on merging by {@code rules}; its values are slices of the stored bytes. */
    ProcessTree process(MergeRules rules) {
        return ProcessTreeCodec.decode(bytes, processOffset, processLength, rules);
    }
}
