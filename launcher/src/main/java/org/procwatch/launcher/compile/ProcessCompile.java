package org.procwatch.launcher.compile;

import java.io.PrintWriter;
import java.util.BitSet;
import java.util.List;
import org.procwatch.enrich.ocds.MergeRules;
import org.procwatch.enrich.ocds.OcdsMergeException;
import org.procwatch.enrich.ocds.ProcessTree;
import org.procwatch.ingest.text.Digest;

/**
 * One process's releases merged, as {@code compile} writes them. They are merged without a check after each; where no
 * compiled release can be made of them all (a value changed type), they are merged again one by one, each checked,
 * and those that would leave none are left out, each with the reason on standard error.
 */
final class ProcessCompile {

    /**
     * @param compiled  the compiled release's JSON, when asked for and it could be made
     * @param versioned the versioned release's JSON, when asked for and it could be made
     * @param problems  how many problems were reported
     */
    record Result(byte[] compiled, byte[] versioned, int problems) {
    }

    /** A release waiting to be merged: its JSON and where it was read, for messages. */
    record Waiting(byte[] json, String where) {
    }

    private ProcessCompile() {
    }

    static Result of(String ocid, List<Waiting> releases, MergeRules rules, boolean compiled, boolean versioned, PrintWriter err) {
        ProcessTree process = new ProcessTree(ocid, rules, versioned);
        BitSet failed = new BitSet();
        int problems = merge(releases, process, false, failed, err);
        if (process.releaseCount() == 0) {
            return new Result(null, null, problems);
        }
        try {
            return new Result(compiled ? process.compiledRelease() : null, versioned ? process.versionedRelease() : null, problems);
        } catch (OcdsMergeException e) {
            process = new ProcessTree(ocid, rules, versioned);
            problems += merge(releases, process, true, failed, err);
            byte[] compiledRelease = compiled ? process.compiledRelease() : null;
            try {
                return new Result(compiledRelease, versioned ? process.versionedRelease() : null, problems);
            } catch (OcdsMergeException versionedToo) {
                // A value's history can conflict where its latest value does not: then there is no versioned release.
                err.println("procwatch compile: " + versionedToo.getMessage());
                return new Result(compiledRelease, null, problems + 1);
            }
        }
    }

    /**
     * @param checkEach whether each merge is checked: the second pass, whose warnings the first printed already and
     *                  which skips the releases the first could not merge at all ({@code failed})
     */
    private static int merge(List<Waiting> releases, ProcessTree process, boolean checkEach, BitSet failed, PrintWriter err) {
        int problems = 0;
        for (int i = 0; i < releases.size(); i++) {
            if (failed.get(i)) {
                continue;
            }
            byte[] json = releases.get(i).json();
            try {
                if (checkEach) {
                    process.merge(json, 0, json.length, () -> Digest.sha256(json));
                } else {
                    process.mergeUnchecked(json, 0, json.length, () -> Digest.sha256(json)).warnings()
                            .forEach(warning -> err.println("procwatch compile: " + process.ocid() + ": " + warning));
                }
            } catch (OcdsMergeException e) {
                problems++;
                if (!checkEach) {
                    failed.set(i);
                }
                err.println("procwatch compile: " + releases.get(i).where() + ": " + e.getMessage());
            }
        }
        return problems;
    }
}
