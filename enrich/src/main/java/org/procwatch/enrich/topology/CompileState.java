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
 * All that enrich keeps per contracting process, in one store: the OCDS version and extensions that choose its merge
 * rules, where its latest release came from, when that release was ingested, what the exposure tables last counted of
 * it (as a digest), and the process merged so far ({@link ProcessTreeCodec}), read only when asked. The compiled
 * contract is not kept: it is written again from the process when it is screened again or asked for.
 *
 * <p>Format 3: the byte {@code 3}, the version, the extensions, the source URL, the release's timestamp and the
 * exposure digest (as written by {@link StateOutput}), then the process. Formats 2 (the same without timestamp and
 * digest) and 1 (a Smile object), which enrich wrote before, are still read; a process stored in either is stored in
 * format 3 on its next release.
 */
final class CompileState {

    private static final int FORMAT = 3;
    private static final int FORMAT_WITHOUT_SCREENING = 2;
    private static final ObjectMapper SMILE = new ObjectMapper(new SmileFactory());
    /** The exposure digest of a state written before format 3: unknown, so never equal to a contract's. */
    static final long NO_DIGEST = Long.MIN_VALUE;

    private final String version;
    private final List<String> extensions;
    private final String sourceUrl;
    private final long timestamp;
    private final long exposureDigest;
    private final byte[] bytes;
    private final int processOffset;
    private final int processLength;

    private CompileState(String version, List<String> extensions, String sourceUrl, long timestamp, long exposureDigest, byte[] bytes,
                         int processOffset, int processLength) {
        this.version = version;
        this.extensions = extensions;
        this.sourceUrl = sourceUrl;
        this.timestamp = timestamp;
        this.exposureDigest = exposureDigest;
        this.bytes = bytes;
        this.processOffset = processOffset;
        this.processLength = processLength;
    }

    /**
     * The state to store after a merge; {@link #bytes} are what the store is to hold. {@code extensions} is kept as given.
     *
     * @param timestamp      the timestamp of the release record just merged, which a screening again dates from
     * @param exposureDigest {@link ExposureDigest} of the compiled contract
     */
    static CompileState encode(String version, List<String> extensions, String sourceUrl, long timestamp, long exposureDigest,
                               ProcessTree process) {
        StateOutput out = new StateOutput(8192).writeByte(FORMAT).writeString(version).writeCount(extensions.size());
        extensions.forEach(out::writeString);
        out.writeString(sourceUrl).writeLong(timestamp).writeLong(exposureDigest);
        int processOffset = out.size();
        ProcessTreeCodec.write(process, out);
        byte[] bytes = out.toByteArray();
        return new CompileState(version, extensions, sourceUrl, timestamp, exposureDigest, bytes, processOffset, bytes.length - processOffset);
    }

    static CompileState decode(byte[] bytes) {
        if (bytes.length > 0 && bytes[0] != FORMAT && bytes[0] != FORMAT_WITHOUT_SCREENING) {
            return decodeFormat1(bytes);
        }
        StateInput in = new StateInput(bytes);
        int format = in.readByte();
        String version = in.readString();
        int count = in.readCount();
        List<String> extensions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            extensions.add(in.readString());
        }
        String sourceUrl = in.readString();
        long timestamp = format == FORMAT ? in.readLong() : 0;
        long exposureDigest = format == FORMAT ? in.readLong() : NO_DIGEST;
        int processOffset = in.position();
        return new CompileState(version, extensions, sourceUrl, timestamp, exposureDigest, bytes, processOffset, bytes.length - processOffset);
    }

    private static CompileState decodeFormat1(byte[] bytes) {
        try {
            JsonNode root = SMILE.readTree(bytes);
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("a stored compile state is in no format this version knows");
            }
            List<String> extensions = new ArrayList<>();
            root.path("extensions").forEach(extension -> extensions.add(extension.asText()));
            byte[] process = root.get("process").binaryValue();
            return new CompileState(root.path("version").asText(null), extensions, root.path("sourceUrl").asText(null), 0, NO_DIGEST,
                    process, 0, process.length);
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

    /** Where the process's latest release came from. */
    String sourceUrl() {
        return sourceUrl;
    }

    /** The timestamp of the release record merged last; 0 for a state stored before format 3. */
    long timestamp() {
        return timestamp;
    }

    /** What the exposure tables last counted of the process, or {@link #NO_DIGEST}. */
    long exposureDigest() {
        return exposureDigest;
    }

    /** What the store holds. */
    byte[] bytes() {
        return bytes;
    }

    /** The process as stored, to go on merging by {@code rules}; its values are slices of the stored bytes. */
    ProcessTree process(MergeRules rules) {
        return ProcessTreeCodec.decode(bytes, processOffset, processLength, rules);
    }

    /**
     * The process as stored, to be written out and not merged further: the rules steer only merging, so its own
     * version's are enough, whatever extensions it declared.
     */
    ProcessTree processToRead() {
        return process(MergeRules.forVersion(version));
    }
}
