package org.procwatch.enrich.topology;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.procwatch.enrich.ocds.MergeRules;
import org.procwatch.enrich.ocds.ProcessTree;

/**
 * The processes a compile task merged last, as objects, so that a process's next release, which in a backfill often
 * comes right after, is merged without reading its state from the store again. Each stands exactly as the store holds
 * it. Bounded by count and by the bytes their values keep reachable ({@link ProcessTree#heldBytes}): a process merged
 * in memory holds slices of every release it took, so one that holds many is read back from the bytes just stored,
 * which hold each value once, before it is kept.
 */
final class RecentProcesses {

    /** A process as the store holds it, and as merged in memory (null where only its stored state has been read). */
    record Known(CompileState state, ProcessTree process, MergeRules rules) {

        long weight() {
            return process == null ? 0 : process.heldBytes();
        }
    }

    private final int maxProcesses;
    private final long maxBytes;
    private final Map<String, Known> processes = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    /**
     * @param maxProcesses how many processes are kept at most
     * @param maxBytes     how many bytes of JSON they may keep reachable together
     */
    RecentProcesses(int maxProcesses, long maxBytes) {
        this.maxProcesses = maxProcesses;
        this.maxBytes = maxBytes;
    }

    /** Takes a process out, while it is merged: one that fails halfway is not put back, and is read from the store again. */
    Known take(String ocid) {
        Known known = processes.remove(ocid);
        if (known != null) {
            bytes -= known.weight();
        }
        return known;
    }

    /**
     * Keeps a process as merged and stored; where it holds more than its share of the bytes, as read back from
     * {@code stored}, or not at all where even that is too much.
     */
    void put(String ocid, CompileState stored, ProcessTree process, MergeRules rules) {
        take(ocid);
        long share = maxBytes / 8;
        ProcessTree kept = process.heldBytes() <= share ? process : stored.process(rules);
        if (kept.heldBytes() > share) {
            return;
        }
        processes.put(ocid, new Known(stored, kept, rules));
        bytes += kept.heldBytes();
        Iterator<Known> eldest = processes.values().iterator();
        while (processes.size() > maxProcesses || bytes > maxBytes) {
            bytes -= eldest.next().weight();
            eldest.remove();
        }
    }

    /** Forgets every process: the task starts over from its store (init, close), as after an aborted transaction. */
    void clear() {
        processes.clear();
        bytes = 0;
    }

    int size() {
        return processes.size();
    }

    long bytes() {
        return bytes;
    }
}
