package org.procwatch.launcher.compile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.procwatch.ingest.ocds.OcdsSource;

/**
 * Where each process's releases are in {@code compile}'s input, learnt by a first reading: each release's process
 * (numbered in the order processes first appear) and each process's last release, so that the second reading can
 * compile a process as soon as its last release is read. Input grouped by ocid then holds one process at a time.
 */
final class InputIndex implements CompileInput.Visitor {

    private final Map<String, Integer> numbers = new HashMap<>();
    private final List<String> ocids = new ArrayList<>();
    private int[] processOfRelease = new int[1024];
    private int[] lastRelease = new int[1024];
    private int releases;

    @Override
    public void release(String ocid, byte[] json, OcdsSource source, String position) {
        Integer known = numbers.get(ocid);
        int process;
        if (known == null) {
            process = ocids.size();
            numbers.put(ocid, process);
            ocids.add(ocid);
            if (process == lastRelease.length) {
                lastRelease = Arrays.copyOf(lastRelease, process * 2);
            }
        } else {
            process = known;
        }
        if (releases == processOfRelease.length) {
            processOfRelease = Arrays.copyOf(processOfRelease, releases * 2);
        }
        processOfRelease[releases] = process;
        lastRelease[process] = releases;
        releases++;
    }

    int releaseCount() {
        return releases;
    }

    int processCount() {
        return ocids.size();
    }

    String ocid(int process) {
        return ocids.get(process);
    }

    int processOf(int release) {
        return processOfRelease[release];
    }

    boolean isLast(int release) {
        return lastRelease[processOfRelease[release]] == release;
    }
}
