package org.procwatch.launcher.compile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.smile.databind.SmileMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import org.procwatch.enrich.ocds.CompiledProcess;
import org.procwatch.enrich.ocds.MergeRules;
import org.procwatch.enrich.ocds.OcdsMergeException;
import org.procwatch.ingest.text.Digest;
import org.procwatch.schemas.json.ExactNumbers;

/**
 * One process's releases merged, as {@code compile} writes them. They are merged without a check after each; where no
 * compiled release can be made of them all (a value changed type), they are merged again one by one, each checked,
 * and those that would leave none are left out, each with the reason on standard error.
 */
final class ProcessCompile {

    /** Releases wait for their process's turn as Smile bytes: a quarter of their JSON in memory, and quick to read. */
    static final ObjectMapper SMILE = ExactNumbers.exact(SmileMapper.builder()).build();

    /**
     * @param compiled  the compiled release, when asked for and it could be made
     * @param versioned the versioned release, when asked for and it could be made
     * @param problems  how many problems were reported
     */
    record Result(JsonNode compiled, JsonNode versioned, int problems) {
    }

    private ProcessCompile() {
    }

    static Result of(String ocid, List<byte[]> releases, MergeRules rules, boolean compiled, boolean versioned, PrintWriter err)
            throws IOException {
        CompiledProcess process = new CompiledProcess(ocid, rules, versioned);
        int problems = merge(ocid, releases, process, false, err);
        if (process.releaseCount() == 0) {
            return new Result(null, null, problems);
        }
        try {
            return new Result(compiled ? process.compiledRelease() : null, versioned ? process.versionedRelease() : null, problems);
        } catch (OcdsMergeException e) {
            process = new CompiledProcess(ocid, rules, versioned);
            problems = merge(ocid, releases, process, true, err);
            JsonNode compiledRelease = compiled ? process.compiledRelease() : null;
            try {
                return new Result(compiledRelease, versioned ? process.versionedRelease() : null, problems);
            } catch (OcdsMergeException versionedToo) {
                // A value's history can conflict where its latest value does not: then there is no versioned release.
                err.println("procwatch compile: " + versionedToo.getMessage());
                return new Result(compiledRelease, null, problems + 1);
            }
        }
    }

    /** @param checkEach whether each merge is checked: the second pass, whose warnings the first printed already */
    private static int merge(String ocid, List<byte[]> releases, CompiledProcess process, boolean checkEach, PrintWriter err)
            throws IOException {
        int problems = 0;
        for (byte[] bytes : releases) {
            JsonNode release = SMILE.readTree(bytes);
            try {
                List<String> warnings = checkEach ? process.merge(release, () -> Digest.sha256(bytes)).warnings()
                        : process.mergeUnchecked(release, () -> Digest.sha256(bytes)).warnings();
                if (!checkEach) {
                    warnings.forEach(warning -> err.println("procwatch compile: " + ocid + ": " + warning));
                }
            } catch (OcdsMergeException e) {
                problems++;
                err.println("procwatch compile: " + e.getMessage());
            }
        }
        return problems;
    }
}
